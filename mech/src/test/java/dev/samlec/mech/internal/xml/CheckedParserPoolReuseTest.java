package dev.samlec.mech.internal.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Builders kept for reuse keep every hardening setting, whatever the parse before them did, and are dropped once
 * they have read their budget: Xerces keeps every name a builder has read (an attack found by review).
 */
class CheckedParserPoolReuseTest {
    private static final byte[] DOCTYPE = "<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>".getBytes(StandardCharsets.UTF_8);
    private static final byte[] COMMENTED = "<a><!--x-->b<!--y-->c</a>".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BROKEN = "<a><b></a>".getBytes(StandardCharsets.UTF_8);

    @Test
    void parseWhenBuildersReusedAcrossThreadsThenEveryParseHardened() throws Exception {
        SecureXmlParser parser = SecureXmlParser.withDefaultLimit();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(threads.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        checkHardened(parser);
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void parseWhenBuilderHasReadItsBudgetThenDroppedNotReused() throws Exception {
        CheckedParserPool pool = new CheckedParserPool(HardenedParserPool.create(), 64);
        pool.parse(new ByteArrayInputStream(COMMENTED));
        assertThat(pool.idleBuilders()).isEqualTo(1);

        byte[] large = ("<a>" + "x".repeat((int) CheckedParserPool.MAX_INPUT_PER_BUILDER) + "</a>")
                .getBytes(StandardCharsets.UTF_8);
        pool.parse(new ByteArrayInputStream(large));
        assertThat(pool.idleBuilders()).as("the builder that read the budget").isZero();

        pool.parse(new StringReader(new String(large, StandardCharsets.UTF_8)));
        assertThat(pool.idleBuilders()).as("counted in chars through a Reader too").isZero();
        assertThatThrownBy(() -> pool.parse(new ByteArrayInputStream(Arrays.copyOf(large, large.length - 2))))
                .isInstanceOf(XMLParserException.class);
        assertThat(pool.idleBuilders()).as("a failed parse counts what it read").isZero();
        pool.parse(new ByteArrayInputStream(COMMENTED));
        assertThat(pool.idleBuilders()).isEqualTo(1);
    }

    /**
     * The attack: documents well under the size cap, each full of element and attribute names never seen before.
     * With builders reused for ever, 40 MB of them kept about 176 MB alive; with the budget, a few MB.
     */
    @Test
    void parseWhenDocumentsFullOfNewNamesThenRetainedHeapStaysBounded() throws Exception {
        CheckedParserPool pool = new CheckedParserPool(HardenedParserPool.create(), 64);
        pool.parse(new ByteArrayInputStream(COMMENTED));
        long before = retainedHeap();
        for (int doc = 0; doc < 4_000; doc++) {
            StringBuilder xml = new StringBuilder("<r>");
            for (int k = 0; k < 100; k++) {
                String name = "n" + doc + "_" + k + "_" + "x".repeat(40);
                xml.append('<').append(name).append(" a").append(name).append("=\"1\"/>");
            }
            pool.parse(new ByteArrayInputStream(xml.append("</r>").toString().getBytes(StandardCharsets.UTF_8)));
        }
        long grown = retainedHeap() - before;
        assertThat(grown).as("heap kept by the pool after 4,000 documents of new names").isLessThan(24L << 20);
    }

    private static long retainedHeap() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void checkHardened(SecureXmlParser parser) throws EcpException {
        assertThatThrownBy(() -> parser.parse(DOCTYPE, "test")).isInstanceOfSatisfying(EcpException.class,
                e -> assertThat(e.error()).isEqualTo(EcpError.DTD_FORBIDDEN));
        assertThatThrownBy(() -> parser.parse(BROKEN, "test")).isInstanceOfSatisfying(EcpException.class,
                e -> assertThat(e.error()).isEqualTo(EcpError.MALFORMED_XML));
        Element root = parser.parse(COMMENTED, "test").getDocumentElement();
        // Comments dropped and the text coalesced (attacks.md C14N-1), also on a builder that just failed.
        assertThat(root.getChildNodes().getLength()).isEqualTo(1);
        assertThat(root.getFirstChild().getNodeValue()).isEqualTo("bc");
    }
}
