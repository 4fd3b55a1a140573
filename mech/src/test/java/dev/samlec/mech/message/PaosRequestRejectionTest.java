package dev.samlec.mech.message;

import static dev.samlec.mech.message.Samples.assertError;
import static dev.samlec.mech.message.Samples.parser;
import static dev.samlec.mech.message.Samples.utf8;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SecureXmlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile and malformed PAOS requests: each one breaks exactly one rule of the sample. */
class PaosRequestRejectionTest {
    private static final String NEXT = "S:actor=\"http://schemas.xmlsoap.org/soap/actor/next\"";
    private static final String MU = "S:mustUnderstand=\"1\"";

    private static String sample() {
        return Samples.text(Samples.SP_REQUEST);
    }

    private static void assertRejected(EcpError error, String xml) {
        assertError(error, () -> PaosRequest.parse(utf8(xml), parser()));
        assertError(error, () -> PaosRequest.parseIfChallenge(utf8(xml), parser()));
    }

    @Test
    void parseWhenResponseConsumerUrlMissingThenMalformed() {
        assertRejected(EcpError.MALFORMED_MESSAGE,
                sample().replace("responseConsumerURL=\"" + Samples.SP_ACS + "\"", ""));
    }

    @Test
    void parseWhenServiceIsNotEcpThenMalformed() {
        assertRejected(EcpError.MALFORMED_MESSAGE,
                sample().replace("service=\"urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp\"", "service=\"urn:x\""));
    }

    @Test
    void parseWhenServiceMissingThenMalformed() {
        assertRejected(EcpError.MALFORMED_MESSAGE,
                sample().replace("service=\"urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp\"", ""));
    }

    @Test
    void parseWhenPaosRequestLacksMustUnderstandThenViolation() {
        String xml = sample().replaceFirst("(<paos:Request[^>]*?) S:mustUnderstand=\"1\"", "$1");
        assertRejected(EcpError.MUST_UNDERSTAND_VIOLATION, xml);
    }

    @Test
    void parseWhenPaosRequestMustUnderstandIsZeroThenViolation() {
        String xml = sample().replaceFirst("(<paos:Request[^>]*?) S:mustUnderstand=\"1\"", "$1 S:mustUnderstand=\"0\"");
        assertRejected(EcpError.MUST_UNDERSTAND_VIOLATION, xml);
    }

    @Test
    void parseWhenEcpRequestHasOtherActorThenViolation() {
        String xml = sample().replaceFirst("(<ecp:Request[^>]*?) " + NEXT, "$1 S:actor=\"urn:someone-else\"");
        assertRejected(EcpError.MUST_UNDERSTAND_VIOLATION, xml);
    }

    @Test
    void parseWhenEcpRequestLacksActorThenViolation() {
        String xml = sample().replaceFirst("(<ecp:Request[^>]*?) " + NEXT, "$1");
        assertRejected(EcpError.MUST_UNDERSTAND_VIOLATION, xml);
    }

    @Test
    void parseWhenRelayStateLacksMustUnderstandThenViolation() {
        String xml = sample().replaceFirst("(<ecp:RelayState[^>]*?) " + MU, "$1");
        assertRejected(EcpError.MUST_UNDERSTAND_VIOLATION, xml);
    }

    @Test
    void parseWhenRelayStateLacksActorThenViolation() {
        String xml = sample().replaceFirst("(<ecp:RelayState[^>]*?) " + NEXT, "$1");
        assertRejected(EcpError.MUST_UNDERSTAND_VIOLATION, xml);
    }

    @ParameterizedTest
    @ValueSource(strings = {MU + " " + NEXT, MU, "S:mustUnderstand=\"true\" " + NEXT})
    void parseWhenUnknownMustUnderstandHeaderForUsThenViolation(String attributes) {
        String xml = sample().replace("<S:Header>",
                "<S:Header><x:Surprise xmlns:x=\"urn:example:ext\" " + attributes + "/>");
        assertRejected(EcpError.MUST_UNDERSTAND_VIOLATION, xml);
    }

    @Test
    void parseWhenMustUnderstandValueInvalidThenMalformed() {
        String xml = sample().replace("<S:Header>",
                "<S:Header><x:Surprise xmlns:x=\"urn:example:ext\" S:mustUnderstand=\"yes\"/>");
        assertRejected(EcpError.MALFORMED_MESSAGE, xml);
    }

    @Test
    void parseWhenPaosPrefixBoundToAnotherNamespaceThenNotAPaosRequest() {
        String xml = sample().replace("xmlns:paos=\"urn:liberty:paos:2003-08\"", "xmlns:paos=\"urn:not-paos\"");
        assertError(EcpError.MUST_UNDERSTAND_VIOLATION, () -> PaosRequest.parse(utf8(xml), parser()));
    }

    @Test
    void parseWhenTwoPaosRequestsThenMalformed() {
        String paos = sample().replaceAll("(?s).*(<paos:Request[^>]*/>).*", "$1");
        assertRejected(EcpError.MALFORMED_MESSAGE, sample().replace("<S:Header>", "<S:Header>" + paos));
    }

