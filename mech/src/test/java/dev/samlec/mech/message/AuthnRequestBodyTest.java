package dev.samlec.mech.message;

import static dev.samlec.mech.message.Samples.assertError;
import static dev.samlec.mech.message.Samples.parser;
import static dev.samlec.mech.message.Samples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AuthnRequestBodyTest {
    private static final String MINIMAL = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_r1\" Version=\"2.0\"/>";

    @Test
    void parseWhenStandaloneWithDeclarationThenStoredWithoutDeclaration() throws EcpException {
        AuthnRequestBody body = AuthnRequestBody.parse(utf8(MINIMAL), parser());
        assertThat(body.id()).isEqualTo("_r1");
        assertThat(body.issuer()).isEmpty();
        assertThat(body.assertionConsumerServiceUrl()).isEmpty();
        assertThat(body.protocolBinding()).isEmpty();
        assertThat(body.signed()).isFalse();
        assertThat(new String(body.toBytes(), StandardCharsets.UTF_8)).startsWith("<samlp:AuthnRequest");
    }

    @Test
    void parseWhenRoundTrippedThenEqual() throws EcpException {
        AuthnRequestBody body = PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), parser()).authnRequest();
        AuthnRequestBody again = AuthnRequestBody.parse(body.toBytes(), parser());
        assertThat(again).usingRecursiveComparison()
                .withEqualsForType(AuthnRequestBody::equals, AuthnRequestBody.class).isEqualTo(body);
        assertThat(again).isEqualTo(body);
    }

    @Test
    void ofWhenTakenFromEnvelopeThenEnvelopeNamespacesAreDeclaredOnIt() throws EcpException {
        String envelopeDeclares = Samples.text(Samples.SP_REQUEST)
                .replace("<S:Envelope ", "<S:Envelope xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ")
                .replace("<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"",
                        "<samlp:AuthnRequest");
        AuthnRequestBody body = PaosRequest.parse(utf8(envelopeDeclares), parser()).authnRequest();
        AuthnRequestBody reparsed = AuthnRequestBody.parse(body.toBytes(), parser());
        assertThat(reparsed.id()).isEqualTo(Samples.REQUEST_ID);
    }

    @Test
    void parseWhenSignatureChildThenSigned() throws EcpException {
        String signed = MINIMAL.replace("/>", "><ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"/>"
                + "</samlp:AuthnRequest>");
        assertThat(AuthnRequestBody.parse(utf8(signed), parser()).signed()).isTrue();
    }

    @Test
    void toBytesWhenModifiedThenCopyIsUnaffected() throws EcpException {
        AuthnRequestBody body = AuthnRequestBody.parse(utf8(MINIMAL), parser());
        byte[] copy = body.toBytes();
        copy[0] = 'X';
        assertThat(body.toBytes()[0]).isEqualTo((byte) '<');
    }

    @Test
    void parseWhenRootIsNotAuthnRequestThenMalformed() {
        assertError(EcpError.MALFORMED_MESSAGE, () -> AuthnRequestBody.parse(
                utf8("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"x\"/>"), parser()));
        assertError(EcpError.MALFORMED_MESSAGE, () -> AuthnRequestBody.parse(utf8("<AuthnRequest ID=\"x\"/>"),
                parser()));
    }

    @Test
    void parseWhenIdMissingThenMalformed() {
        assertError(EcpError.MALFORMED_MESSAGE,
                () -> AuthnRequestBody.parse(utf8(MINIMAL.replace("ID=\"_r1\"", "")), parser()));
    }

    @Test
    void parseWhenTwoIssuersThenMalformed() {
        String two = MINIMAL.replace("/>", "><saml:Issuer xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">a"
                + "</saml:Issuer><saml:Issuer xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">b</saml:Issuer>"
                + "</samlp:AuthnRequest>");
        assertError(EcpError.MALFORMED_MESSAGE, () -> AuthnRequestBody.parse(utf8(two), parser()));
    }
}
