package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestSamlObjects.ACS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestDom;
import dev.samlec.mech.testing.TestSamlObjects;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.StatusMessage;
import org.w3c.dom.Document;

/** attacks.md PROTO-4 and PROTO-10: Destination and Status. */
class ResponseFieldsTest {
    private final ServiceFixture fixture = new ServiceFixture();

    @Test
    void destinationWhenOtherAcsThenInvalidDestination() {
        byte[] xml = TestSamlObjects.signedResponse().destination("https://other.example.com/acs").bytes();

        assertError(EcpError.INVALID_DESTINATION, () -> fixture.validate(xml));
    }

    @Test
    void destinationWhenUrlVariantThenInvalidDestination() {
        byte[] xml = TestSamlObjects.signedResponse().destination(ACS.replace("https://sp.", "https://SP.")).bytes();

        assertError(EcpError.INVALID_DESTINATION, () -> fixture.validate(xml));
    }

    @Test
    void destinationWhenMissingOnSignedResponseThenInvalidDestination() {
        byte[] xml = TestSamlObjects.signedResponse().destination(null).bytes();

        assertError(EcpError.INVALID_DESTINATION, () -> fixture.validate(xml));
    }

    @Test
    void destinationWhenEmptyThenInvalidDestination() {
        Document doc = TestSamlObjects.signedAssertion().build();
        doc.getDocumentElement().setAttributeNS(null, "Destination", "");
        byte[] xml = TestDom.bytes(doc);

        assertError(EcpError.INVALID_DESTINATION, () -> fixture.validate(xml));
    }

    @Test
    void destinationWhenWrongOnUnsignedResponseThenInvalidDestination() {
        byte[] xml = TestSamlObjects.signedAssertion().destination("https://other.example.com/acs").bytes();

        assertError(EcpError.INVALID_DESTINATION, () -> fixture.validate(xml));
    }

    @Test
    void destinationWhenMissingOnUnsignedResponseThenAccepted() throws Exception {
        byte[] xml = TestSamlObjects.signedAssertion().destination(null).bytes();

        assertThat(fixture.validate(xml).nameId().value()).isEqualTo("alice");
    }

    @Test
    void statusWhenResponderWithSignedAssertionThenStatusNotSuccess() {
        byte[] xml = TestSamlObjects.signedBoth().statusCode(StatusCode.RESPONDER).customizeResponse(r -> {
            StatusCode sub = TestSamlObjects.create(StatusCode.DEFAULT_ELEMENT_NAME);
            sub.setValue(StatusCode.AUTHN_FAILED);
            r.getStatus().getStatusCode().setStatusCode(sub);
            StatusMessage message = TestSamlObjects.create(StatusMessage.DEFAULT_ELEMENT_NAME);
            message.setValue("bad password");
            r.getStatus().setStatusMessage(message);
        }).bytes();

        EcpException e = assertError(EcpError.STATUS_NOT_SUCCESS, () -> fixture.validate(xml));
        assertThat(e.getMessage()).contains(StatusCode.RESPONDER, StatusCode.AUTHN_FAILED, "bad password");
    }

    @Test
    void statusWhenUnsignedRequesterThenStatusNotSuccess() {
        byte[] xml = TestSamlObjects.signedAssertion().statusCode(StatusCode.REQUESTER).bytes();

        assertError(EcpError.STATUS_NOT_SUCCESS, () -> fixture.validate(xml));
    }

    @Test
    void statusWhenSuccessWithSubStatusThenAccepted() throws Exception {
        byte[] xml = TestSamlObjects.signedResponse().customizeResponse(r -> {
            StatusCode sub = TestSamlObjects.create(StatusCode.DEFAULT_ELEMENT_NAME);
            sub.setValue("urn:example:detail");
            r.getStatus().getStatusCode().setStatusCode(sub);
        }).bytes();

        assertThat(fixture.validate(xml).nameId().value()).isEqualTo("alice");
    }
}
