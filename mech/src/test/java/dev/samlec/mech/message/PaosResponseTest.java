package dev.samlec.mech.message;

import static dev.samlec.mech.message.Samples.assertError;
import static dev.samlec.mech.message.Samples.parser;
import static dev.samlec.mech.message.Samples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class PaosResponseTest {

    private static PaosRequest challenge() throws EcpException {
        return PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), parser());
    }

    private static SamlResponseBody keycloakResponse() throws EcpException {
        return IdpResponse.parse(Samples.bytes(Samples.IDP_RESPONSE), parser()).response().orElseThrow();
    }

    @Test
    void ofWhenShibbolethChallengeThenPaosResponseAndRelayStateAndNoIdpHeaders() throws EcpException {
        PaosResponse answer = PaosResponse.of(challenge(), keycloakResponse());
        String xml = new String(answer.toBytes(), StandardCharsets.UTF_8);

        assertThat(answer.refToMessageId()).isEmpty();
        assertThat(answer.relayState()).contains(Samples.RELAY_STATE);
        assertThat(answer.sessionKeyEncType()).isEmpty();
        assertThat(answer.fault()).isEmpty();
        SamlResponseBody forwarded = answer.response().orElseThrow();
        assertThat(forwarded.id()).isEqualTo(keycloakResponse().id());
        assertThat(Canonical.of(forwarded.toBytes())).isEqualTo(Canonical.of(keycloakResponse().toBytes()));
        assertThat(xml).doesNotContain("ecp:Response", "\n").contains("<paos:Response")
                .doesNotContain("refToMessageID");
        Element header = Canonical.child(Canonical.dom(answer.toBytes()).getDocumentElement(),
                EcpNamespaces.SOAP11, "Header");
        assertThat(header.getElementsByTagNameNS("*", "*").getLength()).isEqualTo(2);
    }

    @Test
    void ofWhenRelayStateEchoedThenItDeclaresItsOwnSoapPrefix() throws EcpException {
        PaosResponse answer = PaosResponse.of(challenge(), keycloakResponse());
        String xml = new String(answer.toBytes(), StandardCharsets.UTF_8);
        String relay = xml.replaceAll(".*(<ecp:RelayState[^>]*>).*", "$1");
        assertThat(relay).contains("xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\"",
                "S:mustUnderstand=\"1\"", "S:actor=\"http://schemas.xmlsoap.org/soap/actor/next\"");
    }

    @Test
    void ofWhenMessageIdSentThenRefToMessageIdEchoed() throws EcpException {
        PaosRequest sample = challenge();
        PaosRequest withId = PaosRequest.builder(sample.authnRequest(), Samples.SP_ACS, sample.ecpRequest())
                .messageId("m-42").build();
        PaosResponse answer = PaosResponse.of(withId, keycloakResponse());
        assertThat(answer.refToMessageId()).contains("m-42");
        assertThat(answer.relayState()).isEmpty();
    }

    @Test
    void ofWhenSessionKeyChosenThenOneEncType() throws EcpException {
        PaosResponse answer = PaosResponse.of(challenge(), keycloakResponse(), 17);
        assertThat(answer.sessionKeyEncType()).contains(17);
        assertSameMessage(PaosResponse.parse(answer.toBytes(), parser()), answer);
    }

    @Test
    void faultWhenBuiltThenBodyIsFaultAndNoResponse() throws EcpException {
        PaosResponse answer = PaosResponse.fault(challenge(), SoapFault.serverFault(SoapFault.GENERAL_FAILURE));
        assertThat(answer.response()).isEmpty();
        assertThat(answer.fault()).contains(SoapFault.serverFault(SoapFault.GENERAL_FAILURE));
        assertThat(answer.relayState()).contains(Samples.RELAY_STATE);
        assertThat(new String(answer.toBytes(), StandardCharsets.UTF_8)).doesNotContain("samlp:", "Assertion");
    }

    @Test
    void parseWhenRoundTrippedThenEqualFieldByField() throws EcpException {
        PaosResponse answer = PaosResponse.of(challenge(), keycloakResponse());
        PaosResponse again = PaosResponse.parse(answer.toBytes(), parser());
        assertSameMessage(again, answer);
        PaosResponse third = PaosResponse.parse(again.toBytes(), parser());
        assertThat(third).isEqualTo(again).hasSameHashCodeAs(again);
    }

    /** {@code of} keeps the facts it wrote instead of parsing its output: each shape must parse back equal. */
    @Test
    void ofWhenEveryShapeWrittenThenParsedBackEqual() throws EcpException {
        PaosRequest sample = challenge();
        PaosRequest withId = PaosRequest.builder(sample.authnRequest(), Samples.SP_ACS, sample.ecpRequest())
                .messageId("m-&<\"'42").relayState(" a&b<c>\"d'\u00e9\u20ac\t x ").build();
        SoapFault fault = SoapFault.serverFault(SoapFault.GENERAL_FAILURE);
        for (PaosResponse written : java.util.List.of(PaosResponse.of(sample, keycloakResponse()),
                PaosResponse.of(withId, keycloakResponse()), PaosResponse.of(withId, keycloakResponse(), 18),
                PaosResponse.of(sample, keycloakResponse(), java.util.Optional.empty()),
                PaosResponse.fault(sample, fault), PaosResponse.fault(withId, fault))) {
            assertSameMessage(PaosResponse.parse(written.toBytes(), parser()), written);
        }
    }

    /**
     * Field by field; the IdP's Response by its facts and exclusive canonical form: once spliced into the PAOS
     * envelope and read back, its standalone bytes also declare the envelope's namespaces, which no signature covers.
     */
    private static void assertSameMessage(PaosResponse parsed, PaosResponse written) {
        assertThat(parsed).usingRecursiveComparison().withEqualsForType(PaosResponseTest::sameResponse,
                SamlResponseBody.class).isEqualTo(written);
        assertThat(parsed.toBytes()).isEqualTo(written.toBytes());
    }

    private static boolean sameResponse(SamlResponseBody a, SamlResponseBody b) {
        return a.id().equals(b.id()) && a.statusCode().equals(b.statusCode()) && a.issuer().equals(b.issuer())
                && a.inResponseTo().equals(b.inResponseTo()) && a.assertionIssuers().equals(b.assertionIssuers())
                && Canonical.of(a.toBytes()).equals(Canonical.of(b.toBytes()));
    }

    @Test
    void parseWhenCurlClientSampleThenRead() throws EcpException {
        PaosResponse sample = PaosResponse.parse(Samples.bytes(Samples.SP_RESPONSE), parser());
        assertThat(sample.relayState()).contains(Samples.RELAY_STATE);
        assertThat(sample.refToMessageId()).isEmpty();
        assertThat(sample.response().orElseThrow().id()).isEqualTo(keycloakResponse().id());
    }

    @Test
    void parseWhenIdpEcpResponseHeaderForwardedThenMalformed() {
        String xml = Samples.text(Samples.SP_RESPONSE).replace("</soap11:Header>",
                "<ecp:Response AssertionConsumerServiceURL=\"" + Samples.SP_ACS + "\"/></soap11:Header>");
        assertError(EcpError.MALFORMED_MESSAGE, () -> PaosResponse.parse(utf8(xml), parser()));
    }

    @Test
    void parseWhenGeneratedKeyForwardedThenMalformed() {
        String xml = Samples.text(Samples.SP_RESPONSE).replace("</soap11:Header>",
                "<samlec:GeneratedKey xmlns:samlec=\"urn:ietf:params:xml:ns:samlec\">AAAA</samlec:GeneratedKey>"
                        + "</soap11:Header>");
        assertError(EcpError.MALFORMED_MESSAGE, () -> PaosResponse.parse(utf8(xml), parser()));
    }

    @Test
    void parseWhenRelayStateWithoutMustUnderstandThenViolation() {
        String xml = Samples.text(Samples.SP_RESPONSE).replaceFirst(
                "(<ecp:RelayState[^>]*?) soap11:mustUnderstand=\"1\"", "$1");
        assertError(EcpError.MUST_UNDERSTAND_VIOLATION, () -> PaosResponse.parse(utf8(xml), parser()));
    }

    @Test
    void parseWhenPaosResponseWithWrongActorThenViolation() {
        String xml = Samples.text(Samples.SP_RESPONSE).replaceFirst(
                "(<paos:Response[^>]*?)soap11:actor=\"[^\"]*\"", "$1soap11:actor=\"urn:elsewhere\"");
        assertError(EcpError.MUST_UNDERSTAND_VIOLATION, () -> PaosResponse.parse(utf8(xml), parser()));
    }

    @Test
    void parseWhenTwoRelayStatesThenMalformed() {
        String text = Samples.text(Samples.SP_RESPONSE);
        String relay = text.replaceAll(".*(<ecp:RelayState.*</ecp:RelayState>).*", "$1");
        assertError(EcpError.MALFORMED_MESSAGE, () -> PaosResponse.parse(
                utf8(text.replace("</soap11:Header>", relay + "</soap11:Header>")), parser()));
    }

    @Test
    void parseWhenTwoResponsesInBodyThenMalformed() {
        String text = Samples.text(Samples.SP_RESPONSE);
        String response = text.replaceAll(".*(<samlp:Response .*</samlp:Response>).*", "$1");
        assertError(EcpError.MALFORMED_MESSAGE, () -> PaosResponse.parse(
                utf8(text.replace("</SOAP-ENV:Body>", response + "</SOAP-ENV:Body>")), parser()));
    }

    @Test
    void parseWhenResponseInHeaderAndBodyEmptyThenMalformed() {
        String text = Samples.text(Samples.SP_RESPONSE);
        String response = text.replaceAll(".*(<samlp:Response .*</samlp:Response>).*", "$1");
        String moved = text.replace(response, "").replace("</soap11:Header>", response + "</soap11:Header>");
        assertError(EcpError.MALFORMED_MESSAGE, () -> PaosResponse.parse(utf8(moved), parser()));
    }

    @Test
    void parseWhenSessionKeyNamesTwoEncTypesThenMalformed() {
        String xml = Samples.text(Samples.SP_RESPONSE).replace("</soap11:Header>",
                "<samlec:SessionKey xmlns:samlec=\"urn:ietf:params:xml:ns:samlec\"><samlec:EncType>17</samlec:EncType>"
                        + "<samlec:EncType>18</samlec:EncType></samlec:SessionKey></soap11:Header>");
        assertError(EcpError.MALFORMED_MESSAGE, () -> PaosResponse.parse(utf8(xml), parser()));
    }

    @Test
    void parseWhenUnknownMustUnderstandHeaderThenViolation() {
        String xml = Samples.text(Samples.SP_RESPONSE).replace("</soap11:Header>",
                "<x:New xmlns:x=\"urn:x\" soap11:mustUnderstand=\"1\"/></soap11:Header>");
        assertError(EcpError.MUST_UNDERSTAND_VIOLATION, () -> PaosResponse.parse(utf8(xml), parser()));
    }
}
