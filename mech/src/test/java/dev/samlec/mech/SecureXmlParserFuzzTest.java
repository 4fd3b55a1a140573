package dev.samlec.mech;

import static dev.samlec.mech.testing.FuzzContract.holds;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samlec.mech.EcpError.Category;
import dev.samlec.mech.internal.xml.XmlWriter;
import dev.samlec.mech.testing.FuzzContract;
import java.util.Set;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;

/**
 * Fuzz target for {@link SecureXmlParser#parse}, the one parser of wire XML (issue 10, part 8): it returns a
 * document or throws a protocol-category {@link EcpException}; a parsed document can be written back
 * ({@code XmlWriter.standalone}, which every PAOS and IdP message uses to move signed elements). Seeds in
 * {@code SecureXmlParserFuzzTestInputs/<method>/}.
 */
class SecureXmlParserFuzzTest {
    private static final SecureXmlParser PARSER = SecureXmlParser.withDefaultLimit();

    static {
        FuzzContract.warmUp(() -> XmlWriter.standalone(PARSER.parse(
                "<a xmlns=\"urn:x\"><b c=\"d\">e</b></a>".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "warm-up").getDocumentElement()));
    }

    @FuzzTest
    @Timeout(FuzzContract.TIMEOUT_SECONDS)
    void parseWhenFuzzedThenDocumentOrProtocolError(byte[] input) {
        holds(Set.of(Category.PROTOCOL), () -> {
            Document document = PARSER.parse(input, "fuzzed XML");
            XmlWriter.standalone(document.getDocumentElement());
        });
    }
}
