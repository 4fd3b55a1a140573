package dev.samlec.sasl.internal;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslException;
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
            try {
                serviceName = ServiceName.of(protocol, serverName, props);
                callTimeout = CallTimeoutProperty.of(props);
            } catch (EcpConfigurationException e) {
                throw new SamlecSaslException(e);
            }
            InitialResponse initial = new InitialResponse(cbFlag(plus, binding),
                    plus ? binding.map(TlsChannelBinding::type) : Optional.empty(),
                    Optional.ofNullable(authorizationId).filter(a -> !a.isEmpty()), false,
                    MechanismPolicy.isTrue(props, Sasl.SERVER_AUTH), MechanismPolicy.isTrue(props, SamlecSasl.DELEGATION));
            ClientExchange exchange = new ClientExchange(serviceName, initial,
                    plus ? binding.map(b -> ChannelBindingRules.bound(initial, b)) : Optional.empty(),
                    new ClientIdps(props, handler, serviceName), callTimeout,
                    MechanismPolicy.isTrue(props, SamlecSasl.IDP_UNAVAILABLE_THROWS));
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