    @Test
    void parseWhenTwoRelayStatesThenMalformed() {
        String relay = sample().replaceAll("(?s).*(<ecp:RelayState.*</ecp:RelayState>).*", "$1");
        assertRejected(EcpError.MALFORMED_MESSAGE, sample().replace("</S:Header>", relay + "</S:Header>"));
    }

    @Test
    void parseWhenEcpRequestMissingThenMalformed() {
        assertRejected(EcpError.MALFORMED_MESSAGE, sample().replaceAll("<ecp:Request .*</ecp:Request>", ""));
    }

    @Test
    void parseWhenEcpRequestHasNoIssuerThenMalformed() {
        String xml = sample().replaceFirst("<saml:Issuer [^>]*>[^<]*</saml:Issuer>(<samlp:IDPList)", "$1");
        assertRejected(EcpError.MALFORMED_MESSAGE, xml);
    }

    @Test
    void parseWhenIsPassiveNotBooleanThenMalformed() {
        assertRejected(EcpError.MALFORMED_MESSAGE, sample().replace("IsPassive=\"0\"", "IsPassive=\"maybe\""));
    }

    @Test
    void parseWhenTwoAuthnRequestsThenMalformed() {
        String authn = sample().replaceAll("(?s).*(<samlp:AuthnRequest .*</samlp:AuthnRequest>).*", "$1");
        assertRejected(EcpError.MALFORMED_MESSAGE, sample().replace("</S:Body>", authn + "</S:Body>"));
    }

    @Test
    void parseWhenBodyHoldsSomethingElseThenMalformed() {
        String xml = sample().replaceAll("<samlp:AuthnRequest .*</samlp:AuthnRequest>",
                "<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"x\"/>");
        assertRejected(EcpError.MALFORMED_MESSAGE, xml);
    }

    @Test
    void parseWhenBodyEmptyThenMalformed() {
        assertRejected(EcpError.MALFORMED_MESSAGE,
                sample().replaceAll("<samlp:AuthnRequest .*</samlp:AuthnRequest>", ""));
    }

    @Test
    void parseWhenTextInBodyThenMalformed() {
        assertRejected(EcpError.MALFORMED_MESSAGE, sample().replace("<S:Body>", "<S:Body>junk"));
    }

    @Test
    void parseWhenElementAfterBodyThenMalformed() {
        assertRejected(EcpError.MALFORMED_MESSAGE, sample().replace("</S:Body>", "</S:Body><S:Body/>"));
    }

    @Test
    void parseWhenAuthnRequestHasNoIdThenMalformed() {
        assertRejected(EcpError.MALFORMED_MESSAGE, sample().replace("ID=\"" + Samples.REQUEST_ID + "\"", ""));
    }

    @Test
    void parseWhenEncTypeNotANumberThenMalformed() {
        String xml = sample().replace("</S:Header>", "<samlec:SessionKey xmlns:samlec=\"urn:ietf:params:xml:ns:samlec\" "
                + MU + " " + NEXT + "><samlec:EncType>aes128-cts-hmac-sha1-96</samlec:EncType></samlec:SessionKey>"
                + "</S:Header>");
        assertRejected(EcpError.MALFORMED_MESSAGE, xml);
    }

    @Test
    void parseWhenDoctypeThenDtdForbidden() {
        String xml = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + sample();
        assertError(EcpError.DTD_FORBIDDEN, () -> PaosRequest.parse(utf8(xml), parser()));
    }

    @Test
    void parseWhenLargerThanTheLimitThenTooLarge() {
        byte[] sample = Samples.bytes(Samples.SP_REQUEST);
        assertError(EcpError.MESSAGE_TOO_LARGE,
                () -> PaosRequest.parse(sample, new SecureXmlParser(sample.length - 1)));
    }

    @Test
    void parseWhenNotXmlThenMalformedXml() {
        assertError(EcpError.MALFORMED_XML, () -> PaosRequest.parse(utf8("{\"json\": true}"), parser()));
        assertError(EcpError.MALFORMED_XML, () -> PaosRequest.parse(new byte[0], parser()));
    }

    @Test
    void parseWhenRootIsNotSoapThenMalformed() {
        assertError(EcpError.MALFORMED_MESSAGE,
                () -> PaosRequest.parse(utf8("<html><body>login</body></html>"), parser()));
    }

    @Test
    void parseWhenSoap12EnvelopeThenMalformed() {
        String xml = sample().replace("http://schemas.xmlsoap.org/soap/envelope/",
                "http://www.w3.org/2003/05/soap-envelope");
        assertError(EcpError.MALFORMED_MESSAGE, () -> PaosRequest.parse(utf8(xml), parser()));
    }

    @Test
    void parseWhenHeaderMissingThenMalformed() {
        assertError(EcpError.MALFORMED_MESSAGE,
                () -> PaosRequest.parse(utf8(sample().replaceAll("<S:Header>.*</S:Header>", "")), parser()));
    }
}
