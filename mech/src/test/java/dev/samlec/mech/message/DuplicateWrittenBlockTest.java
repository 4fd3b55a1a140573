package dev.samlec.mech.message;

import static dev.samlec.mech.message.Samples.assertError;
import static dev.samlec.mech.message.Samples.parser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.ChannelBinding;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.testing.TestDom;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * As {@link DuplicateHeaderBlockTest}, for the blocks no real peer's sample carries (samlec's own extensions and the
 * holder-of-key request): the message written by samlec's own writer parses, and the same message with one block
 * doubled is refused. Two copies could otherwise be read differently by two readers (a key, a binding, a method).
 */
class DuplicateWrittenBlockTest {
    private static final String ECP = "urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp";
    private static final String CB = "urn:oasis:names:tc:SAML:protocol:ext:channel-binding";
    private static final String SAMLEC = "urn:ietf:params:xml:ns:samlec";
    private static final ChannelBinding BINDING = new ChannelBinding("tls-exporter",
            "p=tls-exporter,,\u0001\u0002".getBytes(StandardCharsets.ISO_8859_1));

    private static PaosRequest challenge() throws EcpException {
        return PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), parser());
    }

    private static SamlResponseBody response() throws EcpException {
        return IdpResponse.parse(Samples.bytes(Samples.IDP_RESPONSE), parser()).response().orElseThrow();
    }

    static Stream<Arguments> doubled() throws EcpException {
        PaosRequest sample = challenge();
        byte[] idpRequest = IdpRequest.of(sample.authnRequest(), Optional.empty(), true).toBytes();
        byte[] idpResponse = IdpResponse.builder().assertionConsumerServiceUrl(Samples.SP_ACS).delegated(true)
                .requestAuthenticated(true)
                .channelBinding(BINDING).response(response()).build().toBytes();
        byte[] boundChallenge = PaosRequest.builder(sample.authnRequest(), Samples.SP_ACS, sample.ecpRequest())
                .channelBindingsType("tls-exporter").sessionKeyEncTypes(List.of(17)).build().toBytes();
        byte[] paosResponse = PaosResponse.of(PaosRequest.parse(boundChallenge, parser()), response(), 17)
                .toBytes();
        return Stream.of(
                Arguments.of("IdP request ecp:SubjectConfirmation", idpRequest, ECP, "SubjectConfirmation",
                        (DuplicateHeaderBlockTest.Parser) IdpRequest::parse),
                Arguments.of("IdP response ecp:RequestAuthenticated", idpResponse, ECP, "RequestAuthenticated",
                        (DuplicateHeaderBlockTest.Parser) IdpResponse::parse),
                Arguments.of("IdP response samlec:Delegated", idpResponse, SAMLEC, "Delegated",
                        (DuplicateHeaderBlockTest.Parser) IdpResponse::parse),
                Arguments.of("IdP response cb:ChannelBindings", idpResponse, CB, "ChannelBindings",
                        (DuplicateHeaderBlockTest.Parser) IdpResponse::parse),
                Arguments.of("PAOS request cb:ChannelBindings", boundChallenge, CB, "ChannelBindings",
                        (DuplicateHeaderBlockTest.Parser) PaosRequest::parse),
                Arguments.of("PAOS response samlec:SessionKey", paosResponse, SAMLEC, "SessionKey",
                        (DuplicateHeaderBlockTest.Parser) PaosResponse::parse));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("doubled")
    void parseWhenBlockSentTwiceThenMalformedMessage(String name, byte[] written, String ns, String local,
            DuplicateHeaderBlockTest.Parser parser) throws Exception {
        assertThat(parser.parse(written, parser())).isNotNull();
        Document doc = TestDom.parse(written);
        Element block = TestDom.first(doc, ns, local);
        block.getParentNode().insertBefore(TestDom.deepClone(block), block.getNextSibling());

        assertError(EcpError.MALFORMED_MESSAGE, () -> parser.parse(TestDom.bytes(doc), parser()));
    }
}
