package dev.samlec.mech.message;

import static dev.samlec.mech.message.Samples.assertError;
import static dev.samlec.mech.message.Samples.parser;
import static dev.samlec.mech.message.Samples.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.GeneratedKeyMaterial;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class IdpResponseTest {

    @Test
    void parseWhenKeycloakSuccessThenFieldsAreRead() throws EcpException {
        IdpResponse response = IdpResponse.parse(Samples.bytes(Samples.IDP_RESPONSE), parser());

        assertThat(response.assertionConsumerServiceUrl()).contains(Samples.SP_ACS);
        assertThat(response.requestAuthenticated()).isFalse();
        assertThat(response.generatedKey()).isEmpty();
        assertThat(response.delegated()).isFalse();
        assertThat(response.fault()).isEmpty();
        SamlResponseBody body = response.response().orElseThrow();
        assertThat(body.id()).isEqualTo("ID_869ada9d-7da1-4e2f-8d5d-c8905e6fe393");
        assertThat(body.inResponseTo()).contains(Samples.REQUEST_ID);
        assertThat(body.issuer()).contains(Samples.IDP_ENTITY_ID);
        assertThat(body.isSuccess()).isTrue();
        assertThat(body.subStatusCode()).isEmpty();
        assertThat(response.toBytes()).isEqualTo(Samples.bytes(Samples.IDP_RESPONSE));
    }

    @Test
    void parseWhenKeycloakWrongPasswordThenNoAcsAndResponderNoPassive() throws EcpException {
        IdpResponse response = IdpResponse.parse(Samples.bytes(Samples.WRONG_PASSWORD), parser());

        assertThat(response.assertionConsumerServiceUrl()).isEmpty();
        SamlResponseBody body = response.response().orElseThrow();
        assertThat(body.statusCode()).isEqualTo("urn:oasis:names:tc:SAML:2.0:status:Responder");
        assertThat(body.subStatusCode()).contains("urn:oasis:names:tc:SAML:2.0:status:NoPassive");
        assertThat(body.containsAssertion()).isFalse();
    }

    @Test
    void parseWhenRoundTrippedThenEqualFieldByField() throws EcpException {
        for (String sample : new String[] {Samples.IDP_RESPONSE, Samples.WRONG_PASSWORD}) {
            IdpResponse response = IdpResponse.parse(Samples.bytes(sample), parser());
            IdpResponse again = IdpResponse.parse(response.toBytes(), parser());
            assertThat(again).usingRecursiveComparison()
                .withEqualsForType(SamlResponseBody::equals, SamlResponseBody.class).isEqualTo(response);
            assertThat(again).isEqualTo(response);
        }
    }

    @Test
    void buildWhenEveryHeaderSetThenParsesBack() throws EcpException {
        SamlResponseBody body = IdpResponse.parse(Samples.bytes(Samples.IDP_RESPONSE), parser()).response().get();
        byte[] key = {1, 2, 3, (byte) 0xff};
        IdpResponse built = IdpResponse.builder().assertionConsumerServiceUrl("https://sp/acs")
                .requestAuthenticated(true).generatedKey(key).delegated(true).response(body).build();

        assertThat(built.assertionConsumerServiceUrl()).contains("https://sp/acs");
        assertThat(built.requestAuthenticated()).isTrue();
        assertThat(built.generatedKey()).hasValueSatisfying(k -> assertThat(k).containsExactly(key));
        assertThat(built.delegated()).isTrue();
        assertThat(built.response().orElseThrow().id()).isEqualTo(body.id());
        assertThat(Canonical.of(built.response().get().toBytes())).isEqualTo(Canonical.of(body.toBytes()));
        IdpResponse again = IdpResponse.parse(built.toBytes(), parser());
        assertThat(again).usingRecursiveComparison()
                .withEqualsForType(SamlResponseBody::equals, SamlResponseBody.class).isEqualTo(built);
        assertThat(again).isEqualTo(built);
        assertThat(built.toString()).doesNotContain("AQID");
    }

    @Test
    void buildWhenFaultThenFaultBodyAndNoResponse() throws EcpException {
        IdpResponse built = IdpResponse.builder().fault(SoapFault.serverFault("nope")).build();
        assertThat(built.response()).isEmpty();
        assertThat(built.fault()).contains(SoapFault.serverFault("nope"));
        assertThat(built.assertionConsumerServiceUrl()).isEmpty();
        assertThat(IdpResponse.parse(built.toBytes(), parser())).isEqualTo(built);
    }

    @Test
    void buildWhenNoBodyThenIllegalState() {
        assertThatThrownBy(() -> IdpResponse.builder().build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void parseWhenEcpResponseHasNoAcsThenMalformed() {
        String xml = Samples.text(Samples.IDP_RESPONSE)
                .replace("AssertionConsumerServiceURL=\"" + Samples.SP_ACS + "\" ", "");
        assertError(EcpError.MALFORMED_MESSAGE, () -> IdpResponse.parse(utf8(xml), parser()));
    }

    @Test
    void parseWhenGeneratedKeyNotBase64ThenMalformed() {
        String xml = Samples.text(Samples.IDP_RESPONSE).replace("</SOAP-ENV:Header>",
                "<samlec:GeneratedKey xmlns:samlec=\"urn:ietf:params:xml:ns:samlec\">***</samlec:GeneratedKey>"
                        + "</SOAP-ENV:Header>");
        assertError(EcpError.MALFORMED_MESSAGE, () -> IdpResponse.parse(utf8(xml), parser()));
    }

    @Test
    void parseWhenGeneratedKeyLongerThanCapThenMalformed() {
        String key = Base64.getEncoder().encodeToString(new byte[GeneratedKeyMaterial.MAX_BYTES + 1]);
        String xml = Samples.text(Samples.IDP_RESPONSE).replace("</SOAP-ENV:Header>",
                "<samlec:GeneratedKey xmlns:samlec=\"urn:ietf:params:xml:ns:samlec\">" + key + "</samlec:GeneratedKey>"
                        + "</SOAP-ENV:Header>");
        assertError(EcpError.MALFORMED_MESSAGE, () -> IdpResponse.parse(utf8(xml), parser()));
    }

    @Test
    void parseWhenGeneratedKeyAtCapThenRead() throws EcpException {
        byte[] bytes = new byte[GeneratedKeyMaterial.MAX_BYTES];
        String xml = Samples.text(Samples.IDP_RESPONSE).replace("</SOAP-ENV:Header>",
                "<samlec:GeneratedKey xmlns:samlec=\"urn:ietf:params:xml:ns:samlec\">"
                        + Base64.getEncoder().encodeToString(bytes) + "</samlec:GeneratedKey></SOAP-ENV:Header>");
        assertThat(IdpResponse.parse(utf8(xml), parser()).generatedKey()).hasValueSatisfying(
                k -> assertThat(k).hasSize(bytes.length));
    }

    @Test
    void parseWhenTwoGeneratedKeysThenMalformed() {
        String block = "<samlec:GeneratedKey xmlns:samlec=\"urn:ietf:params:xml:ns:samlec\">AAAA</samlec:GeneratedKey>";
        String xml = Samples.text(Samples.IDP_RESPONSE).replace("</SOAP-ENV:Header>", block + block
                + "</SOAP-ENV:Header>");
        assertError(EcpError.MALFORMED_MESSAGE, () -> IdpResponse.parse(utf8(xml), parser()));
    }

    @Test
    void parseWhenUnknownMustUnderstandHeaderThenViolation() {
        String xml = Samples.text(Samples.IDP_RESPONSE).replace("</SOAP-ENV:Header>",
                "<x:New xmlns:x=\"urn:x\" SOAP-ENV:mustUnderstand=\"1\"/></SOAP-ENV:Header>");
        assertError(EcpError.MUST_UNDERSTAND_VIOLATION, () -> IdpResponse.parse(utf8(xml), parser()));
    }

    @Test
    void parseWhenTwoEcpResponseBlocksThenMalformed() {
        String text = Samples.text(Samples.IDP_RESPONSE);
        String block = text.replaceAll(".*(<ecp:Response [^>]*/>).*", "$1");
        String xml = text.replace("<SOAP-ENV:Header>", "<SOAP-ENV:Header>" + block);
        assertError(EcpError.MALFORMED_MESSAGE, () -> IdpResponse.parse(utf8(xml), parser()));
    }

    @Test
    void parseWhenBodyHoldsTwoResponsesOrOtherContentThenMalformed() {
        String text = Samples.text(Samples.WRONG_PASSWORD);
        String response = text.replaceAll(".*(<samlp:Response .*</samlp:Response>).*", "$1");
        assertError(EcpError.MALFORMED_MESSAGE, () -> IdpResponse.parse(
                utf8(text.replace("</SOAP-ENV:Body>", response + "</SOAP-ENV:Body>")), parser()));
        assertError(EcpError.MALFORMED_MESSAGE, () -> IdpResponse.parse(
                utf8(text.replace(response, "<x:Other xmlns:x=\"urn:x\"/>")), parser()));
    }

    @Test
    void parseWhenHtmlOrJsonThenNotAccepted() {
        assertError(EcpError.DTD_FORBIDDEN,
                () -> IdpResponse.parse(utf8("<!DOCTYPE html><html><body>Sign in</body></html>"), parser()));
        assertError(EcpError.MALFORMED_XML, () -> IdpResponse.parse(utf8("{\"error\":\"x\"}"), parser()));
        assertError(EcpError.MALFORMED_MESSAGE, () -> IdpResponse.parse(utf8("<html/>"), parser()));
    }
}
