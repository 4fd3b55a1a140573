package dev.samlec.mech.service;

import static dev.samlec.mech.service.ChannelBindingValidationTest.CB;
import static dev.samlec.mech.service.ChannelBindingValidationTest.WITH_CB;
import static dev.samlec.mech.service.ChannelBindingValidationTest.encode;
import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestSamlObjects.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.ChannelBinding;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.internal.xml.XmlWriter;
import dev.samlec.mech.message.EcpNamespaces;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestSamlObjects;
import javax.xml.XMLConstants;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.ext.saml2cb.ChannelBindings;
import org.opensaml.saml.saml2.core.Extensions;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Where a channel binding counts: only as a direct child of the Advice of the one (signed) assertion, exactly once
 * per type. Bindings anywhere else, several of the expected type, or added after signing are refused.
 */
class ChannelBindingPlacementTest {
    private static final String WRAPPER_NS = "urn:example:wrapper";

    private final ServiceFixture fixture = new ServiceFixture();

    @Test
    void validateWhenSecondBindingOfSameTypeHasOtherValueThenMismatch() {
        ChannelBinding other = ChannelBindingValidationTest.binding(CB.type(), "p=tls-exporter,,", (byte) 8);
        byte[] correctFirst = TestSamlObjects.signedAssertion().channelBindingInAdvice(CB)
                .channelBindingInAdvice(other).bytes();
        byte[] correctSecond = TestSamlObjects.signedAssertion().channelBindingInAdvice(other)
                .channelBindingInAdvice(CB).bytes();

        assertError(EcpError.CHANNEL_BINDING_MISMATCH, () -> fixture.validate(correctFirst, WITH_CB));
        assertError(EcpError.CHANNEL_BINDING_MISMATCH, () -> new ServiceFixture().validate(correctSecond, WITH_CB));
    }

    @Test
    void validateWhenSameBindingTwiceThenMismatchBecauseAmbiguous() {
        byte[] xml = TestSamlObjects.signedAssertion().channelBindingInAdvice(CB).channelBindingInAdvice(CB).bytes();

        EcpException e = assertError(EcpError.CHANNEL_BINDING_MISMATCH, () -> fixture.validate(xml, WITH_CB));
        assertThat(e.getMessage()).contains("exactly one", "saw 2");
    }

