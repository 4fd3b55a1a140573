package dev.samlec.mech.internal.xml;

import java.io.InputStream;
import java.io.Reader;
import javax.xml.parsers.DocumentBuilder;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import net.shibboleth.utilities.java.support.xml.ParserPool;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.w3c.dom.Document;

/**
 * samlec's hardened pool with {@link InfosetCheck} run on every parsed document. This is the pool OpenSAML is given,
 * so documents OpenSAML parses on its own (the plaintext of a decrypted element) get the same depth limit and name
 * checks as messages from the wire. {@link #withMaxDepth(int)} gives a view with another limit over the same pool.
 *
 * <p>{@link #getBuilder()} hands out unchecked builders, as the interface requires; samlec code always parses
 * through {@code parse}.
 */
public final class CheckedParserPool implements ParserPool {
    /** Default nesting limit: real SAML messages and metadata stay under 20 levels; 64 keeps every recursive
     * consumer (DOM import, unmarshalling, decryption) far from the stack limit of a small thread. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    private final BasicParserPool pool;
    private final int maxDepth;

    CheckedParserPool(BasicParserPool pool, int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
        }
        this.pool = pool;
        this.maxDepth = maxDepth;
    }

    /** A view of the same pool with another nesting limit. */
    public CheckedParserPool withMaxDepth(int depth) {
        return depth == maxDepth ? this : new CheckedParserPool(pool, depth);
    }

    /** The nesting limit of this view. */
    public int maxDepth() {
        return maxDepth;
    }

    @Override
    public Document parse(InputStream input) throws XMLParserException {
        return checked(pool.parse(input));
    }

    @Override
    public Document parse(Reader input) throws XMLParserException {
        return checked(pool.parse(input));
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
}
