package dev.samlec.mech.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.testing.MutableClock;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.internal.xml.OpenSaml;
import dev.samlec.mech.testing.TestSamlObjects;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.w3c.dom.Document;

/** AuthnRequest issuing: fields, randomness and clock injection, signing, tracking. */
class AuthnRequestIssuerTest {
    private static final String SASL_ACS = "xmpp@xmpp.example.com";
    private final MutableClock clock = new MutableClock(TestSamlObjects.NOW);

    @Test
    void issueWhenDefaultsThenUnsignedPaosRequestWithAllFields() throws Exception {
        AuthnRequestIssuer issuer = issuer(null, new FixedRandom((byte) 0xab));

        IssuedAuthnRequest issued = issuer.issue(IssueOptions.defaults());
        AuthnRequest request = parse(issued.xml());

        assertThat(issued.id()).isEqualTo("_" + "ab".repeat(20)).isEqualTo(request.getID());
        assertThat(request.getVersion()).isEqualTo(SAMLVersion.VERSION_20);
        assertThat(request.getIssueInstant()).isEqualTo(TestSamlObjects.NOW).isEqualTo(issued.issueInstant());
        assertThat(request.getIssuer().getValue()).isEqualTo(TestSamlObjects.SP);
        assertThat(request.getAssertionConsumerServiceURL()).isEqualTo(SASL_ACS);
        assertThat(request.getProtocolBinding()).isEqualTo(IssueOptions.BINDING_PAOS);
        assertThat(request.getNameIDPolicy().getAllowCreate()).isTrue();
        assertThat(request.getScoping()).isNull();
        assertThat(request.isPassiveXSBoolean()).isNull();
        assertThat(request.isSigned()).isFalse();
        assertThat(issued.signed()).isFalse();
        assertThat(issued.expiresAt()).isEqualTo(TestSamlObjects.NOW.plusSeconds(300));
    }