    @Test
    void validateWhenSecondTopLevelAssertionLacksBindingThenRefusedByStructure() {
        byte[] xml = TestSamlObjects.signedResponse().channelBindingInAdvice(CB)
                .editResponseDomBeforeSigning(ChannelBindingPlacementTest::appendCopyWithoutAdvice).bytes();

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(xml, WITH_CB));
    }

    @Test
    void validateWhenBindingOnlyInSignedResponseExtensionsThenMismatch() {
        byte[] xml = TestSamlObjects.signedResponse().customizeResponse(r -> r.setExtensions(extensionsWith(CB)))
                .bytes();

        assertThat(XmlWriter.toString(parse(xml))).contains("ChannelBindings");
        assertError(EcpError.CHANNEL_BINDING_MISMATCH, () -> fixture.validate(xml, WITH_CB));
    }

    @Test
    void validateWhenBindingWrappedInsideAdviceThenMismatch() {
        byte[] xml = TestSamlObjects.signedAssertion().channelBindingInAdvice(CB)
                .editAssertionDomBeforeSigning(ChannelBindingPlacementTest::wrapBinding).bytes();

        assertError(EcpError.CHANNEL_BINDING_MISMATCH, () -> fixture.validate(xml, WITH_CB));
    }

    @Test
    void validateWhenBindingOnlyInAssertionNestedInAdviceThenMismatch() {
        byte[] xml = TestSamlObjects.signedAssertion().channelBindingInAdvice(CB)
                .editAssertionDomBeforeSigning(ChannelBindingPlacementTest::moveBindingIntoNestedAssertion).bytes();

        assertError(EcpError.CHANNEL_BINDING_MISMATCH, () -> fixture.validate(xml, WITH_CB));
    }

    @Test
    void validateWhenBindingAddedAfterSigningThenInvalidSignature() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element assertion = child(doc.getDocumentElement(), EcpNamespaces.SAML, "Assertion");
        Element advice = doc.createElementNS(EcpNamespaces.SAML, "saml2:Advice");
        Element cb = doc.createElementNS(EcpNamespaces.CB, "cb:ChannelBindings");
        cb.setAttributeNS(null, "Type", CB.type());
        cb.setTextContent(encode(CB.value()));
        advice.appendChild(cb);
        assertion.insertBefore(advice, child(assertion, EcpNamespaces.SAML, "AuthnStatement"));

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(XmlWriter.toBytes(doc), WITH_CB));
    }

    @Test
    void orderWhenIssuerAndBindingBadThenIssuerFirst() {
        byte[] xml = TestSamlObjects.signedAssertion().responseIssuer("https://other.example/idp").bytes();

        assertError(EcpError.INVALID_ISSUER, () -> fixture.validate(xml, WITH_CB));
    }

    @Test
    void orderWhenBindingAndDestinationBadThenBindingFirstAndRequestIdNotConsumed() throws EcpException {
        byte[] xml = TestSamlObjects.signedResponse().destination("https://evil.example/").bytes();

        assertError(EcpError.CHANNEL_BINDING_MISMATCH, () -> fixture.validate(xml, WITH_CB));
        assertThat(fixture.tracker().consume(REQUEST_ID)).isTrue();
    }

    private static Extensions extensionsWith(ChannelBinding binding) {
        ChannelBindings cb = TestSamlObjects.create(ChannelBindings.DEFAULT_ELEMENT_NAME);
        cb.setType(binding.type());
        cb.setValue(encode(binding.value()));
        Extensions extensions = TestSamlObjects.create(Extensions.DEFAULT_ELEMENT_NAME);
        extensions.getUnknownXMLObjects().add(cb);
        return extensions;
    }

    private static void appendCopyWithoutAdvice(Element response) {
        Element assertion = child(response, EcpNamespaces.SAML, "Assertion");
        Element copy = (Element) assertion.cloneNode(true);
        copy.setAttributeNS(null, "ID", "_second-assertion");
        copy.removeChild(child(copy, EcpNamespaces.SAML, "Advice"));
        response.appendChild(copy);
    }

    private static void wrapBinding(Element assertion) {
        Element advice = child(assertion, EcpNamespaces.SAML, "Advice");
        Element cb = child(advice, EcpNamespaces.CB, "ChannelBindings");
        Element wrapper = assertion.getOwnerDocument().createElementNS(WRAPPER_NS, "w:Wrapper");
        wrapper.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:w", WRAPPER_NS);
        advice.replaceChild(wrapper, cb);
        wrapper.appendChild(cb);
    }

    private static void moveBindingIntoNestedAssertion(Element assertion) {
        Element nested = (Element) assertion.cloneNode(true);
        nested.setAttributeNS(null, "ID", "_nested-assertion");
        Element advice = child(assertion, EcpNamespaces.SAML, "Advice");
        advice.removeChild(child(advice, EcpNamespaces.CB, "ChannelBindings"));
        advice.appendChild(nested);
        // Changing the clone's ID unregistered the shared value; the outer assertion must stay resolvable to sign.
        assertion.setIdAttributeNS(null, "ID", true);
    }

    private static Element child(Element parent, String ns, String local) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ns.equals(n.getNamespaceURI()) && local.equals(n.getLocalName())) {
                return (Element) n;
            }
        }
        throw new IllegalStateException("no " + local + " in " + parent.getLocalName());
    }

    private static Document parse(byte[] xml) {
        try {
            return SecureXmlParser.withDefaultLimit().parse(xml, "test");
        } catch (EcpException e) {
            throw new IllegalStateException(e);
        }
    }
}
