package dev.samlec.mech.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.SamlResponseBody;
import dev.samlec.mech.testing.TestCredentials;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's check that the IdP answered a holder-of-key request with assertions bound to the client's key only:
 * each rule has a Response that only it refuses.
 */
class HolderOfKeyAnswerTest {
    private static final String HOK = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key";
    private static final String BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
    private static final X509Certificate MINE = TestCredentials.spSigning().certificate();
    private static final X509Certificate OTHER = TestCredentials.attacker().certificate();

    private final List<String> steps = new ArrayList<>();

    private void check(String responseBody) throws EcpException {
        String xml = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
                + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_r\" Version=\"2.0\""
                + " IssueInstant=\"2026-12-07T00:00:00Z\"><saml:Issuer>https://idp.example.org</saml:Issuer>"
                + "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/>"
                + "</samlp:Status>" + responseBody + "</samlp:Response>";
        SamlResponseBody response = SamlResponseBody.parse(xml.getBytes(StandardCharsets.UTF_8),
                SecureXmlParser.withDefaultLimit());
        HolderOfKeyAnswer.requireBoundTo(response, MINE, steps::add);
    }

    private static String assertion(String... confirmations) {
        return "<saml:Assertion ID=\"_a\" Version=\"2.0\" IssueInstant=\"2026-12-07T00:00:00Z\">"
                + "<saml:Issuer>https://idp.example.org</saml:Issuer><saml:Subject><saml:NameID>alice</saml:NameID>"
                + String.join("", confirmations) + "</saml:Subject></saml:Assertion>";
    }

    private static String holderOfKey(X509Certificate certificate) throws Exception {
        return "<saml:SubjectConfirmation Method=\"" + HOK + "\"><saml:SubjectConfirmationData"
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:type=\"saml:KeyInfoConfirmationDataType\"><ds:KeyInfo"
                + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:X509Data><ds:X509Certificate>"
                + Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
                + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></saml:SubjectConfirmationData>"
                + "</saml:SubjectConfirmation>";
    }

    private static String bearer() {
        return "<saml:SubjectConfirmation Method=\"" + BEARER + "\"><saml:SubjectConfirmationData"
                + " Recipient=\"https://sp.example.org/acs\"/></saml:SubjectConfirmation>";
    }

    private EcpException refused(String responseBody) {
        EcpException e = catchThrowableOfType(EcpException.class, () -> check(responseBody));
        assertThat(e).isNotNull();
        assertThat(e.error()).isEqualTo(EcpError.INVALID_SUBJECT_CONFIRMATION);
        assertThat(e.getMessage()).contains("nothing was sent to the service");
        return e;
    }

    @Test
    void requireBoundToWhenHolderOfKeyForMyKeyThenAccepted() throws Exception {
        check(assertion(holderOfKey(MINE)));

        assertThat(steps).containsExactly("the IdP's assertion is holder-of-key bound to your key");
    }

    @Test
    void requireBoundToWhenBearerOnlyThenRefusedNamingTheMethod() {
        assertThat(refused(assertion(bearer())).getMessage()).contains("Method '" + BEARER + "'");
    }

    @Test
    void requireBoundToWhenHolderOfKeyForAnotherKeyThenRefused() throws Exception {
        assertThat(refused(assertion(holderOfKey(OTHER))).getMessage())
                .contains("a holder-of-key SubjectConfirmation for another key");
    }

    @Test
    void requireBoundToWhenAlsoBearerBesideMyKeyThenRefused() throws Exception {
        refused(assertion(holderOfKey(MINE), bearer()));
    }

    @Test
    void requireBoundToWhenOneOfTwoAssertionsIsBearerThenRefused() throws Exception {
        refused(assertion(holderOfKey(MINE)) + assertion(bearer()));
    }

    @Test
    void requireBoundToWhenNoSubjectConfirmationThenRefused() {
        assertThat(refused(assertion()).getMessage()).contains("no SubjectConfirmation");
    }

    @Test
    void requireBoundToWhenCertificateUnreadableThenNotMyKey() {
        String garbled = "<saml:SubjectConfirmation Method=\"" + HOK + "\"><saml:SubjectConfirmationData>"
                + "<ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:X509Data><ds:X509Certificate>"
                + "bm90IGEgY2VydGlmaWNhdGU=</ds:X509Certificate></ds:X509Data></ds:KeyInfo>"
                + "</saml:SubjectConfirmationData></saml:SubjectConfirmation>";

        refused(assertion(garbled));
    }

    @Test
    void requireBoundToWhenKeyInfoHasNoCertificateThenLeftToTheService() throws Exception {
        String keyValue = "<saml:SubjectConfirmation Method=\"" + HOK + "\"><saml:SubjectConfirmationData>"
                + "<ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:KeyValue/></ds:KeyInfo>"
                + "</saml:SubjectConfirmationData></saml:SubjectConfirmation>";

        check(assertion(keyValue));
    }

    @Test
    void requireBoundToWhenAssertionEncryptedThenLeftToTheServiceAndSaid() throws Exception {
        check("<saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\"/>"
                + "</saml:EncryptedAssertion>");

        assertThat(steps).singleElement().asString().contains("encrypted").contains("checked by the service only");
    }
}
