package dev.samlec.sasl;

import dev.samlec.sasl.internal.ClientFactory;
import dev.samlec.sasl.internal.ServerFactory;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Map;

/**
 * The {@code java.security.Provider} of the SAML20EC and SAML20EC-PLUS SASL mechanisms (one client factory and one
 * server factory, each serving both names).
 *
 * <p>Nothing is registered when the class loads. Install it once at start-up:
 * <pre>{@code
 * SamlecSaslProvider.install();        // idempotent; uninstall() removes it again
 * SaslClient client = Sasl.createSaslClient(new String[] {"SAML20EC"}, null, "ldap", "ldap.example.org", props, handler);
 * }</pre>
 * or list it in {@code java.security} ({@code security.provider.N=samlec}), which finds it through
 * {@code META-INF/services/java.security.Provider}; Kafka users name samlec's {@code SecurityProviderCreator}.
 */
public final class SamlecSaslProvider extends Provider {
    /** The provider name. */
    public static final String NAME = "samlec";
    private static final long serialVersionUID = 1L;
    private static final String VERSION = "0.1";

    /** The provider; public for {@code ServiceLoader}. Prefer {@link #install()}. */
    public SamlecSaslProvider() {
        super(NAME, VERSION, "samlec SASL provider (SAML20EC, SAML20EC-PLUS: SAML ECP, draft-ietf-kitten-sasl-saml-ec)");
        for (String mechanism : List.of(SamlecSasl.SAML20EC, SamlecSasl.SAML20EC_PLUS)) {
            putService(new FactoryService(this, "SaslClientFactory", mechanism, ClientFactory.class.getName()));
            putService(new FactoryService(this, "SaslServerFactory", mechanism, ServerFactory.class.getName()));
        }
    }

    /**
     * Adds the provider at the end of the JVM's provider list, unless a provider named {@value #NAME} is there.
     *
     * @return true if it was added by this call
     */
    public static synchronized boolean install() {
        if (Security.getProvider(NAME) != null) {
            return false;
        }
        return Security.addProvider(new SamlecSaslProvider()) != -1;
    }

    /**
     * Removes the provider named {@value #NAME}.
     *
     * @return true if one was installed
     */
    public static synchronized boolean uninstall() {
        if (Security.getProvider(NAME) == null) {
            return false;
        }
        Security.removeProvider(NAME);
        return true;
    }

    /** A service that creates its factory directly, without reflection. */
    private static final class FactoryService extends Service {
        FactoryService(Provider provider, String type, String algorithm, String className) {
            super(provider, type, algorithm, className, List.of(), Map.of());
        }

        @Override
        public Object newInstance(Object constructorParameter) {
            return getType().equals("SaslClientFactory") ? new ClientFactory() : new ServerFactory();
        }
    }
}
