package dev.samlec.mech.internal.xml;

import java.util.HashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import net.shibboleth.utilities.java.support.component.ComponentInitializationException;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;

/**
 * Builds the one parser configuration samlec uses for XML from the wire.
 *
 * <p>Namespace-aware; comments ignored and adjacent text coalesced (so a comment inside a NameID cannot split it,
 * see attacks.md C14N-1); a DOCTYPE is a fatal error; no external entities or DTDs; no XInclude; secure processing.
 */
final class HardenedParserPool {
    /** The JDK parser's limit of attributes on one element (JAXP00010002 when passed). */
    static final String ELEMENT_ATTRIBUTE_LIMIT = "jdk.xml.elementAttributeLimit";
    /** JDK 17's default for {@link #ELEMENT_ATTRIBUTE_LIMIT}. */
    static final int MAX_ATTRIBUTES_PER_ELEMENT = 10_000;
    private HardenedParserPool() {
    }

    static BasicParserPool create() throws ComponentInitializationException {
        BasicParserPool pool = new BasicParserPool();
        pool.setMaxPoolSize(50);
        pool.setNamespaceAware(true);
        pool.setIgnoreComments(true);
        pool.setCoalescing(true);
        pool.setExpandEntityReferences(false);
        pool.setXincludeAware(false);
        pool.setIgnoreElementContentWhitespace(false);
        pool.setErrorHandler(new SilentErrorHandler());
        Map<String, Boolean> features = new HashMap<>();
        features.put(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        features.put("http://apache.org/xml/features/disallow-doctype-decl", true);
        features.put("http://xml.org/sax/features/external-general-entities", false);
        features.put("http://xml.org/sax/features/external-parameter-entities", false);
        features.put("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        // Every parsed message is walked whole (infoset check, unmarshalling, canonicalisation): building the
        // nodes right away is cheaper than Xerces' deferred DOM, which expands each node on first access.
        features.put("http://apache.org/xml/features/dom/defer-node-expansion", false);
        pool.setBuilderFeatures(features);
        // JDK 24+ lowered the JDK parser's attributes-per-element limit from 10,000 to 200 (namespace declarations
        // count), which refused documents within samlec's own limits as malformed; the walk after every parse
        // (InfosetCheck, ShapeBudget) bounds what attributes cost, so every JDK parses the same documents
        pool.setBuilderAttributes(Map.of(ELEMENT_ATTRIBUTE_LIMIT, String.valueOf(MAX_ATTRIBUTES_PER_ELEMENT)));
        pool.initialize();
        return pool;
    }
}
