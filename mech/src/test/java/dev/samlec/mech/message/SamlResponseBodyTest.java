package dev.samlec.mech.message;

import static dev.samlec.mech.message.Samples.assertError;
import static dev.samlec.mech.message.Samples.parser;
import static dev.samlec.mech.message.Samples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SamlResponseBodyTest {
    private static final String DENIED = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
            + "ID=\"_resp\" InResponseTo=\"_req\"><samlp:Status>"
            + "<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Requester\">"
            + "<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:RequestDenied\"/></samlp:StatusCode>"
            + "<samlp:StatusMessage>no &amp; never</samlp:StatusMessage></samlp:Status></samlp:Response>";

    @Test
    void parseWhenDeniedThenStatusFieldsAreRead() throws EcpException {
        SamlResponseBody body = SamlResponseBody.parse(utf8(DENIED), parser());
        assertThat(body.id()).isEqualTo("_resp");
        assertThat(body.inResponseTo()).contains("_req");
        assertThat(body.issuer()).isEmpty();
        assertThat(body.statusCode()).isEqualTo("urn:oasis:names:tc:SAML:2.0:status:Requester");
        assertThat(body.subStatusCode()).contains("urn:oasis:names:tc:SAML:2.0:status:RequestDenied");
        assertThat(body.statusMessage()).contains("no & never");
        assertThat(body.isSuccess()).isFalse();
        assertThat(body.containsAssertion()).isFalse();
        assertThat(body.describeStatus()).isEqualTo("Requester/RequestDenied");
    }

    @Test
    void releaseDocumentWhenReadOutOfAnEnvelopeThenTheResponseIsTheRootAndTheBodyIsUsedUp() throws EcpException {
        SamlResponseBody body = IdpResponse.parse(Samples.bytes(Samples.IDP_RESPONSE), parser()).response().get();
        String copied = Canonical.of(body.toDocument().getDocumentElement());
        String id = body.id();

        Document released = body.releaseDocument();

        assertThat(released.getDocumentElement().getLocalName()).isEqualTo("Response");
        assertThat(released.getDocumentElement().getParentNode()).isSameAs(released);
        assertThat(Canonical.of(released.getDocumentElement())).isEqualTo(copied);
        assertThat(body.id()).as("values read at parse time").isEqualTo(id);
        assertThatThrownBy(body::toDocument).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("releaseDocument");
        assertThatThrownBy(body::releaseDocument).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(body::toBytes).as("bytes not written before the release")
                .isInstanceOf(IllegalStateException.class);
    }

    /** Found by review: equals and hashCode wrote the bytes, so they threw once the document was released. */
    @Test
    void equalsAndHashCodeWhenReleasedThenNoThrowAndEqualOnlyToItself() throws EcpException {
        PaosResponse released = PaosResponse.parse(Samples.bytes(Samples.SP_RESPONSE), parser());
        PaosResponse held = PaosResponse.parse(Samples.bytes(Samples.SP_RESPONSE), parser());
        SamlResponseBody body = released.response().orElseThrow();
        int hash = body.hashCode();
        int envelopeHash = released.hashCode();

        body.releaseDocument();

        assertThat(body.hashCode()).isEqualTo(hash);
        assertThat(released.hashCode()).isEqualTo(envelopeHash);
        assertThat(body).isEqualTo(body).isNotEqualTo(held.response().orElseThrow());
        assertThat(held.response().orElseThrow()).isNotEqualTo(body);
        assertThat(released).isNotEqualTo(held);
        assertThat(held).isNotEqualTo(released);
        assertThat(held.hashCode()).isEqualTo(envelopeHash);
    }

    @Test
    void releaseDocumentWhenBytesWrittenBeforeThenTheyStayReadable() throws EcpException {
        SamlResponseBody body = IdpResponse.parse(Samples.bytes(Samples.IDP_RESPONSE), parser()).response().get();
        byte[] bytes = body.toBytes();

        body.releaseDocument();

        assertThat(body.toBytes()).isEqualTo(bytes);
    }

    @Test
    void parseWhenRoundTrippedThenEqual() throws EcpException {
        SamlResponseBody body = IdpResponse.parse(Samples.bytes(Samples.IDP_RESPONSE), parser()).response().get();
        SamlResponseBody again = SamlResponseBody.parse(body.toBytes(), parser());
        assertThat(again).usingRecursiveComparison()
                .withEqualsForType(SamlResponseBody::equals, SamlResponseBody.class).isEqualTo(body);
        assertThat(again).isEqualTo(body);
        assertThat(again.isSuccess()).isTrue();
        assertThat(again.containsAssertion()).isTrue();
        assertThat(again.toString()).doesNotContain("alice");
    }

    @Test
    void parseWhenStatusMissingThenMalformed() {
        String noStatus = DENIED.replaceAll("<samlp:Status>.*</samlp:Status>", "");
        assertError(EcpError.MALFORMED_MESSAGE, () -> SamlResponseBody.parse(utf8(noStatus), parser()));
    }

    @Test
    void parseWhenStatusCodeHasNoValueThenMalformed() {
        String noValue = DENIED.replace("Value=\"urn:oasis:names:tc:SAML:2.0:status:Requester\"", "");
        assertError(EcpError.MALFORMED_MESSAGE, () -> SamlResponseBody.parse(utf8(noValue), parser()));
    }

    @Test
    void parseWhenRootIsNotResponseThenMalformed() {
        assertError(EcpError.MALFORMED_MESSAGE, () -> SamlResponseBody.parse(
                utf8(DENIED.replace("samlp:Response", "samlp:ArtifactResponse")), parser()));
    }
}
