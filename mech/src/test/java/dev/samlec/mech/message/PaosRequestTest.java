package dev.samlec.mech.message;

import static dev.samlec.mech.message.Samples.parser;
import static dev.samlec.mech.message.Samples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PaosRequestTest {

    @Test
    void parseWhenShibbolethSampleThenEveryFieldIsRead() throws EcpException {
        PaosRequest request = PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), parser());

        assertThat(request.responseConsumerUrl()).isEqualTo(Samples.SP_ACS);
        assertThat(request.service()).isEqualTo(EcpNamespaces.ECP);
        assertThat(request.messageId()).isEmpty();
        assertThat(request.relayState()).contains(Samples.RELAY_STATE);
        assertThat(request.sessionKeyEncTypes()).isEmpty();
        assertThat(request.channelBindingsType()).isEmpty();
        EcpRequestHeader ecp = request.ecpRequest();
        assertThat(ecp.issuer()).isEqualTo(Samples.SP_ENTITY_ID);
        assertThat(ecp.isPassive()).contains(false);
        assertThat(ecp.providerName()).isEmpty();
        assertThat(ecp.idpList()).containsExactly(IdpEntry.of(Samples.IDP_ENTITY_ID));
        assertThat(ecp.getComplete()).isEmpty();
        AuthnRequestBody authn = request.authnRequest();
        assertThat(authn.id()).isEqualTo(Samples.REQUEST_ID);
        assertThat(authn.assertionConsumerServiceUrl()).contains(Samples.SP_ACS);
        assertThat(authn.issuer()).contains(Samples.SP_ENTITY_ID);
        assertThat(authn.protocolBinding()).contains("urn:oasis:names:tc:SAML:2.0:bindings:PAOS");
        assertThat(authn.signed()).isFalse();
    }

    @Test
    void toBytesWhenParsedThenExactlyTheReceivedBytes() throws EcpException {
        byte[] sample = Samples.bytes(Samples.SP_REQUEST);
        assertThat(PaosRequest.parse(sample, parser()).toBytes()).isEqualTo(sample);
    }

    @Test
    void parseWhenRoundTrippedThenEqualFieldByField() throws EcpException {
        PaosRequest request = PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), parser());
        PaosRequest again = PaosRequest.parse(request.toBytes(), parser());
        assertThat(again).usingRecursiveComparison()
                .withEqualsForType(AuthnRequestBody::equals, AuthnRequestBody.class).isEqualTo(request);
        assertThat(again).isEqualTo(request).hasSameHashCodeAs(request);
    }

    @Test
    void parseWhenOtherPrefixesThenSameFields() throws EcpException {
        String renamed = Samples.text(Samples.SP_REQUEST)
                .replaceAll("(</?| )S:", "$1soapenv:").replace("xmlns:S=", "xmlns:soapenv=")
                .replaceAll("(</?)paos:", "$1p:").replace("xmlns:paos=", "xmlns:p=")
                .replaceAll("(</?)ecp:", "$1e:").replace("xmlns:ecp=", "xmlns:e=");
        assertThat(renamed).doesNotContain("S:", "<paos:", "<ecp:");
        PaosRequest request = PaosRequest.parse(utf8(renamed), parser());
        assertThat(request.responseConsumerUrl()).isEqualTo(Samples.SP_ACS);
        assertThat(request.relayState()).contains(Samples.RELAY_STATE);
        assertThat(request.ecpRequest().issuer()).isEqualTo(Samples.SP_ENTITY_ID);
    }

    @Test
    void parseWhenRelayStateMissingThenEmpty() throws EcpException {
        String noRelay = Samples.text(Samples.SP_REQUEST)
                .replaceAll("<ecp:RelayState[^>]*>[^<]*</ecp:RelayState>", "");
        assertThat(PaosRequest.parse(utf8(noRelay), parser()).relayState()).isEmpty();
    }

    @Test
    void parseWhenRelayStateHasSpacesAndEscapesThenExactText() throws EcpException {
        String odd = Samples.text(Samples.SP_REQUEST).replace(Samples.RELAY_STATE, "  a&amp;b &lt;c&gt; ");
        assertThat(PaosRequest.parse(utf8(odd), parser()).relayState()).contains("  a&b <c> ");
    }

    @Test
    void parseWhenUnknownHeaderWithoutMustUnderstandThenIgnored() throws EcpException {
        String extra = Samples.text(Samples.SP_REQUEST)
                .replace("<S:Header>", "<S:Header><x:Hint xmlns:x=\"urn:example\">hi</x:Hint>");
        assertThat(PaosRequest.parse(utf8(extra), parser()).responseConsumerUrl()).isEqualTo(Samples.SP_ACS);
    }

    @Test
    void parseWhenUnknownMustUnderstandHeaderForAnotherActorThenIgnored() throws EcpException {
        String extra = Samples.text(Samples.SP_REQUEST).replace("<S:Header>", "<S:Header><x:Hint xmlns:x="
                + "\"urn:example\" S:mustUnderstand=\"1\" S:actor=\"urn:example:other-node\"/>");
        assertThat(PaosRequest.parse(utf8(extra), parser()).responseConsumerUrl()).isEqualTo(Samples.SP_ACS);
    }

    @Test
    void parseIfChallengeWhenHtmlPageThenEmpty() throws EcpException {
        byte[] html = utf8("<!DOCTYPE html><html><body>hello</body></html>");
        assertThat(PaosRequest.parseIfChallenge(html, parser())).isEmpty();
        assertThat(PaosRequest.parseIfChallenge(utf8("<html><body>hi</body></html>"), parser())).isEmpty();
        assertThat(PaosRequest.parseIfChallenge(utf8("{\"a\":1}"), parser())).isEmpty();
        assertThat(PaosRequest.parseIfChallenge(new byte[0], parser())).isEmpty();
    }

    @Test
    void parseIfChallengeWhenSoapWithoutPaosRequestThenEmpty() throws EcpException {
        byte[] soap = Samples.bytes(Samples.IDP_REQUEST);
        assertThat(PaosRequest.parseIfChallenge(soap, parser())).isEmpty();
    }

    @Test
    void parseIfChallengeWhenSoapMentionsPaosButHasNoPaosRequestThenEmpty() throws EcpException {
        byte[] soap = utf8("<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\"><S:Header>"
                + "<paos:Response xmlns:paos=\"urn:liberty:paos:2003-08\" S:mustUnderstand=\"1\" S:actor="
                + "\"http://schemas.xmlsoap.org/soap/actor/next\"/></S:Header><S:Body><x xmlns=\"urn:example\"/>"
                + "</S:Body></S:Envelope>");
        assertThat(PaosRequest.parseIfChallenge(soap, parser())).isEmpty();
    }

    @Test
    void builderWhenEcpRequestHasIdpListThenWrittenAndReadBack() throws EcpException {
        PaosRequest sample = PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), parser());
        assertThat(sample.ecpRequest().idpList()).isNotEmpty();

        PaosRequest withList = PaosRequest.builder(sample.authnRequest(), Samples.SP_ACS, sample.ecpRequest()).build();
        PaosRequest withoutList = PaosRequest.builder(sample.authnRequest(), Samples.SP_ACS,
                EcpRequestHeader.of(sample.ecpRequest().issuer())).build();

        assertThat(PaosRequest.parse(withList.toBytes(), parser()).ecpRequest()).isEqualTo(sample.ecpRequest());
        org.w3c.dom.Element header = dev.samlec.mech.testing.TestDom.first(
                dev.samlec.mech.testing.TestDom.parse(withoutList.toBytes()),
                "urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp", "Request");
        assertThat(header.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:protocol", "IDPList").getLength())
                .isZero();
    }

    @Test
    void parseIfChallengeWhenSampleThenPresent() throws EcpException {
        Optional<PaosRequest> challenge = PaosRequest.parseIfChallenge(Samples.bytes(Samples.SP_REQUEST), parser());
        assertThat(challenge).isPresent();
        assertThat(challenge.get().relayState()).contains(Samples.RELAY_STATE);
    }

    /** draft-20 section 5.3: "one or more" SessionKey blocks; one naming an Algorithm offers another derivation. */
    @Test
    void parseWhenSeveralSessionKeyBlocksThenIdpKeyOffersMergedAndAlgorithmOffersLeftOut() throws EcpException {
        AuthnRequestBody authn = PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), parser()).authnRequest();
        EcpRequestHeader ecp = new EcpRequestHeader("urn:sp", Optional.empty(), Optional.empty(), List.of(),
                Optional.empty());
        String one = new String(PaosRequest.builder(authn, "ldap@host", ecp).sessionKeyEncTypes(List.of(18, 17))
                .build().toBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int start = one.indexOf("<samlec:SessionKey");
        int end = one.indexOf("</samlec:SessionKey>") + "</samlec:SessionKey>".length();
        String block = one.substring(start, end);
        String withAlgorithm = block.replace("<samlec:SessionKey", "<samlec:SessionKey Algorithm=\"urn:x:agreement\"")
                .replace(">18<", ">20<").replace(">17<", ">19<");
        String xml = one.substring(0, end) + withAlgorithm + block.replace(">18<", ">16<") + one.substring(end);

        PaosRequest parsed = PaosRequest.parse(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8), parser());

        assertThat(parsed.sessionKeyEncTypes()).containsExactly(18, 17, 16);
    }

    @Test
    void buildWhenEveryOptionSetThenParsesBackToTheSameValues() throws EcpException {
        AuthnRequestBody authn = PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), parser()).authnRequest();
        EcpRequestHeader ecp = new EcpRequestHeader("urn:sp", Optional.of("Test & SP"), Optional.of(true),
                List.of(new IdpEntry("urn:idp1", Optional.of("One"), Optional.of("https://idp1/sso")),
                        IdpEntry.of("urn:idp2")),
                Optional.of("https://sp/idps"));
        PaosRequest built = PaosRequest.builder(authn, "https://sp/acs?a=1&b=2", ecp)
                .messageId("msg-1").relayState("rs <&> \"x\"").sessionKeyEncTypes(List.of(17, 18))
                .channelBindingsType("tls-server-end-point").build();

        assertThat(built.responseConsumerUrl()).isEqualTo("https://sp/acs?a=1&b=2");
        assertThat(built.messageId()).contains("msg-1");
        assertThat(built.ecpRequest()).isEqualTo(ecp);
        assertThat(built.relayState()).contains("rs <&> \"x\"");
        assertThat(built.sessionKeyEncTypes()).containsExactly(17, 18);
        assertThat(built.channelBindingsType()).contains("tls-server-end-point");
        assertThat(built.authnRequest().id()).isEqualTo(Samples.REQUEST_ID);
        assertThat(PaosRequest.parse(built.toBytes(), parser())).usingRecursiveComparison()
                .withEqualsForType(AuthnRequestBody::equals, AuthnRequestBody.class).isEqualTo(built);
    }

    @Test
    void buildWhenMinimalThenOnlyRequiredBlocks() throws EcpException {
        AuthnRequestBody authn = PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), parser()).authnRequest();
        PaosRequest built = PaosRequest.builder(authn, Samples.SP_ACS, EcpRequestHeader.of("urn:sp")).build();
        String xml = new String(built.toBytes(), StandardCharsets.UTF_8);

        assertThat(built.messageId()).isEmpty();
        assertThat(built.relayState()).isEmpty();
        assertThat(built.ecpRequest().idpList()).isEmpty();
        assertThat(xml).doesNotContain("RelayState", "SessionKey", "GetComplete", "\n");
        assertThat(PaosRequest.parse(built.toBytes(), parser())).isEqualTo(built);
    }

    @Test
    void buildWhenAuthnRequestCarriedThenItsContentIsUnchanged() throws EcpException {
        PaosRequest sample = PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), parser());
        PaosRequest built = PaosRequest.builder(sample.authnRequest(), Samples.SP_ACS,
                sample.ecpRequest()).relayState(Samples.RELAY_STATE).build();
        assertThat(Canonical.of(built.authnRequest().toBytes()))
                .isEqualTo(Canonical.of(sample.authnRequest().toBytes()));
    }
}
