package dev.samlec.mech.internal.xml;

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
 * <p>{@code parse} keeps up to {@value #MAX_IDLE} builders of the hardened pool in a lock-free queue and reuses them
 * (a builder resets its parser at every parse; its features, error handler and entity resolver stay as the pool
 * set them). {@code BasicParserPool} takes one monitor per borrow and per return: with more threads than cores a
 * preempted holder made every other parse wait (docs/performance.md).
 */
public final class CheckedParserPool implements ParserPool {
    /** Default nesting limit: real SAML messages and metadata stay under 20 levels; 64 keeps every recursive
     * consumer (DOM import, unmarshalling, decryption) far from the stack limit of a small thread. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    /** Most builders kept for reuse: the hardened pool's own cap. */
    static final int MAX_IDLE = 50;

    private final BasicParserPool pool;
    private final int maxDepth;
    private final IdleBuilders idle;

    CheckedParserPool(BasicParserPool pool, int maxDepth) {
        this(pool, maxDepth, new IdleBuilders());
    }

    private CheckedParserPool(BasicParserPool pool, int maxDepth, IdleBuilders idle) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
        }
        this.pool = pool;
        this.maxDepth = maxDepth;
        this.idle = idle;
    }

    /** A view of the same pool with another nesting limit. */
    public CheckedParserPool withMaxDepth(int depth) {
        return depth == maxDepth ? this : new CheckedParserPool(pool, depth, idle);
    }

    /** The nesting limit of this view. */
    public int maxDepth() {
        return maxDepth;
    }

    @Override
    public Document parse(InputStream input) throws XMLParserException {
        Objects.requireNonNull(input, "Input stream can not be null");
        return checked(parseWithIdleBuilder(builder -> builder.parse(input)));
    }

    @Override
    public Document parse(Reader input) throws XMLParserException {
        Objects.requireNonNull(input, "Input reader can not be null");
        return checked(parseWithIdleBuilder(builder -> builder.parse(new InputSource(input))));
    }

    private Document parseWithIdleBuilder(ParseCall call) throws XMLParserException {
        DocumentBuilder builder = idle.take();
        if (builder == null) {
            builder = pool.getBuilder();
        }
        try {
            Document document = call.parse(builder);
            if (document == null) {
                throw new XMLParserException("DocumentBuilder parsed a null Document");
            }
            return document;
        } catch (SAXException e) {
            // The same wrapping as BasicParserPool.parse, so callers read the same messages.
            throw new XMLParserException("Unable to parse inputstream, it contained invalid XML", e);
        } catch (IOException e) {
            throw new XMLParserException("Unable to read data from input stream", e);
        } finally {
            if (!idle.offer(builder)) {
                pool.returnBuilder(builder);
            }
        }
    }

    /** One parse on a builder. */
    private interface ParseCall {
        Document parse(DocumentBuilder builder) throws SAXException, IOException;
    }

    private Document checked(Document document) throws InfosetViolation {
        InfosetCheck.check(document, maxDepth);
        return document;
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

    /** At most {@link #MAX_IDLE} builders, without a lock. */
    private static final class IdleBuilders {
        private final ConcurrentLinkedQueue<DocumentBuilder> builders = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();

        DocumentBuilder take() {
            DocumentBuilder builder = builders.poll();
            if (builder != null) {
                size.decrementAndGet();
            }
            return builder;
        }

        boolean offer(DocumentBuilder builder) {
            if (size.incrementAndGet() > MAX_IDLE) {
                size.decrementAndGet();
                return false;
            }
            builders.offer(builder);
            return true;
        }
    }
}
