package dev.samlec.sasl;

import dev.samlec.sasl.internal.ClientFactory;
import dev.samlec.sasl.internal.ServerFactory;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;

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
 *
 * <p>{@code Sasl.createSaslServer} and {@code createSaslClient} scan every installed provider's services on each
 * call ({@code Security.getProviders}); a host that creates samlec's servers or clients for every connection can call
 * {@link #createSaslServer} and {@link #createSaslClient} instead: the same factories (shared, stateless), the
 * {@code jdk.sasl.disabledMechanisms} rule (read on each call, where the JDK reads it once), no scan, and no
 * installation needed.
 */
public final class SamlecSaslProvider extends Provider {
    /** The provider name. */
    public static final String NAME = "samlec";
    private static final long serialVersionUID = 1L;
    private static final String VERSION = "0.1";
    private static final SaslServerFactory SERVER_FACTORY = new ServerFactory();
    private static final SaslClientFactory CLIENT_FACTORY = new ClientFactory();

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

    /**
     * What {@code Sasl.createSaslServer(mechanism, ...)} returns with this provider installed, without the provider
     * scan: a SAML20EC or SAML20EC-PLUS server, or null for another mechanism, one that
     * {@code jdk.sasl.disabledMechanisms} disables, or one the properties rule out.
     *
     * @throws SaslException as the factory does (a missing acceptor, a configuration that cannot work)
     */
    public static SaslServer createSaslServer(String mechanism, String protocol, String serverName,
            Map<String, ?> props, CallbackHandler handler) throws SaslException {
        Objects.requireNonNull(mechanism, "mechanism");
        if (disabled(mechanism)) {
            return null;
        }
        return SERVER_FACTORY.createSaslServer(mechanism, protocol, serverName, props, handler);
    }

    /**
     * What {@code Sasl.createSaslClient(mechanisms, ...)} returns with this provider installed, without the provider
     * scan: a client for the first of {@code mechanisms} that samlec offers and {@code jdk.sasl.disabledMechanisms}
     * does not disable, or null.
     *
     * @throws SaslException as the factory does
     */
    public static SaslClient createSaslClient(String[] mechanisms, String authorizationId, String protocol,
            String serverName, Map<String, ?> props, CallbackHandler handler) throws SaslException {
        List<String> enabled = new ArrayList<>();
        for (String mechanism : mechanisms) {
            if (!disabled(Objects.requireNonNull(mechanism, "mechanism"))) {
                enabled.add(mechanism);
            }
        }
        return enabled.isEmpty() ? null : CLIENT_FACTORY.createSaslClient(enabled.toArray(String[]::new),
                authorizationId, protocol, serverName, props, handler);
    }

    /** The JDK's rule: the security property {@code jdk.sasl.disabledMechanisms}, a comma-separated list. */
    private static boolean disabled(String mechanism) {
        String list = Security.getProperty("jdk.sasl.disabledMechanisms");
        if (list == null || list.isBlank()) {
            return false;
        }
        for (String name : list.split(",")) {
            if (name.trim().equals(mechanism)) {
                return true;
            }
        }
        return false;
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
