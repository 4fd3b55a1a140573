package dev.samlec.mech.internal.xml;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilder;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import net.shibboleth.utilities.java.support.xml.ParserPool;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * samlec's hardened pool with {@link InfosetCheck} run on every parsed document. This is the pool OpenSAML is given,
 * so documents OpenSAML parses on its own (the plaintext of a decrypted element) get the same depth limit and name
 * checks as messages from the wire. {@link #withMaxDepth(int)} gives a view with another limit over the same pool.
 *
 * <p>{@link #getBuilder()} hands out unchecked builders, as the interface requires; samlec code always parses
 * through {@code parse}.
 *
 * <p>{@code parse} keeps up to {@value #MAX_IDLE} builders in a lock-free queue and reuses them (a builder resets its
 * parser at every parse; its features, error handler and entity resolver stay as the pool set them).
 * {@code BasicParserPool} takes one monitor per borrow and per return: with more threads than cores a preempted
 * holder made every other parse wait (docs/performance.md). A reused builder keeps state that grows with what it
 * has read, so it is reused only while that state stays small (two attacker reviews measured each kind):
 * <ul>
 *   <li>Xerces keeps every name it has read in the builder's symbol table for the builder's life (14 to 46 bytes
 *       of heap per byte of input full of new names): the builder's {@link BuilderVocabulary} counts the names of
 *       each document it parsed, and the builder is dropped once they pass {@value BuilderVocabulary#MAX_NAMES}
 *       names or {@value BuilderVocabulary#MAX_CHARS} characters;</li>
 *   <li>a failed parse leaves its partial document and element stack in the builder: dropped;</li>
 *   <li>its attribute table grows to the most attributes one element had, its element stack to the deepest
 *       nesting, its buffers to the longest value: dropped after a document refused by {@link InfosetCheck}, with
 *       an element of more than {@value #MAX_ATTRIBUTES_FOR_REUSE} attributes (SAML elements have fewer than 10),
 *       or larger than {@value #MAX_DOCUMENT_FOR_REUSE} bytes;</li>
 *   <li>whatever else might grow: dropped after {@value #MAX_INPUT_PER_BUILDER} bytes in all, and after a parse
 *       through a {@code Reader} (samlec parses bytes, and characters are not counted).</li>
 * </ul>
 * What idle builders hold is thus bounded by their names and by one document of at most
 * {@code MAX_DOCUMENT_FOR_REUSE} each (about 1 MB per builder, measured in {@code CheckedParserPoolReuseTest}). A
 * new builder's first parse costs about 20 &micro;s more than a parse on a kept one; with a budget of one or two
 * hundred SAML messages per builder that cost is out of sight (docs/performance.md, "The parser pool's budget").
 */
public final class CheckedParserPool implements ParserPool {
    /** Default nesting limit: real SAML messages and metadata stay under 20 levels; 64 keeps every recursive
     * consumer (DOM import, unmarshalling, decryption) far from the stack limit of a small thread. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    /**
     * Most builders kept for reuse; fixed, so what they may hold does not grow with the host's cores (a builder is
     * busy only during a parse; more threads parsing at once make new ones).
     */
    static final int MAX_IDLE = 8;

    /** Bytes a builder may read in all before it is dropped: a backstop, see the class comment. */
    static final long MAX_INPUT_PER_BUILDER = 1024 * 1024;

    /** Largest document after which the builder may still be reused. */
    static final long MAX_DOCUMENT_FOR_REUSE = 64 * 1024;

    /** Most attributes on one element of a document after which the builder may still be reused. */
    static final int MAX_ATTRIBUTES_FOR_REUSE = 64;

    private final BasicParserPool pool;
    private final int maxDepth;
    private final boolean aggregates;
    private final IdleBuilders idle;

    CheckedParserPool(BasicParserPool pool, int maxDepth) {
        this(pool, maxDepth, false, new IdleBuilders());
    }

    private CheckedParserPool(BasicParserPool pool, int maxDepth, boolean aggregates, IdleBuilders idle) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
        }
        this.pool = pool;
        this.maxDepth = maxDepth;
        this.aggregates = aggregates;
        this.idle = idle;
    }

    /** A view of the same pool with another nesting limit. */
    public CheckedParserPool withMaxDepth(int depth) {
        return depth == maxDepth ? this : new CheckedParserPool(pool, depth, aggregates, idle);
    }

    /** A view of the same pool for federation metadata (see {@link InfosetCheck#check(Document, int, Names, boolean)}). */
    public CheckedParserPool forAggregates() {
        return aggregates ? this : new CheckedParserPool(pool, maxDepth, true, idle);
    }

    /** The nesting limit of this view. */
    public int maxDepth() {
        return maxDepth;
    }

    @Override
    public Document parse(InputStream input) throws XMLParserException {
        Objects.requireNonNull(input, "Input stream can not be null");
        return parseChecked((builder, counted) -> builder.parse(counted.of(input)));
    }

    @Override
    public Document parse(Reader input) throws XMLParserException {
        Objects.requireNonNull(input, "Input reader can not be null");
        // samlec parses bytes; a builder that read characters is not reused (they are not counted).
        return parseChecked((builder, counted) -> {
            counted.count = MAX_INPUT_PER_BUILDER;
            return builder.parse(new InputSource(input));
        });
    }

    /** Parses on an idle builder (or a new one), runs {@link InfosetCheck}, and keeps the builder if it may be. */
    private Document parseChecked(ParseCall call) throws XMLParserException {
        UsedBuilder used = idle.take();
        if (used == null) {
            used = new UsedBuilder(pool.getBuilder());
        }
        CountingInput input = new CountingInput();
        boolean reusable = false;
        try {
            Document document = parse(call, used.builder, input);
            reusable = InfosetCheck.check(document, maxDepth, used.vocabulary, aggregates)
                    <= MAX_ATTRIBUTES_FOR_REUSE
                    && used.vocabulary.withinLimits();
            return document;
        } finally {
            used.read += input.count;
            if (reusable && input.count <= MAX_DOCUMENT_FOR_REUSE && used.read < MAX_INPUT_PER_BUILDER) {
                idle.offer(used);
            }
        }
    }

    private static Document parse(ParseCall call, DocumentBuilder builder, CountingInput input)
            throws XMLParserException {
        try {
            Document document = call.parse(builder, input);
            if (document == null) {
                throw new XMLParserException("DocumentBuilder parsed a null Document");
            }
            return document;
        } catch (SAXException e) {
            // The same wrapping as BasicParserPool.parse, so callers read the same messages.
            throw new XMLParserException("Unable to parse inputstream, it contained invalid XML", e);
        } catch (IOException e) {
            throw new XMLParserException("Unable to read data from input stream", e);
        }
    }

    /** One parse on a builder, its input counted into {@code input}. */
    private interface ParseCall {
        Document parse(DocumentBuilder builder, CountingInput input) throws SAXException, IOException;
    }

    /** A builder, the input it has read so far and the names in it. */
    private static final class UsedBuilder {
        private final DocumentBuilder builder;
        private final BuilderVocabulary vocabulary = new BuilderVocabulary();
        private long read;

        UsedBuilder(DocumentBuilder builder) {
            this.builder = builder;
        }
    }

    /** Counts what the parser reads through {@link #of(InputStream)}. */
    private static final class CountingInput {
        private long count;

        InputStream of(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    count += b < 0 ? 0 : 1;
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    count += Math.max(n, 0);
                    return n;
                }

                @Override
                public long skip(long n) throws IOException {
                    long skipped = super.skip(n);
                    count += Math.max(skipped, 0);
                    return skipped;
                }
            };
        }
    }

    @Override
    public DocumentBuilder getBuilder() throws XMLParserException {
        return pool.getBuilder();
    }

    @Override
    public void returnBuilder(DocumentBuilder builder) {
        pool.returnBuilder(builder);
    }

    @Override
    public Document newDocument() throws XMLParserException {
        return pool.newDocument();
    }

    /** At most {@link #MAX_IDLE} builders, without a lock; one more is dropped. */
    private static final class IdleBuilders {
        private final ConcurrentLinkedQueue<UsedBuilder> builders = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();

        UsedBuilder take() {
            UsedBuilder builder = builders.poll();
            if (builder != null) {
                size.decrementAndGet();
            }
            return builder;
        }

        void offer(UsedBuilder builder) {
            if (size.incrementAndGet() > MAX_IDLE) {
                size.decrementAndGet();
                return;
            }
            builders.offer(builder);
        }

        int size() {
            return size.get();
        }
    }

    /** The builders kept for reuse now (for tests). */
    int idleBuilders() {
        return idle.size();
    }
}
