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
        pool.initialize();
        return pool;
    }
}
