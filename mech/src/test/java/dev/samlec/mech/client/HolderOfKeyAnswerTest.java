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
        HolderOfKeyAnswer.requireBoundTo(response, MINE, acceptEncrypted, steps::add);
    }

    private boolean acceptEncrypted;

    private static String assertion(String... confirmations) {
        return "<saml:Assertion ID=\"_a\" Version=\"2.0\" IssueInstant=\"2026-12-07T00:00:00Z\">"
                + "<saml:Issuer>https://idp.example.org</saml:Issuer><saml:Subject><saml:NameID>alice</saml:NameID>"
                + String.join("", confirmations) + "</saml:Subject></saml:Assertion>";
    }

    private static String holderOfKey(X509Certificate certificate) throws Exception {
        return holderOfKeyWith("<ds:KeyInfo>" + x509(certificate) + "</ds:KeyInfo>");
    }

    /** A holder-of-key confirmation whose KeyInfoConfirmationDataType holds {@code content}. */
    private static String holderOfKeyWith(String content) {
        return "<saml:SubjectConfirmation Method=\"" + HOK + "\"><saml:SubjectConfirmationData"
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\""
                + " xsi:type=\"saml:KeyInfoConfirmationDataType\">" + content + "</saml:SubjectConfirmationData>"
                + "</saml:SubjectConfirmation>";
    }

    private static String x509(X509Certificate certificate) throws Exception {
        return "<ds:X509Data><ds:X509Certificate>" + Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
                + "</ds:X509Certificate></ds:X509Data>";
    }

    private static String keyValue(X509Certificate certificate) {
        java.security.interfaces.RSAPublicKey key = (java.security.interfaces.RSAPublicKey) certificate.getPublicKey();
        return "<ds:KeyValue><ds:RSAKeyValue><ds:Modulus>" + unsigned(key.getModulus()) + "</ds:Modulus><ds:Exponent>"
                + unsigned(key.getPublicExponent()) + "</ds:Exponent></ds:RSAKeyValue></ds:KeyValue>";
    }

    private static String unsigned(java.math.BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getEncoder().encodeToString(bytes);
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

        assertThat(steps).containsExactly("the IdP's assertion is holder-of-key bound to your key alone");
    }

    @Test
    void requireBoundToWhenBearerOnlyThenRefusedNamingTheMethod() {
        assertThat(refused(assertion(bearer())).getMessage()).contains("Method '" + BEARER + "'");
    }

    @Test
    void requireBoundToWhenHolderOfKeyForAnotherKeyThenRefused() throws Exception {
        assertThat(refused(assertion(holderOfKey(OTHER))).getMessage())
                .contains("a holder-of-key SubjectConfirmation naming another key");
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
    void requireBoundToWhenCertificateUnreadableThenNoReadableKey() {
        assertThat(refused(assertion(holderOfKeyWith("<ds:KeyInfo><ds:X509Data><ds:X509Certificate>"
                + "bm90IGEgY2VydGlmaWNhdGU=</ds:X509Certificate></ds:X509Data></ds:KeyInfo>"))).getMessage())
                .contains("naming no readable key");
    }

    @Test
    void requireBoundToWhenMyKeyAsKeyValueThenAccepted() throws Exception {
        check(assertion(holderOfKeyWith("<ds:KeyInfo>" + keyValue(MINE) + "</ds:KeyInfo>")));
    }

    @Test
    void requireBoundToWhenOtherKeyValueAndMyCertificateOutsideKeyInfoThenRefused() throws Exception {
        // the service reads KeyInfo only: a certificate of mine in a decoy element binds nothing
        String decoy = "<ds:KeyInfo>" + keyValue(OTHER) + "</ds:KeyInfo><x:Decoy xmlns:x=\"urn:example\">"
                + x509(MINE) + "</x:Decoy>";

        assertThat(refused(assertion(holderOfKeyWith(decoy))).getMessage()).contains("naming another key");
    }

    @Test
    void requireBoundToWhenMyKeyBesideAnotherThenRefused() throws Exception {
        for (String both : List.of("<ds:KeyInfo>" + x509(MINE) + x509(OTHER) + "</ds:KeyInfo>",
                "<ds:KeyInfo>" + x509(MINE) + keyValue(OTHER) + "</ds:KeyInfo>",
                "<ds:KeyInfo>" + x509(MINE) + "</ds:KeyInfo><ds:KeyInfo>" + x509(OTHER) + "</ds:KeyInfo>")) {
            assertThat(refused(assertion(holderOfKeyWith(both))).getMessage())
                    .contains("naming another key beside yours");
        }
    }

    @Test
    void requireBoundToWhenNoKeyInfoOrOnlyAKeyNameThenRefused() {
        for (String nothing : List.of("", "<ds:KeyInfo><ds:KeyName>alice</ds:KeyName></ds:KeyInfo>")) {
            assertThat(refused(assertion(holderOfKeyWith(nothing))).getMessage())
                    .contains("naming no readable key");
        }
    }

    @Test
    void requireBoundToWhenMethodHasLineSeparatorsThenTheyAreNotRepeated() {
        String method = "urn:x\u2028samlec: login OK\u202e";
        String confirmation = "<saml:SubjectConfirmation Method=\"" + method + "\"/>";

        assertThat(refused(assertion(confirmation)).getMessage()).doesNotContain("\u2028", "\u202e");
    }

    @Test
    void requireBoundToWhenAssertionEncryptedThenRefusedUnlessAcceptedUnchecked() throws Exception {
        String encrypted = "<saml:EncryptedAssertion><xenc:EncryptedData"
                + " xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\"/></saml:EncryptedAssertion>";
        assertThat(refused(encrypted).getMessage()).contains("an encrypted assertion");

        acceptEncrypted = true;
        check(encrypted);

        assertThat(steps).singleElement().asString().contains("encrypted").contains("checked by the service only");
    }
}
