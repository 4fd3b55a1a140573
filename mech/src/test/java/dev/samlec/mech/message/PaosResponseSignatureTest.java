package dev.samlec.mech.message;

import static dev.samlec.mech.message.Samples.parser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import org.apache.xml.security.Init;
import org.apache.xml.security.signature.XMLSignature;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The strongest check that splicing keeps the IdP's response intact: Keycloak's real signatures (on the Response
 * and on the Assertion) still verify with Keycloak's certificate after samlec has moved the Response into its own
 * PAOS envelope.
 */
class PaosResponseSignatureTest {

    private static PaosResponse spliced() throws EcpException {
        PaosRequest challenge = PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), parser());
        IdpResponse idp = IdpResponse.parse(Samples.bytes(Samples.IDP_RESPONSE), parser());
        return PaosResponse.of(challenge, idp.response().orElseThrow());
    }

    private static boolean verifies(byte[] envelope) throws Exception {
        Init.init();
        X509Certificate keycloak = Samples.keycloakCertificate();
        Document doc = Canonical.dom(envelope);
        Element response = Canonical.bodyChild(doc);
        Element assertion = Canonical.child(response, EcpNamespaces.SAML, "Assertion");
        response.setIdAttributeNS(null, "ID", true);
        assertion.setIdAttributeNS(null, "ID", true);
        boolean responseOk = new XMLSignature(Canonical.child(response, EcpNamespaces.DS, "Signature"), "")
                .checkSignatureValue(keycloak);
        boolean assertionOk = new XMLSignature(Canonical.child(assertion, EcpNamespaces.DS, "Signature"), "")
                .checkSignatureValue(keycloak);
        return responseOk && assertionOk;
    }

    @Test
    void ofWhenKeycloakResponseSplicedThenBothSignaturesStillVerify() throws Exception {
        assertThat(verifies(Samples.bytes(Samples.IDP_RESPONSE))).as("control: the original verifies").isTrue();
        assertThat(verifies(spliced().toBytes())).isTrue();
    }

    @Test
    void ofWhenSplicedResponseTamperedThenVerificationFails() throws Exception {
        String tampered = new String(spliced().toBytes(), StandardCharsets.UTF_8)
                .replace(">alice</saml:NameID>", ">admin</saml:NameID>");
        assertThat(verifies(tampered.getBytes(StandardCharsets.UTF_8))).as("the check has teeth").isFalse();
    }

    @Test
    void ofWhenKeycloakResponseSplicedThenCanonicalResponseSubtreeIsIdentical() throws Exception {
        Element original = Canonical.bodyChild(Canonical.dom(Samples.bytes(Samples.IDP_RESPONSE)));
        Element ours = Canonical.bodyChild(Canonical.dom(spliced().toBytes()));
        assertThat(Canonical.of(ours)).isEqualTo(Canonical.of(original));
    }

    @Test
    void parseWhenServiceReadsTheSplicedAnswerThenSignaturesVerifyOnItsBody() throws Exception {
        PaosResponse received = PaosResponse.parse(spliced().toBytes(), parser());
        byte[] standalone = received.response().orElseThrow().toBytes();
        byte[] rewrapped = ("<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\"><S:Body>"
                + new String(standalone, StandardCharsets.UTF_8) + "</S:Body></S:Envelope>")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(verifies(rewrapped)).isTrue();
    }
}
