package dev.samlec.mech.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.samlec.mech.ChannelBinding;
import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.internal.xml.OpenSaml;
import dev.samlec.mech.internal.xml.XmlWriter;
import dev.samlec.mech.message.AuthnRequestBody;
import dev.samlec.mech.message.EcpNamespaces;
import dev.samlec.mech.testing.MutableClock;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.ext.saml2cb.ChannelBindings;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** SAML-EC request options: the signed channel-binding Extensions and the delegation Conditions. */
class AuthnRequestChannelBindingTest {
    private static final ChannelBinding CB = new ChannelBinding(ChannelBinding.TLS_SERVER_END_POINT,
            "p=tls-server-end-point,a=alice,\u0001\u0002\u00ff".getBytes(StandardCharsets.ISO_8859_1));

    private final MutableClock clock = new MutableClock(TestSamlObjects.NOW);

    @Test
    void issueWhenChannelBindingThenSignedExtensionsRoundTrip() throws Exception {
        SigningKey key = TestCredentials.spSigning();
        IssuedAuthnRequest issued = issuer(key).issue(IssueOptions.builder()
                .protocolBinding(IssueOptions.BINDING_SAMLEC).channelBinding(CB).build());

        AuthnRequest request = unmarshal(parse(issued.xml()));

        assertThat(issued.signed()).isTrue();
        List<XMLObject> extensions = request.getExtensions().getUnknownXMLObjects();
        assertThat(extensions).hasSize(1).first().isInstanceOf(ChannelBindings.class);
        ChannelBindings cb = (ChannelBindings) extensions.get(0);
        assertThat(cb.getType()).isEqualTo(CB.type());
        assertThat(new ChannelBinding(cb.getType(), Base64.getDecoder().decode(cb.getValue()))).isEqualTo(CB);
        new SAMLSignatureProfileValidator().validate(request.getSignature());
        SignatureValidator.validate(request.getSignature(), new BasicX509Credential(key.certificate()));
        assertThat(AuthnRequestBody.parse(issued.xml(), SecureXmlParser.withDefaultLimit()).signed()).isTrue();
    }

    @Test
    void issueWhenChannelBindingThenSignatureCoversTheExtensions() throws Exception {
        SigningKey key = TestCredentials.spSigning();
        IssuedAuthnRequest issued = issuer(key).issue(IssueOptions.builder().channelBinding(CB).build());
        Document doc = parse(issued.xml());
        Element cb = (Element) doc.getElementsByTagNameNS(EcpNamespaces.CB, "ChannelBindings").item(0);
        cb.setTextContent(Base64.getEncoder().encodeToString("p=tls-server-end-point,a=mallory,".getBytes(
                StandardCharsets.US_ASCII)));

        AuthnRequest tampered = unmarshal(parse(XmlWriter.toBytes(doc)));

        assertThatExceptionOfType(SignatureException.class).isThrownBy(() -> SignatureValidator.validate(
                tampered.getSignature(), new BasicX509Credential(key.certificate())));
    }

    @Test
    void issueWhenChannelBindingWithoutSigningKeyThenConfigurationError() {
        IssueOptions options = IssueOptions.builder().channelBinding(CB).build();

        assertThat(options.requireSignature()).isTrue();
        assertThatExceptionOfType(EcpConfigurationException.class).isThrownBy(() -> issuer(null).issue(options))
                .withMessageContaining("signingKey").withMessageContaining("channel binding");
    }

    @Test
    void issueWhenDelegationRequestedThenConditionsNameTheDelegationAudience() throws Exception {
        IssuedAuthnRequest issued = issuer(null).issue(IssueOptions.builder().requestDelegation(true).build());

        AuthnRequest request = unmarshal(parse(issued.xml()));

        assertThat(request.getConditions().getAudienceRestrictions()).hasSize(1);
        assertThat(request.getConditions().getAudienceRestrictions().get(0).getAudiences())
                .extracting(a -> a.getURI()).containsExactly(IssueOptions.DELEGATION_AUDIENCE);
        assertThat(IssueOptions.DELEGATION_AUDIENCE).isEqualTo("urn:oasis:names:tc:SAML:2.0:conditions:delegation");
        assertThat(request.getExtensions()).isNull();
    }

    @Test
    void issueWhenDefaultsThenNoExtensionsNoConditions() throws Exception {
        IssueOptions defaults = IssueOptions.defaults();
        AuthnRequest request = unmarshal(parse(issuer(TestCredentials.spSigning()).issue(defaults).xml()));

        assertThat(defaults.channelBinding()).isEmpty();
        assertThat(defaults.requestDelegation()).isFalse();
        assertThat(defaults.requireSignature()).isFalse();
        assertThat(request.getExtensions()).isNull();
        assertThat(request.getConditions()).isNull();
    }

    @Test
    void optionsWhenBothSetThenGettersReturnThem() {
        IssueOptions options = IssueOptions.builder().channelBinding(CB).requestDelegation(true).build();

        assertThat(options.channelBinding()).contains(CB);
        assertThat(options.requestDelegation()).isTrue();
    }

    private static Document parse(byte[] xml) throws EcpException {
        return SecureXmlParser.withDefaultLimit().parse(xml, "AuthnRequest");
    }

    private static AuthnRequest unmarshal(Document doc) throws Exception {
        return (AuthnRequest) XMLObjectSupport.getUnmarshaller(doc.getDocumentElement())
                .unmarshall(doc.getDocumentElement());
    }

    private AuthnRequestIssuer issuer(SigningKey key) throws EcpConfigurationException {
        OpenSaml.ensureInitialized();
        ServiceProviderSettings settings = ServiceProviderSettings.builder().entityId(TestSamlObjects.SP)
                .assertionConsumerServiceUrl("ldap@localhost").idpTrust(ServiceFixture.defaultTrust())
                .signingKey(key).clock(clock).secureRandom(new SecureRandom()).build();
        return new AuthnRequestIssuer(settings, RequestTracker.forSettings(settings));
    }
}
