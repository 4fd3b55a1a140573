package dev.samlec.mech.message;

import static dev.samlec.mech.message.Samples.assertError;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.testing.TestDom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * attacks.md ECP-3: a header block (or an ecp:Request child) that may occur once, sent twice, is refused. Otherwise
 * two readers of one envelope (the client and the SP, or samlec and a proxy) could each act on a different copy,
 * for example a different responseConsumerURL or RelayState. Real Keycloak and Shibboleth messages, one block doubled.
 */
class DuplicateHeaderBlockTest {
    private static final String PAOS = "urn:liberty:paos:2003-08";
    private static final String ECP = "urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp";

    /** A message parser. */
    interface Parser {
        Object parse(byte[] xml, SecureXmlParser parser) throws EcpException;
    }

    static Stream<Arguments> doubled() {
        return Stream.of(
                Arguments.of("PAOS request paos:Request", Samples.SP_REQUEST, PAOS, "Request",
                        (Parser) PaosRequest::parse),
                Arguments.of("PAOS request ecp:Request", Samples.SP_REQUEST, ECP, "Request",
                        (Parser) PaosRequest::parse),
                Arguments.of("PAOS request ecp:RelayState", Samples.SP_REQUEST, ECP, "RelayState",
                        (Parser) PaosRequest::parse),
                Arguments.of("ecp:Request saml:Issuer", Samples.SP_REQUEST, TestDom.SAML, "Issuer",
                        (Parser) PaosRequest::parse),
                Arguments.of("ecp:Request samlp:IDPList", Samples.SP_REQUEST, TestDom.SAMLP, "IDPList",
                        (Parser) PaosRequest::parse),
                Arguments.of("PAOS response paos:Response", Samples.SP_RESPONSE, PAOS, "Response",
                        (Parser) PaosResponse::parse),
                Arguments.of("PAOS response ecp:RelayState", Samples.SP_RESPONSE, ECP, "RelayState",
                        (Parser) PaosResponse::parse),
                Arguments.of("IdP response ecp:Response", Samples.IDP_RESPONSE, ECP, "Response",
                        (Parser) IdpResponse::parse));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("doubled")
    void parseWhenBlockSentTwiceThenMalformedMessage(String name, String sample, String ns, String local,
            Parser parser) {
        Document doc = TestDom.parse(Samples.bytes(sample));
        Element block = TestDom.first(doc, ns, local);
        block.getParentNode().insertBefore(TestDom.deepClone(block), block.getNextSibling());

        assertError(EcpError.MALFORMED_MESSAGE, () -> parser.parse(TestDom.bytes(doc), Samples.parser()));
    }
}
