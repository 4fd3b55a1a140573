package dev.samlec.sasl.internal;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.sasl.SamlecCredential;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslException;
import dev.samlec.sasl.SubjectAccess;
import dev.samlec.sasl.TlsChannelBinding;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;

/**
 * Creates SAML20EC and SAML20EC-PLUS clients: the first of the requested mechanisms that this factory owns, the
 * policy properties allow and, for -PLUS, that has channel-binding data ({@link SamlecSasl#CHANNEL_BINDING}, or
 * the JDK LDAP client's tls-server-end-point property). Null when none qualifies.
 */
public final class ClientFactory implements SaslClientFactory {
    @Override
    public SaslClient createSaslClient(String[] mechanisms, String authorizationId, String protocol,
            String serverName, Map<String, ?> props, CallbackHandler handler) throws SaslException {
        Optional<TlsChannelBinding> binding = binding(props);
        for (String mechanism : mechanisms) {
            boolean plus = SamlecSasl.SAML20EC_PLUS.equals(mechanism);
            if (!plus && !SamlecSasl.SAML20EC.equals(mechanism) || !MechanismPolicy.allows(mechanism, props)
                    || plus && binding.isEmpty()) {
                continue;
            }
            String serviceName;
            Optional<Duration> callTimeout;
            Optional<IdpCredentials.ClientCertificate> holderOfKey;
            Optional<SamlecCredential> pinned;
            boolean keepAlive;
            try {
                serviceName = ServiceName.of(protocol, serverName, props);
                callTimeout = CallTimeoutProperty.of(props);
                pinned = holderOfKeyCredential(props);
                holderOfKey = holderOfKey(props).or(() -> pinned.flatMap(SamlecCredential::holderOfKey));
                keepAlive = IdpKeepAliveProperty.of(props);
            } catch (EcpConfigurationException e) {
                throw new SamlecSaslException(e);
            }
            InitialResponse initial = new InitialResponse(cbFlag(plus, binding),
                    plus ? binding.map(TlsChannelBinding::type) : Optional.empty(),
                    Optional.ofNullable(authorizationId).filter(a -> !a.isEmpty()), holderOfKey.isPresent(),
                    MechanismPolicy.isTrue(props, Sasl.SERVER_AUTH), MechanismPolicy.isTrue(props, SamlecSasl.DELEGATION));
            ClientExchange exchange = new ClientExchange(serviceName, initial,
                    plus ? binding.map(b -> ChannelBindingRules.bound(initial, b)) : Optional.empty(),
                    new ClientIdps(props, handler, serviceName, pinned), callTimeout, holderOfKey, keepAlive);
            return new Saml20EcClient(mechanism, initial, exchange);
        }
        return null;
    }

    @Override
    public String[] getMechanismNames(Map<String, ?> props) {
        return MechanismPolicy.names(props, props == null || binding(props).isPresent());
    }

    private static InitialResponse.CbFlag cbFlag(boolean plus, Optional<TlsChannelBinding> binding) {
        if (plus) {
            return InitialResponse.CbFlag.P;
        }
        return binding.isPresent() ? InitialResponse.CbFlag.Y : InitialResponse.CbFlag.N;
    }

    /**
     * Without the {@link SamlecSasl#HOLDER_OF_KEY} and {@link SamlecSasl#IDPS} properties, the Subject's newest
     * {@link SamlecCredential} when it binds a holder-of-key certificate (a JAAS initiator with
     * {@code holderOfKey=true}): the exchange then uses that credential alone, for the {@code hok} of its first
     * message and for the IdP login at the challenge.
     */
    private static Optional<SamlecCredential> holderOfKeyCredential(Map<String, ?> props)
            throws EcpConfigurationException {
        if (props != null && props.get(SamlecSasl.HOLDER_OF_KEY) != null || ClientIdps.configured(props).isPresent()) {
            return Optional.empty();
        }
        return SubjectAccess.current().flatMap(SamlecCredential::newestIn).filter(c -> c.holderOfKey().isPresent());
    }

    /** The {@link SamlecSasl#HOLDER_OF_KEY} client certificate, if set. */
    private static Optional<IdpCredentials.ClientCertificate> holderOfKey(Map<String, ?> props)
            throws EcpConfigurationException {
        Object value = props == null ? null : props.get(SamlecSasl.HOLDER_OF_KEY);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof IdpCredentials.ClientCertificate) {
            return Optional.of((IdpCredentials.ClientCertificate) value);
        }
        throw new EcpConfigurationException(EcpError.INVALID_CONFIGURATION, "property " + SamlecSasl.HOLDER_OF_KEY
                + " must be an IdpCredentials.ClientCertificate, the key the client also presents on the application"
                + " connection (value: " + value.getClass().getName() + ")");
    }

    static Optional<TlsChannelBinding> binding(Map<String, ?> props) {
        if (props == null) {
            return Optional.empty();
        }
        Object value = props.get(SamlecSasl.CHANNEL_BINDING);
        if (value instanceof TlsChannelBinding) {
            return Optional.of((TlsChannelBinding) value);
        }
        return TlsChannelBinding.fromJdkProperty(props.get(SamlecSasl.JDK_TLS_CHANNEL_BINDING));
    }
}
