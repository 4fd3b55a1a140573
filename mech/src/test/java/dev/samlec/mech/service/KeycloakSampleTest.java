package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.Pem;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.internal.xml.XmlWriter;
import dev.samlec.mech.testing.MutableClock;
import dev.samlec.mech.internal.xml.OpenSaml;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Interop: the real Response Keycloak 26.7.3 sent to a Shibboleth SP during a captured ECP login
 * (/work/shared/peers/samples), validated at the time it was issued with Keycloak's signing certificate.
 */
class KeycloakSampleTest {
    private static final String KEYCLOAK = "http://127.0.0.1:8080/realms/ecp";
    private static final String SP = "http://127.0.0.1:8081/shibboleth";
    private static final String ACS = "http://127.0.0.1:8081/Shibboleth.sso/SAML2/ECP";
    private static final String REQUEST_ID = "_d4faa06ec25af0b48b03adbb25a7332a";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T12:11:20Z"));
    private ResponseValidator validator;
    private RequestTracker tracker;

    @BeforeEach
    void setUp() throws Exception {
        OpenSaml.ensureInitialized();
        Element response = responseElement("kc-shib.idp-resp.xml");
        ServiceProviderSettings settings = ServiceProviderSettings.builder().entityId(SP)
                .assertionConsumerServiceUrl(ACS)
                .idpTrust(IdpTrust.of(KEYCLOAK, List.of(keycloakCertificate(response))))
                .clock(clock).build();
        tracker = RequestTracker.forSettings(settings);
        tracker.track(REQUEST_ID);
        validator = new ResponseValidator(settings, tracker);
    }

    @Test
    void validateWhenKeycloakResponseThenAccepted() throws Exception {
        SamlIdentity identity = validator.validate(XmlWriter.standalone(responseElement("kc-shib.idp-resp.xml")),
                ValidationContext.expect(REQUEST_ID));

        assertThat(identity.nameId().value()).isEqualTo("alice");
        assertThat(identity.nameId().format()).contains("urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified");
        assertThat(identity.issuer()).isEqualTo(KEYCLOAK);
        assertThat(identity.authnContextClassRef()).contains("urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified");
        assertThat(identity.sessionIndex()).hasValueSatisfying(s -> assertThat(s).startsWith("ky_"));
        assertThat(identity.expiry()).isEqualTo(Instant.parse("2026-11-22T12:12:13.878Z"));
    }

    @Test
    void validateWhenKeycloakResponseReplayedLaterThenRejected() throws Exception {
        byte[] xml = XmlWriter.standalone(responseElement("kc-shib.idp-resp.xml"));
        clock.set(Instant.parse("2026-11-22T12:16:00Z"));

        assertError(EcpError.ASSERTION_EXPIRED, () -> validator.validate(xml, ValidationContext.expect(REQUEST_ID)));
    }

    @Test
    void validateWhenKeycloakWrongPasswordAnswerThenStatusNotSuccess() throws Exception {
        byte[] xml = XmlWriter.standalone(responseElement("kc.wrong-password.idp-resp.xml"));

        EcpException e = assertError(EcpError.STATUS_NOT_SUCCESS,
                () -> validator.validate(xml, ValidationContext.expect(REQUEST_ID)));
        assertThat(e.getMessage()).contains("Responder", "NoPassive");
    }

    private static Element responseElement(String resource) throws Exception {
        try (InputStream in = KeycloakSampleTest.class.getResourceAsStream(resource)) {
            Document envelope = SecureXmlParser.withDefaultLimit().parse(in.readAllBytes(), resource);
            return (Element) envelope.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:protocol", "Response")
                    .item(0);
        }
    }

    /** The certificate Keycloak put in its KeyInfo, configured here as the trusted one (as its metadata says). */
    private static X509Certificate keycloakCertificate(Element response) throws Exception {
        String base64 = response.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "X509Certificate")
                .item(0).getTextContent();
        return Pem.parseCertificates("-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n",
                "keycloak").get(0);
    }
}
