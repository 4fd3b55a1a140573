package dev.samlec.mech.message;

import static dev.samlec.mech.message.Samples.assertError;
import static dev.samlec.mech.message.Samples.utf8;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.testing.HostileXml;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same hostile inputs against every parser of this package. */
class HostileInputTest {
    private static final String BILLION_LAUGHS = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
            + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>";
    private static final String SOAP12 = "<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\">"
            + "<e:Body/></e:Envelope>";

    /** A parser entry point. */
    interface Parser {
        Object parse(byte[] xml, SecureXmlParser parser) throws EcpException;
    }

    static Stream<Arguments> parsers() {
        return Stream.of(
                Arguments.of("PaosRequest", (Parser) PaosRequest::parse),
                Arguments.of("IdpRequest", (Parser) IdpRequest::parse),
                Arguments.of("IdpResponse", (Parser) IdpResponse::parse),
                Arguments.of("PaosResponse", (Parser) PaosResponse::parse),
                Arguments.of("SoapFault", (Parser) SoapFault::parse),
                Arguments.of("AuthnRequestBody", (Parser) AuthnRequestBody::parse),
                Arguments.of("SamlResponseBody", (Parser) SamlResponseBody::parse));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsers")
    void parseWhenDoctypeOrEntitiesThenDtdForbidden(String name, Parser parser) {
        assertError(EcpError.DTD_FORBIDDEN, () -> parser.parse(utf8(BILLION_LAUGHS), Samples.parser()));
        assertError(EcpError.DTD_FORBIDDEN, () -> parser.parse(
                utf8("<!DOCTYPE x SYSTEM \"http://attacker.example/x.dtd\"><x/>"), Samples.parser()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsers")
    void parseWhenLargerThanTheCapThenTooLargeBeforeParsing(String name, Parser parser) {
        byte[] big = utf8("<x>" + "a".repeat(2000) + "</x>");
        assertError(EcpError.MESSAGE_TOO_LARGE, () -> parser.parse(big, new SecureXmlParser(1000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsers")
    void parseWhenNotXmlOrEmptyThenMalformedXml(String name, Parser parser) {
        assertError(EcpError.MALFORMED_XML, () -> parser.parse(utf8("{\"not\": \"xml\"}"), Samples.parser()));
        assertError(EcpError.MALFORMED_XML, () -> parser.parse(new byte[0], Samples.parser()));
        assertError(EcpError.MALFORMED_XML, () -> parser.parse(utf8("<a><b></a>"), Samples.parser()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsers")
    void parseWhenWrongRootThenMalformedMessage(String name, Parser parser) {
        assertError(EcpError.MALFORMED_MESSAGE, () -> parser.parse(utf8("<html><body>x</body></html>"),
                Samples.parser()));
        assertError(EcpError.MALFORMED_MESSAGE, () -> parser.parse(utf8(SOAP12), Samples.parser()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsers")
    void parseWhenNestedThousandsDeepInsideAnEnvelopeThenXmlTooDeep(String name, Parser parser) {
        byte[] deep = utf8("<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\"><S:Body>"
                + "<a>".repeat(5000) + "</a>".repeat(5000) + "</S:Body></S:Envelope>");

        assertError(EcpError.XML_TOO_DEEP, () -> parser.parse(deep, Samples.parser()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsers")
    void parseWhenThousandsOfNamespacesDeclaredThenXmlTooComplex(String name, Parser parser) {
        byte[] flood = HostileXml.namespaceFloodEnvelope(8000);

        assertError(EcpError.XML_TOO_COMPLEX, () -> parser.parse(flood, Samples.parser()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsers")
    void parseWhenNameNotNamespaceWellFormedThenMalformedXml(String name, Parser parser) {
        byte[] xml = utf8("<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\"><S:Body :x=\"1\">"
                + "</S:Body></S:Envelope>");

        assertError(EcpError.MALFORMED_XML, () -> parser.parse(xml, Samples.parser()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsers")
    void parseWhenProcessingInstructionInsideThenMalformedXml(String name, Parser parser) {
        byte[] xml = utf8("<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\"><S:Body><?x y?>"
                + "</S:Body></S:Envelope>");

        assertError(EcpError.MALFORMED_XML, () -> parser.parse(xml, Samples.parser()));
    }
}