    @Test
    void unsignedWhenNoValidationSettingsThenServiceFieldsAndNoSignature() throws Exception {
        AuthnRequestIssuer issuer = AuthnRequestIssuer.unsigned(TestSamlObjects.SP, SASL_ACS, clock,
                new FixedRandom((byte) 0x5a));

        IssuedAuthnRequest issued = issuer.issue(IssueOptions.builder().protocolBinding(IssueOptions.BINDING_SAMLEC)
                .build());
        AuthnRequest request = parse(issued.xml());

        assertThat(issued.id()).isEqualTo("_" + "5a".repeat(20));
        assertThat(request.getIssuer().getValue()).isEqualTo(TestSamlObjects.SP);
        assertThat(request.getAssertionConsumerServiceURL()).isEqualTo(SASL_ACS);
        assertThat(request.getIssueInstant()).isEqualTo(TestSamlObjects.NOW);
        assertThat(request.isSigned()).isFalse();
        assertThatThrownBy(() -> issuer.issue(IssueOptions.builder().requireSignature(true).build()))
                .isInstanceOf(EcpConfigurationException.class).hasMessageContaining("signingKey");
        assertThatThrownBy(() -> AuthnRequestIssuer.unsigned(" ", SASL_ACS, clock, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entityId");
    }

    @Test
    void issueWhenOptionsThenSamlecBindingScopingAndFlags() throws Exception {
        IssueOptions options = IssueOptions.builder().protocolBinding(IssueOptions.BINDING_SAMLEC)
                .idpList(List.of(TestSamlObjects.IDP, TestSamlObjects.IDP2)).isPassive(true).forceAuthn(true)
                .nameIdFormat(TestSamlObjects.PERSISTENT).build();

        AuthnRequest request = parse(issuer(null, new SecureRandom()).issue(options).xml());

        assertThat(request.getProtocolBinding()).isEqualTo(IssueOptions.BINDING_SAMLEC);
        assertThat(request.getScoping().getIDPList().getIDPEntrys()).extracting(e -> e.getProviderID())
                .containsExactly(TestSamlObjects.IDP, TestSamlObjects.IDP2);
        assertThat(request.isPassive()).isTrue();
        assertThat(request.isForceAuthn()).isTrue();
        assertThat(request.getNameIDPolicy().getFormat()).isEqualTo(TestSamlObjects.PERSISTENT);
    }

    @Test
    void issueWhenRsaSigningKeyThenEnvelopedRsaSha256SignatureVerifies() throws Exception {
        SigningKey key = TestCredentials.spSigning();
        IssuedAuthnRequest issued = issuer(key, new SecureRandom()).issue(IssueOptions.defaults());

        AuthnRequest request = parse(issued.xml());

        assertThat(issued.signed()).isTrue();
        assertThat(request.getSignature().getSignatureAlgorithm())
                .isEqualTo(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
        new SAMLSignatureProfileValidator().validate(request.getSignature());
        SignatureValidator.validate(request.getSignature(), new BasicX509Credential(key.certificate()));
    }

    @Test
    void issueWhenEcSigningKeyThenEcdsaSha256SignatureVerifies() throws Exception {
        SigningKey key = TestCredentials.idpEc();
        AuthnRequest request = parse(issuer(key, new SecureRandom()).issue(IssueOptions.defaults()).xml());

        assertThat(request.getSignature().getSignatureAlgorithm())
                .isEqualTo(SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA256);
        SignatureValidator.validate(request.getSignature(), new BasicX509Credential(key.certificate()));
    }

    @Test
    void issueWhenSignatureRequiredButNoKeyThenConfigurationError() {
        AuthnRequestIssuer issuer = issuer(null, new SecureRandom());

        assertThatExceptionOfType(EcpConfigurationException.class)
                .isThrownBy(() -> issuer.issue(IssueOptions.builder().requireSignature(true).build()))
                .withMessageContaining("signingKey");
    }

    @Test
    void issueWhenCalledTwiceThenDistinctIdsBothTrackedOnce() throws Exception {
        ServiceProviderSettings settings = settings(null, new SecureRandom());
        RequestTracker tracker = RequestTracker.forSettings(settings);
        AuthnRequestIssuer issuer = new AuthnRequestIssuer(settings, tracker);

        String first = issuer.issue(IssueOptions.defaults()).id();
        String second = issuer.issue(IssueOptions.defaults()).id();

        assertThat(first).isNotEqualTo(second).matches("_[0-9a-f]{40}");
        assertThat(tracker.consume(first)).isTrue();
        assertThat(tracker.consume(first)).isFalse();
        assertThat(tracker.consume(second)).isTrue();
    }

    @Test
    void issueForExchangeWhenIssuedThenNotTrackedAndExpiresAfterRequestLifetime() throws Exception {
        ServiceProviderSettings settings = settings(null, new SecureRandom());
        InMemoryRequestTracker tracker = (InMemoryRequestTracker) RequestTracker.forSettings(settings);

        IssuedAuthnRequest issued = new AuthnRequestIssuer(settings, tracker).issueForExchange(IssueOptions.defaults());

        assertThat(tracker.outstanding()).isZero();
        assertThat(tracker.consume(issued.id())).isFalse();
        assertThat(issued.expiresAt()).isEqualTo(TestSamlObjects.NOW.plus(settings.requestLifetime()));
        assertThat(parse(issued.xml()).getID()).isEqualTo(issued.id());
    }

    @Test
    void issueWhenSignWhenKeyConfiguredFalseThenSignedOnlyWhenRequired() throws Exception {
        AuthnRequestIssuer issuer = issuer(TestCredentials.spSigning(), new SecureRandom());
        IssueOptions.Builder optional = IssueOptions.builder().signWhenKeyConfigured(false);

        IssuedAuthnRequest plain = issuer.issueForExchange(optional.build());
        IssuedAuthnRequest mutual = issuer.issueForExchange(IssueOptions.builder().signWhenKeyConfigured(false)
                .requireSignature(true).build());
        IssuedAuthnRequest bound = issuer.issue(IssueOptions.builder().signWhenKeyConfigured(false)
                .channelBinding(new dev.samlec.mech.ChannelBinding("tls-exporter", new byte[] {1})).build());

        assertThat(plain.signed()).isFalse();
        assertThat(parse(plain.xml()).getSignature()).isNull();
        assertThat(mutual.signed()).isTrue();
        assertThat(bound.signed()).isTrue();
        assertThat(IssueOptions.defaults().signWhenKeyConfigured()).isTrue();
    }

    @Test
    void serviceProviderWhenIssuedRequestAnsweredThenValidated() throws Exception {
        ServiceFixture fixture = new ServiceFixture();
        SamlServiceProvider sp = new SamlServiceProvider(fixture.settings());
        IssuedAuthnRequest issued = sp.issue(IssueOptions.defaults());
        byte[] response = TestSamlObjects.signedAssertion().answering(issued.id()).bytes();

        assertThat(sp.validate(response, ValidationContext.expect(issued.id())).nameId().value()).isEqualTo("alice");
    }

    private AuthnRequest parse(byte[] xml) throws Exception {
        Document doc = SecureXmlParser.withDefaultLimit().parse(xml, "AuthnRequest");
        return (AuthnRequest) XMLObjectSupport.getUnmarshaller(doc.getDocumentElement())
                .unmarshall(doc.getDocumentElement());
    }

    private AuthnRequestIssuer issuer(SigningKey key, SecureRandom random) {
        ServiceProviderSettings settings = settings(key, random);
        return new AuthnRequestIssuer(settings, RequestTracker.forSettings(settings));
    }

    private ServiceProviderSettings settings(SigningKey key, SecureRandom random) {
        OpenSaml.ensureInitialized();
        try {
            return ServiceProviderSettings.builder().entityId(TestSamlObjects.SP).assertionConsumerServiceUrl(SASL_ACS)
                    .idpTrust(ServiceFixture.defaultTrust()).signingKey(key).clock(clock).secureRandom(random)
                    .build();
        } catch (EcpConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A "random" source that always yields the same byte, to show the ID comes from the injected source. */
    private static final class FixedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte value;

        FixedRandom(byte value) {
            this.value = value;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, value);
        }
    }
}
