package dev.samlec.mech.internal.xml;

import java.util.List;
import net.shibboleth.utilities.java.support.component.ComponentInitializationException;
import org.opensaml.core.config.ConfigurationService;
import org.opensaml.core.config.InitializationException;
import org.opensaml.core.config.Initializer;
import org.opensaml.core.xml.config.XMLObjectProviderRegistry;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.saml.config.impl.SAMLConfigurationInitializer;
import org.opensaml.xmlsec.config.DecryptionParserPool;
import org.opensaml.xmlsec.config.GlobalAlgorithmRegistryInitializer;
import org.opensaml.xmlsec.config.impl.ApacheXMLSecurityInitializer;
import org.opensaml.xmlsec.config.impl.GlobalSecurityConfigurationInitializer;
import org.opensaml.xmlsec.config.impl.JavaCryptoValidationInitializer;
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

    /**
     * OpenSAML's initializers that samlec needs, in the order OpenSAML's own {@code InitializationService} runs them
     * (minus those that register XMLObject providers: {@link XmlObjectProviders} registers only samlec's). Left out:
     * the global and decryption parser pools (samlec installs its own pool as both), the metric registry (used only
     * by OpenSAML's profile and dynamic metadata classes), and the TLS and HttpClient 4 security configurations
     * (samlec does its own TLS on HttpClient 5).
     */
    private static List<Initializer> initializers() {
        return List.of(
                new SAMLConfigurationInitializer(),
                new GlobalAlgorithmRegistryInitializer(),
                new JavaCryptoValidationInitializer(),
                new ApacheXMLSecurityInitializer(),
                new GlobalSecurityConfigurationInitializer());
    }

    /** What InitializationService.initialize() does for samlec: the initializers above and samlec's providers. */
    private static XMLObjectProviderRegistry initializeModules() throws InitializationException {
        XMLObjectProviderRegistry registry = XmlObjectProviders.register();
        for (Initializer initializer : initializers()) {
            initializer.init();
        }
        return registry;
    }

    private static final class Holder {
        static final CheckedParserPool POOL = initialize();

        static void touch() {
            // Loading this class runs initialize() exactly once (JLS 12.4.2).
        }

        private static CheckedParserPool initialize() {
            try {
                ReadCachingConfiguration.install();
                XMLObjectProviderRegistry registry = initializeModules();
                CheckedParserPool pool = new CheckedParserPool(HardenedParserPool.create(), configuredMaxDepth());
                registry.setParserPool(pool);
                // What OpenSAML's own Decrypter parses plaintext with (samlec's decrypter asks for the pool itself).
                ConfigurationService.register(DecryptionParserPool.class, new DecryptionParserPool(pool));
                LOG.debug("OpenSAML initialised; parser pool installed: {}",
                        XMLObjectProviderRegistrySupport.getParserPool() == pool);
                return pool;
            } catch (InitializationException | ComponentInitializationException e) {
                throw new IllegalStateException("OpenSAML could not be initialised: " + e.getMessage(), e);
            }
        }
    }
}
