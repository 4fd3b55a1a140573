package dev.samlec.mech.internal.xml;

import net.shibboleth.utilities.java.support.component.ComponentInitializationException;
import org.opensaml.core.config.InitializationException;
import java.util.ServiceLoader;
import org.opensaml.core.config.Initializer;
import org.opensaml.core.xml.config.XMLObjectProviderRegistry;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.config.ConfigurationService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Initialises OpenSAML once, lazily and thread-safely (initialization-on-demand holder), and installs samlec's
 * hardened parser pool as OpenSAML's own so that every parse, including of decrypted plaintext, uses it.
 */
public final class OpenSaml {
    private static final Logger LOG = LoggerFactory.getLogger(OpenSaml.class);

    private OpenSaml() {
    }

    /** Makes sure OpenSAML is initialised; cheap after the first call. */
    public static void ensureInitialized() {
        Holder.touch();
    }

    /**
     * The hardened pool OpenSAML was given (DTDs off, no entities, no XInclude, secure processing), with
     * {@link InfosetCheck} at the default depth limit: {@value #MAX_DEPTH_PROPERTY} if set, else
     * {@link CheckedParserPool#DEFAULT_MAX_DEPTH}.
     */
    public static CheckedParserPool parserPool() {
        return Holder.POOL;
    }

    /** System property that sets the default nesting limit of every parse (an integer of at least 16). */
    public static final String MAX_DEPTH_PROPERTY = "dev.samlec.xml.maxDepth";

    /** The configured default depth: the property, or the built-in default when unset. */
    static int configuredMaxDepth() {
        String value = System.getProperty(MAX_DEPTH_PROPERTY);
        if (value == null || value.isBlank()) {
            return CheckedParserPool.DEFAULT_MAX_DEPTH;
        }
        try {
            int depth = Integer.parseInt(value.trim());
            if (depth >= 16) {
                return depth;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("system property " + MAX_DEPTH_PROPERTY + ": expected an integer of at"
                + " least 16, was \"" + value + "\"");
    }

    /** OpenSAML's HttpClient 4 support, which samlec leaves out (it would need org.apache.http on the classpath). */
    private static final String HTTP_CLIENT_INITIALIZER =
            "org.opensaml.security.config.impl.HttpClientSecurityConfigurationInitalizer";

    /** What InitializationService.initialize() does, minus the HttpClient 4 initializer. */
    private static void initializeModules() throws InitializationException {
        for (Initializer initializer : ServiceLoader.load(Initializer.class, OpenSaml.class.getClassLoader())) {
            if (HTTP_CLIENT_INITIALIZER.equals(initializer.getClass().getName())) {
                LOG.debug("skipping {}", HTTP_CLIENT_INITIALIZER);
                continue;
            }
            initializer.init();
        }
    }

    private static final class Holder {
        static final CheckedParserPool POOL = initialize();

        static void touch() {
            // Loading this class runs initialize() exactly once (JLS 12.4.2).
        }

        private static CheckedParserPool initialize() {
            try {
                initializeModules();
                CheckedParserPool pool = new CheckedParserPool(HardenedParserPool.create(), configuredMaxDepth());
                XMLObjectProviderRegistry registry = ConfigurationService.get(XMLObjectProviderRegistry.class);
                if (registry == null) {
                    registry = new XMLObjectProviderRegistry();
                    ConfigurationService.register(XMLObjectProviderRegistry.class, registry);
                }
                registry.setParserPool(pool);
                LOG.debug("OpenSAML initialised; parser pool installed: {}",
                        XMLObjectProviderRegistrySupport.getParserPool() == pool);
                return pool;
            } catch (InitializationException | ComponentInitializationException e) {
                throw new IllegalStateException("OpenSAML could not be initialised: " + e.getMessage(), e);
            }
        }
    }
}
