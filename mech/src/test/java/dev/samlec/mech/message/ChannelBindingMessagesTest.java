package dev.samlec.mech.message;

import static dev.samlec.mech.message.Samples.assertError;
import static dev.samlec.mech.message.Samples.parser;
import static dev.samlec.mech.message.Samples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.ChannelBinding;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The channel-binding header blocks of the IdP request and answer, and the SAML-EC client response. */
class ChannelBindingMessagesTest {
    private static final ChannelBinding CB = new ChannelBinding("tls-exporter",
            "p=tls-exporter,,\u0000\u00ff\u0010".getBytes(StandardCharsets.ISO_8859_1));
    private static final String B64 = Base64.getEncoder().encodeToString(CB.value());

    @Test
    void idpRequestWhenChannelBindingThenHeaderBlockWrittenAndRoundTrips() throws EcpException {
        PaosRequest challenge = PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), parser());
        IdpRequest request = IdpRequest.of(challenge.authnRequest(), Optional.of(CB));

        Document doc = Canonical.dom(request.toBytes());
        Element block = (Element) doc.getElementsByTagNameNS(EcpNamespaces.CB, "ChannelBindings").item(0);
        assertThat(block.getParentNode().getLocalName()).isEqualTo("Header");
        assertThat(block.getAttributeNS(null, "Type")).isEqualTo("tls-exporter");
        assertThat(block.getAttributeNS(EcpNamespaces.SOAP11, "mustUnderstand")).isEqualTo("1");
        assertThat(block.getAttributeNS(EcpNamespaces.SOAP11, "actor")).isEqualTo(EcpNamespaces.SOAP_ACTOR_NEXT);
        assertThat(block.getTextContent()).isEqualTo(B64);
        assertThat(request.channelBinding()).contains(CB);
        assertThat(Canonical.of(Canonical.bodyChild(doc))).isEqualTo(Canonical.of(Canonical.bodyChild(
                Canonical.dom(Samples.bytes(Samples.SP_REQUEST)))));
        IdpRequest again = IdpRequest.parse(request.toBytes(), parser());
        assertThat(again).isEqualTo(request);
        assertThat(again.channelBinding()).contains(CB);
        assertThat(again.toString()).doesNotContain(B64);
    }

    @Test
    void idpRequestWhenNoChannelBindingThenEmptyAndSameAsOneArgumentOf() throws EcpException {
        PaosRequest challenge = PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), parser());

        IdpRequest request = IdpRequest.of(challenge.authnRequest(), Optional.empty());

        assertThat(request).isEqualTo(IdpRequest.of(challenge.authnRequest()));
        assertThat(request.channelBinding()).isEmpty();
        assertThat(IdpRequest.parse(Samples.bytes(Samples.IDP_REQUEST), parser()).channelBinding()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<cb:ChannelBindings xmlns:cb=\"urn:oasis:names:tc:SAML:protocol:ext:channel-binding\"/>",
        "<cb:ChannelBindings xmlns:cb=\"urn:oasis:names:tc:SAML:protocol:ext:channel-binding\">"
                + "AAAA</cb:ChannelBindings>",
        "<cb:ChannelBindings xmlns:cb=\"urn:oasis:names:tc:SAML:protocol:ext:channel-binding\" Type=\"tls exporter\">"
                + "AAAA</cb:ChannelBindings>",
        "<cb:ChannelBindings xmlns:cb=\"urn:oasis:names:tc:SAML:protocol:ext:channel-binding\" Type=\"tls-exporter\"/>",
        "<cb:ChannelBindings xmlns:cb=\"urn:oasis:names:tc:SAML:protocol:ext:channel-binding\" Type=\"tls-exporter\">"
                + "A*A=</cb:ChannelBindings>",
        "<cb:ChannelBindings xmlns:cb=\"urn:oasis:names:tc:SAML:protocol:ext:channel-binding\" Type=\"tls-exporter\">"
                + "AAAA</cb:ChannelBindings><cb:ChannelBindings xmlns:cb=\"urn:oasis:names:tc:SAML:protocol:ext:"
                + "channel-binding\" Type=\"tls-exporter\">AAAA</cb:ChannelBindings>"})
    void idpRequestWhenChannelBindingBlockMalformedThenRefused(String blocks) {
        String xml = Samples.text(Samples.IDP_REQUEST).replace("<S:Body>", "<S:Header>" + blocks + "</S:Header>"
                + "<S:Body>");

        assertError(EcpError.MALFORMED_MESSAGE, () -> IdpRequest.parse(utf8(xml), parser()));
    }

    @Test
    void idpRequestWhenBase64WrappedThenDecoded() throws EcpException {
        String wrapped = B64.substring(0, 8) + "\n " + B64.substring(8);
        String xml = Samples.text(Samples.IDP_REQUEST).replace("<S:Body>", "<S:Header><cb:ChannelBindings "
                + "xmlns:cb=\"" + EcpNamespaces.CB + "\" Type=\"tls-exporter\">" + wrapped
                + "</cb:ChannelBindings></S:Header><S:Body>");

        assertThat(IdpRequest.parse(utf8(xml), parser()).channelBinding()).contains(CB);
    }

    @Test
    void idpResponseWhenChannelBindingBuiltThenParsesBack() throws EcpException {
        SamlResponseBody body = IdpResponse.parse(Samples.bytes(Samples.IDP_RESPONSE), parser()).response().get();

        IdpResponse built = IdpResponse.builder().assertionConsumerServiceUrl("ldap@localhost")
                .requestAuthenticated(true).channelBinding(CB).response(body).build();

        assertThat(built.channelBinding()).contains(CB);
        assertThat(built.requestAuthenticated()).isTrue();
        Document doc = Canonical.dom(built.toBytes());
        Element block = (Element) doc.getElementsByTagNameNS(EcpNamespaces.CB, "ChannelBindings").item(0);
        assertThat(block.getAttributeNS(EcpNamespaces.SOAP11, "mustUnderstand")).isEqualTo("1");
        assertThat(block.getAttributeNS(EcpNamespaces.SOAP11, "actor")).isEqualTo(EcpNamespaces.SOAP_ACTOR_NEXT);
        IdpResponse again = IdpResponse.parse(built.toBytes(), parser());
        assertThat(again).isEqualTo(built).usingRecursiveComparison()
                .withEqualsForType(SamlResponseBody::equals, SamlResponseBody.class).isEqualTo(built);
        assertThat(IdpResponse.parse(Samples.bytes(Samples.IDP_RESPONSE), parser()).channelBinding()).isEmpty();
    }

    @Test
    void idpResponseWhenChannelBindingMalformedOrRepeatedThenRefused() {
        String text = Samples.text(Samples.IDP_RESPONSE);
        String good = "<cb:ChannelBindings xmlns:cb=\"" + EcpNamespaces.CB + "\" Type=\"tls-exporter\">" + B64
                + "</cb:ChannelBindings>";
        String empty = "<cb:ChannelBindings xmlns:cb=\"" + EcpNamespaces.CB + "\" Type=\"tls-exporter\"/>";

        assertError(EcpError.MALFORMED_MESSAGE, () -> IdpResponse.parse(
                utf8(text.replace("</SOAP-ENV:Header>", empty + "</SOAP-ENV:Header>")), parser()));
        assertError(EcpError.MALFORMED_MESSAGE, () -> IdpResponse.parse(
                utf8(text.replace("</SOAP-ENV:Header>", good + good + "</SOAP-ENV:Header>")), parser()));
    }

    @Test
    void paosResponseWhenSessionKeyEncTypeGivenThenSessionKeyBlockHoldsIt() throws EcpException {
        PaosRequest challenge = PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), parser());
        SamlResponseBody body = IdpResponse.parse(Samples.bytes(Samples.IDP_RESPONSE), parser()).response().get();

        PaosResponse with = PaosResponse.of(challenge, body, Optional.of(18));
        PaosResponse without = PaosResponse.of(challenge, body, Optional.empty());

        assertThat(with.sessionKeyEncType()).contains(18);
        PaosResponse parsed = PaosResponse.parse(with.toBytes(), parser());
        assertThat(parsed.sessionKeyEncType()).contains(18);
        assertThat(parsed.toBytes()).isEqualTo(with.toBytes());
        assertThat(with).isEqualTo(PaosResponse.of(challenge, body, 18));
        assertThat(without.sessionKeyEncType()).isEmpty();
        assertThat(without).isEqualTo(PaosResponse.of(challenge, body));
        assertThat(with.relayState()).contains(Samples.RELAY_STATE);
    }

    @Test
    void paosResponseWhenIdpChannelBindingForwardedThenRefused() {
        String text = Samples.text(Samples.SP_RESPONSE);
        int header = text.indexOf('>', text.indexOf("Header")) + 1;
        String xml = text.substring(0, header) + "<cb:ChannelBindings xmlns:cb=\"" + EcpNamespaces.CB
                + "\" Type=\"tls-exporter\">" + B64 + "</cb:ChannelBindings>" + text.substring(header);

        assertError(EcpError.MALFORMED_MESSAGE, () -> PaosResponse.parse(utf8(xml), parser()));
    }
}
