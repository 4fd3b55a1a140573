package dev.samlec.mech.internal.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
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
    void parseWhenDocumentLargerThanReuseLimitThenBuilderDropped() throws Exception {
        CheckedParserPool pool = new CheckedParserPool(HardenedParserPool.create(), 64);
        pool.parse(new ByteArrayInputStream(text((int) CheckedParserPool.MAX_DOCUMENT_FOR_REUSE)));
        assertThat(pool.idleBuilders()).as("after a document of exactly the limit").isEqualTo(1);
        pool.parse(new ByteArrayInputStream(text((int) CheckedParserPool.MAX_DOCUMENT_FOR_REUSE + 1)));
        assertThat(pool.idleBuilders()).as("after a document one byte over the limit").isZero();
    }

    @Test
    void parseWhenBuilderHasReadItsWholeBudgetThenDropped() throws Exception {
        CheckedParserPool pool = new CheckedParserPool(HardenedParserPool.create(), 64);
        byte[] doc = text(60 * 1024);
        long kept = (CheckedParserPool.MAX_INPUT_PER_BUILDER - 1) / doc.length;
        for (int i = 1; i <= kept; i++) {
            pool.parse(new ByteArrayInputStream(doc));
            assertThat(pool.idleBuilders()).as("after document %d of %d bytes", i, doc.length).isEqualTo(1);
        }
        pool.parse(new ByteArrayInputStream(doc));
        assertThat(pool.idleBuilders()).as("the builder that read its budget").isZero();

        pool.parse(new StringReader(new String(COMMENTED, StandardCharsets.UTF_8)));
        assertThat(pool.idleBuilders()).as("a builder that read through a Reader").isZero();
        pool.parse(new ByteArrayInputStream(COMMENTED));
        assertThat(pool.idleBuilders()).isEqualTo(1);
    }

    /**
     * Each place a name enters Xerces' symbol table, on its own: documents of 100 new names each take a builder
     * past {@link BuilderVocabulary#MAX_NAMES} within 11 documents (22 KB, far under every other limit), so a place
     * the vocabulary missed keeps the builder.
     */
    @Test
    void parseWhenNewNamesPassTheLimitThenBuilderDropped() throws Exception {
        Map<String, String[]> places = new LinkedHashMap<>();
        places.put("element names", new String[] {"<r>", "<e#/>", "</r>"});
        places.put("attribute names", new String[] {"<r>", "<e a#='v'/>", "</r>"});
        places.put("namespace URIs", new String[] {"<r>", "<e xmlns:p='urn:#'/>", "</r>"});
        places.put("instructions before the root", new String[] {"", "<?t#?>", "<r/>"});
        places.put("instructions after the root", new String[] {"<r/>", "<?t#?>", ""});
        for (Map.Entry<String, String[]> place : places.entrySet()) {
            String[] parts = place.getValue();
            CheckedParserPool pool = new CheckedParserPool(HardenedParserPool.create(), 64);
            int documents = documentsUntilDropped(pool, doc -> {
                StringBuilder xml = new StringBuilder(parts[0]);
                for (int k = 0; k < 100; k++) {
                    xml.append(parts[1].replace("#", doc + "_" + k));
                }
                return xml.append(parts[2]).toString().getBytes(StandardCharsets.UTF_8);
            }, 20);
            assertThat(documents).as("documents of 100 new %s before the builder is dropped", place.getKey())
                    .isEqualTo(BuilderVocabulary.MAX_NAMES / 100 + 1);
        }
    }

    @Test
    void parseWhenLongNamesPassTheCharacterLimitThenBuilderDropped() throws Exception {
        CheckedParserPool pool = new CheckedParserPool(HardenedParserPool.create(), 64);
        int length = 900; // under the JDK's limit of 1,000 characters per name
        int documents = documentsUntilDropped(pool, doc -> {
            StringBuilder xml = new StringBuilder("<r>");
            for (int k = 0; k < 8; k++) {
                xml.append("<n").append(doc).append('_').append(k).append("x".repeat(length)).append("/>");
            }
            return xml.append("</r>").toString().getBytes(StandardCharsets.UTF_8);
        }, 20);
        assertThat(documents).as("documents of 8 new names of %d characters", length)
                .isEqualTo(BuilderVocabulary.MAX_CHARS / (8 * length) + 1);
    }

    @Test
    void parseWhenTheSameNamesForEverThenBuilderKept() throws Exception {
        CheckedParserPool pool = new CheckedParserPool(HardenedParserPool.create(), 64);
        byte[] doc = atTheNameLimit(0);
        long parses = (CheckedParserPool.MAX_INPUT_PER_BUILDER - 1) / doc.length;
        for (int i = 1; i <= parses; i++) {
            pool.parse(new ByteArrayInputStream(doc));
            assertThat(pool.idleBuilders()).as("after parse %d of the same %d names", i, BuilderVocabulary.MAX_NAMES)
                    .isEqualTo(1);
        }
    }

    @Test
    void parseWhenFailedOrRefusedOrManyAttributesThenBuilderDroppedNotReused() throws Exception {
        CheckedParserPool pool = new CheckedParserPool(HardenedParserPool.create(), 64);
        assertThatThrownBy(() -> pool.parse(new ByteArrayInputStream(BROKEN))).isInstanceOf(XMLParserException.class);
        assertThat(pool.idleBuilders()).as("after a failed parse").isZero();
        assertThatThrownBy(() -> pool.parse(new ByteArrayInputStream(DOCTYPE))).isInstanceOf(XMLParserException.class);
        assertThat(pool.idleBuilders()).as("after a refused DOCTYPE").isZero();
        assertThatThrownBy(() -> pool.parse(new ByteArrayInputStream(nested(65))))
                .isInstanceOf(InfosetViolation.class);
        assertThat(pool.idleBuilders()).as("after a document too deep").isZero();
        pool.parse(new ByteArrayInputStream(attributes(CheckedParserPool.MAX_ATTRIBUTES_FOR_REUSE + 1)));
        assertThat(pool.idleBuilders()).as("after an element with too many attributes").isZero();

        pool.parse(new ByteArrayInputStream(attributes(CheckedParserPool.MAX_ATTRIBUTES_FOR_REUSE)));
        pool.parse(new ByteArrayInputStream(nested(64)));
        assertThat(pool.idleBuilders()).isEqualTo(1);
    }

    /**
     * The attacks, each given to every idle builder at once (each parse holds its builder until all have started):
     * documents full of new names, and as many long names as a kept builder may hold, long values (the buffers
     * grow to the longest), deep unclosed elements (a failed parse keeps its partial document in the builder),
     * elements with thousands of attributes (the attribute table never shrinks). Two attacker reviews measured 4.4
     * to 46 bytes of heap kept per byte of such input before the rules.
     */
    @Test
    void parseWhenEveryIdleBuilderGivenHostileInputThenRetainedHeapStaysBounded() throws Exception {
        int under = (int) CheckedParserPool.MAX_DOCUMENT_FOR_REUSE;
        Map<String, IntFunction<byte[]>> shapes = new LinkedHashMap<>();
        shapes.put("new names", doc -> newNames(doc, under));
        shapes.put("deep unclosed elements", doc -> "<a>".repeat(under / 3).getBytes(StandardCharsets.UTF_8));
        shapes.put("names up to the limit", CheckedParserPoolReuseTest::atTheNameLimit);
        shapes.put("names up to the limit and one long text", doc -> {
            String names = new String(atTheNameLimit(doc), StandardCharsets.UTF_8);
            return names.replace("<r>", "<r>" + "t".repeat(under - names.length()))
                    .getBytes(StandardCharsets.UTF_8);
        });
        shapes.put("one long attribute value", doc -> ("<r a='" + "v".repeat(under - 20) + "'/>")
                .getBytes(StandardCharsets.UTF_8));
        shapes.put("one long text", doc -> text(under));
        shapes.put("one long instruction", doc -> ("<?t " + "d".repeat(under - 20) + "?><r/>")
                .getBytes(StandardCharsets.UTF_8));
        shapes.put("thousands of attributes", doc -> {
            StringBuilder xml = new StringBuilder("<r><e");
            for (int k = 0; xml.length() < under - 10; k++) {
                xml.append(" a").append(doc).append('_').append(k).append("=''");
            }
            return xml.append("/></r>").toString().getBytes(StandardCharsets.UTF_8);
        });
        for (Map.Entry<String, IntFunction<byte[]>> shape : shapes.entrySet()) {
            CheckedParserPool pool = new CheckedParserPool(HardenedParserPool.create(), 64);
            long before = retainedHeap();
            parseAllAtOnce(pool, CheckedParserPool.MAX_IDLE, shape.getValue());
            long grown = retainedHeap() - before;
            assertThat(grown).as("heap kept by %d idle builders after %s", pool.idleBuilders(), shape.getKey())
                    .isLessThan(12L << 20);
        }
    }

    /**
     * The attack of the first review, one document after another: with builders reused for ever, 4,000 documents
     * of new names (40 MB) kept about 176 MB alive.
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
        assertThat(grown).as("heap kept by the pool after 4,000 documents of new names").isLessThan(12L << 20);
    }

    /** New names in every place at once, one document after another, each just under the size limit. */
    @Test
    void parseWhenDocumentsOfNewNamesEverywhereThenRetainedHeapStaysBounded() throws Exception {
        CheckedParserPool pool = new CheckedParserPool(HardenedParserPool.create(), 64);
        pool.parse(new ByteArrayInputStream(COMMENTED));
        long before = retainedHeap();
        for (int doc = 0; doc < 1_000; doc++) {
            String tag = "d" + doc + "_";
            StringBuilder xml = new StringBuilder("<?").append(tag).append("pi?><r xmlns:").append(tag)
                    .append("='urn:").append(tag).append("'>");
            for (int k = 0; xml.length() < CheckedParserPool.MAX_DOCUMENT_FOR_REUSE - 200; k++) {
                String name = tag + k;
                xml.append("<p").append(name).append(':').append(name).append(" xmlns:p").append(name)
                        .append("='urn:").append(name).append("' a").append(name).append("='v'/>");
            }
            pool.parse(new ByteArrayInputStream(xml.append("</r>").toString().getBytes(StandardCharsets.UTF_8)));
        }
        long grown = retainedHeap() - before;
        assertThat(grown).as("heap kept by the pool after 1,000 documents of new names").isLessThan(12L << 20);
    }

    @Test
    void parseWhenPlainDocumentsAtOnceThenEveryBuilderKept() throws Exception {
        CheckedParserPool pool = new CheckedParserPool(HardenedParserPool.create(), 64);
        parseAllAtOnce(pool, CheckedParserPool.MAX_IDLE, doc -> COMMENTED);
        assertThat(pool.idleBuilders()).isEqualTo(CheckedParserPool.MAX_IDLE);
    }

    /** Parses one document per thread, every parse holding its builder until all have started. */
    private static void parseAllAtOnce(CheckedParserPool pool, int threads, IntFunction<byte[]> documents)
            throws Exception {
        CountDownLatch started = new CountDownLatch(threads);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parses = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                byte[] doc = documents.apply(t);
                parses.add(executor.submit(() -> {
                    try {
                        pool.parse(new HeldUntilAllStarted(doc, started));
                    } catch (XMLParserException refused) {
                        // the failing shapes fail: what matters is what the builders keep
                    }
                    return null;
                }));
            }
            for (Future<?> parse : parses) {
                parse.get(60, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    /** Parses {@code documents.apply(0), apply(1), ...} on one pool until its builder is dropped; returns how many. */
    private static int documentsUntilDropped(CheckedParserPool pool, IntFunction<byte[]> documents, int most)
            throws Exception {
        for (int doc = 1; doc <= most; doc++) {
            pool.parse(new ByteArrayInputStream(documents.apply(doc)));
            if (pool.idleBuilders() == 0) {
                return doc;
            }
        }
        return Integer.MAX_VALUE;
    }

    /**
     * As many names as a kept builder may hold, each with a prefix of its own (Xerces keeps qualified name, prefix
     * and local part): three names per element, just under both limits.
     */
    private static byte[] atTheNameLimit(int doc) {
        int elements = (BuilderVocabulary.MAX_NAMES - 1) / 3;
        // per element: "pID:lID", "xmlns:pID" and "uID", 4 x ID + 11 characters
        int idLength = (BuilderVocabulary.MAX_CHARS / elements - 11) / 4;
        StringBuilder xml = new StringBuilder("<r>");
        for (int k = 0; k < elements; k++) {
            String id = String.format("%c%0" + (idLength - 1) + "d", (char) ('a' + doc % 26), k);
            xml.append("<p").append(id).append(":l").append(id).append(" xmlns:p").append(id).append("='u")
                    .append(id).append("'/>");
        }
        return xml.append("</r>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] text(int size) {
        return ("<a>" + "x".repeat(size - 7) + "</a>").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] newNames(int doc, int size) {
        String letters = "abcdefghijklmnopqrstuvwxyz";
        StringBuilder xml = new StringBuilder("<r>");
        for (int k = 0; xml.length() < size - 20; k++) {
            xml.append('<').append(letters.charAt(doc % 26));
            for (int v = k; v > 0; v /= 26) {
                xml.append(letters.charAt(v % 26));
            }
            xml.append("/>");
        }
        return xml.append("</r>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] nested(int depth) {
        return ("<a>".repeat(depth) + "</a>".repeat(depth)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] attributes(int count) {
        StringBuilder xml = new StringBuilder("<a");
        for (int i = 0; i < count; i++) {
            xml.append(" a").append(i).append("='v'");
        }
        return xml.append("/>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long retainedHeap() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** A document whose first read waits until every parse has started, so that each holds a builder of its own. */
    private static final class HeldUntilAllStarted extends FilterInputStream {
        private final CountDownLatch started;
        private boolean waited;

        HeldUntilAllStarted(byte[] doc, CountDownLatch started) {
            super(new ByteArrayInputStream(doc));
            this.started = started;
        }

        private void awaitOthers() throws IOException {
            if (waited) {
                return;
            }
            waited = true;
            started.countDown();
            try {
                if (!started.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("the other parses did not start");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        @Override
        public int read() throws IOException {
            awaitOthers();
            return super.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            awaitOthers();
            return super.read(buffer, offset, length);
        }
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
