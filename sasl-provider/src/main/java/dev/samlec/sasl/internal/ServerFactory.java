package dev.samlec.sasl.internal;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslException;
import dev.samlec.sasl.SubjectAccess;
import dev.samlec.sasl.TlsChannelBinding;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;

/**
 * Creates SAML20EC and SAML20EC-PLUS servers. Returns null for other names, for names the policy properties rule
 * out, and for -PLUS without channel-binding data; fails with a {@link SaslException} when the acceptor is missing
 * or the configuration cannot work (no signing key for -PLUS, a service name that is not the acceptor's).
 */
public final class ServerFactory implements SaslServerFactory {
    @Override
    public SaslServer createSaslServer(String mechanism, String protocol, String serverName, Map<String, ?> props,
            CallbackHandler handler) throws SaslException {
        if (!SamlecSasl.SAML20EC.equals(mechanism) && !SamlecSasl.SAML20EC_PLUS.equals(mechanism)) {
            return null;
        }
        List<TlsChannelBinding> bindings = bindings(props);
        boolean plus = SamlecSasl.SAML20EC_PLUS.equals(mechanism);
        if (!MechanismPolicy.allows(mechanism, props) || plus && bindings.isEmpty()) {
            return null;
        }
        SamlecAcceptor acceptor = acceptor(props);
        if (plus && !acceptor.canSign()) {
            throw config(SamlecSasl.SAML20EC_PLUS + " needs a signing key in the acceptor's settings: the channel"
                    + " binding travels in the signed AuthnRequest");
        }
        checkServiceName(acceptor, props);
        try {
            return new Saml20EcServer(mechanism, acceptor, bindings, handler, ClientCertificateProperty.of(props));
        } catch (EcpConfigurationException e) {
            throw new SamlecSaslException(e);
        }
    }

    @Override
    public String[] getMechanismNames(Map<String, ?> props) {
        // Prefixed bytes count as binding data here; a bad prefix is reported by createSaslServer.
        boolean binding = props == null || props.get(SamlecSasl.CHANNEL_BINDING) instanceof byte[];
        try {
            binding = binding || !bindings(props).isEmpty();
        } catch (SaslException e) {
            binding = true;
        }
        return MechanismPolicy.names(props, binding);
    }

    /** The acceptor from the properties, else from the public credentials of the Subject the server runs as. */
    private static SamlecAcceptor acceptor(Map<String, ?> props) throws SaslException {
        Object value = props == null ? null : props.get(SamlecSasl.ACCEPTOR);
        if (value instanceof SamlecAcceptor) {
            return (SamlecAcceptor) value;
        }
        if (value == null) {
            Optional<SamlecAcceptor> fromSubject = SubjectAccess.current().flatMap(
                    s -> s.getPublicCredentials(SamlecAcceptor.class).stream().findFirst());
            if (fromSubject.isPresent()) {
                return fromSubject.get();
            }
        }
        throw config("property " + SamlecSasl.ACCEPTOR + " must hold a SamlecAcceptor, or the server must run as a"
                + " Subject holding one (value: " + (value == null ? "none" : value.getClass().getName()) + ")");
    }

    /**
     * The server's name is the acceptor's: the host name a server socket reports is often not the one clients use,
     * so {@code protocol@serverName} is not compared. An explicit {@link SamlecSasl#SERVICE_NAME} must agree.
     */
    private static void checkServiceName(SamlecAcceptor acceptor, Map<String, ?> props) throws SaslException {
        Object name = props == null ? null : props.get(SamlecSasl.SERVICE_NAME);
        if (name != null && !name.equals(acceptor.serviceName())) {
            throw config("property " + SamlecSasl.SERVICE_NAME + " differs from the acceptor's"
                    + " AssertionConsumerServiceURL " + acceptor.serviceName() + " (value: " + name + ")");
        }
    }

    /**
     * The server's channel bindings: a TlsChannelBinding, a collection of them, or the bytes
     * {@code "type:" + data} (RFC 5056 prefix, as OpenLDAP hands binding data to GS2 mechanisms).
     */
    static List<TlsChannelBinding> bindings(Map<String, ?> props) throws SaslException {
        Object value = props == null ? null : props.get(SamlecSasl.CHANNEL_BINDING);
        if (value instanceof TlsChannelBinding) {
            return List.of((TlsChannelBinding) value);
        }
        if (value instanceof byte[]) {
            try {
                return List.of(TlsChannelBinding.ofPrefixed((byte[]) value));
            } catch (IllegalArgumentException e) {
                throw config("property " + SamlecSasl.CHANNEL_BINDING + ": " + e.getMessage());
            }
        }
        if (value instanceof Collection<?>) {
            return ((Collection<?>) value).stream().filter(TlsChannelBinding.class::isInstance)
                    .map(TlsChannelBinding.class::cast).toList();
        }
        return List.of();
    }

    private static SaslException config(String message) {
        return new SamlecSaslException(EcpError.INVALID_CONFIGURATION, message);
    }
}
