package dev.samlec.mech.internal.xml;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.testing.FuzzContract;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.xml.security.c14n.implementations.Canonicalizer20010315ExclOmitComments;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Differential fuzz target for {@link ExclusiveCanonicalizer}: for any document the hardened parser accepts, the
 * canonical octets of every element (as apex, with an InclusiveNamespaces list, with its first child element left out)
 * equal Santuario's, or the canonicalizer declines (returns false). A difference is a finding: the signature check
 * would digest other octets than the signer's reference implementation. Seeds in
 * {@code ExclusiveCanonicalizerFuzzTestInputs/<method>/}.
 */
class ExclusiveCanonicalizerFuzzTest {
    private static final SecureXmlParser PARSER = SecureXmlParser.withDefaultLimit();
    private static final List<String> PREFIXES = List.of("", "xs", "p q");

    static {
        FuzzContract.warmUp(() -> compareAll(PARSER.parse(
                "<a xmlns=\"urn:x\"><b c=\"d\">e</b></a>".getBytes(StandardCharsets.UTF_8), "warm-up")));
    }

    @FuzzTest
    @Timeout(FuzzContract.TIMEOUT_SECONDS)
    void canonicalizeWhenFuzzedThenSameOctetsAsSantuario(byte[] input) throws Exception {
        Document document;
        try {
            document = PARSER.parse(input, "fuzzed XML");
        } catch (EcpException e) {
            return; // not a document the validator would ever canonicalize
        }
        compareAll(document);
    }

    private static void compareAll(Document document) throws Exception {
        int n = 0;
        Node node = document.getDocumentElement();
        while (node != null && n++ < 200) {
            if (node.getNodeType() == Node.ELEMENT_NODE) {
                compare((Element) node);
            }
            node = next(node);
        }
    }

    private static void compare(Element apex) throws Exception {
        Element excluded = null;
        for (Node c = apex.getFirstChild(); c != null && excluded == null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.ELEMENT_NODE) {
                excluded = (Element) c;
            }
        }
        for (String prefixes : PREFIXES) {
            ByteArrayOutputStream actual = new ByteArrayOutputStream();
            ByteSink sink = ByteSink.into(actual);
            List<String> list = prefixes.isEmpty() ? List.of() : Arrays.asList(prefixes.split(" "));
            if (!ExclusiveCanonicalizer.canonicalize(apex, excluded, list, sink)) {
                continue;
            }
            sink.flush();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            new Canonicalizer20010315ExclOmitComments().engineCanonicalizeSubTree(apex, prefixes, excluded, expected);
            if (!Arrays.equals(actual.toByteArray(), expected.toByteArray())) {
                throw new AssertionError("canonical form differs from Santuario's for " + apex.getNodeName()
                        + " (prefixes '" + prefixes + "'):\n samlec:    " + actual.toString(StandardCharsets.UTF_8)
                        + "\n santuario: " + expected.toString(StandardCharsets.UTF_8));
            }
        }
    }

    private static Node next(Node node) {
        if (node.getFirstChild() != null) {
            return node.getFirstChild();
        }
        while (node != null && node.getNextSibling() == null) {
            node = node.getParentNode();
        }
        return node == null ? null : node.getNextSibling();
    }
}
