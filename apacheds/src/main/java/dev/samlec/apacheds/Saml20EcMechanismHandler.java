package dev.samlec.apacheds;

import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.mech.EcpError;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslException;
import dev.samlec.sasl.TlsChannelBinding;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLSession;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.apache.directory.api.ldap.model.message.BindRequest;
import org.apache.directory.server.ldap.LdapSession;
import org.apache.directory.server.ldap.handlers.sasl.MechanismHandler;
import org.apache.directory.server.ldap.handlers.sasl.SaslConstants;
import org.apache.mina.filter.ssl.SslFilter;

/**
 * ApacheDS's extension point for one SASL mechanism, {@code SAML20EC} or {@code SAML20EC-PLUS}: for each bind it creates samlec's
 * {@code SaslServer} through the installed provider and keeps it in the LDAP session until the exchange ends.
 * The SAML identity becomes the session's principal through {@link EntryAuthorization}, which ApacheDS then binds as
 * (authentication level STRONG, no password). For -PLUS the connection's TLS session (LDAPS, or StartTLS before
 * the bind) gives the channel bindings the server accepts (tls-server-end-point always, tls-exporter on TLS 1.3
 * where the JDK exports keying material). Install with {@link SamlecLdapMechanisms#install}.
 */
public final class Saml20EcMechanismHandler implements MechanismHandler {
    private final String mechanism;
    private final SamlecAcceptor acceptor;
    private final IdentityMapping mapping;

    /** A handler for {@code mechanism} validating with {@code acceptor} and mapping identities with {@code mapping}. */
    public Saml20EcMechanismHandler(String mechanism, SamlecAcceptor acceptor, IdentityMapping mapping) {
        this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
        this.acceptor = Objects.requireNonNull(acceptor, "acceptor");
        this.mapping = Objects.requireNonNull(mapping, "mapping");
    }

    @Override
    public SaslServer handleMechanism(LdapSession session, BindRequest request) throws Exception {
        SaslServer server = (SaslServer) session.getSaslProperty(SaslConstants.SASL_SERVER);
        if (server == null) {
            Map<String, Object> props = new HashMap<>();
            props.put(SamlecSasl.ACCEPTOR, acceptor);
            Object secured = session.getIoSession().getAttribute(SslFilter.SSL_SECURED);
            if (SamlecSasl.SAML20EC_PLUS.equals(mechanism)) {
                props.put(SamlecSasl.CHANNEL_BINDING, TlsChannelBinding.forServer(tlsSession(secured)));
            } else if (secured instanceof SSLSession
                    && session.getLdapServer().getMechanismHandler(SamlecSasl.SAML20EC_PLUS) != null) {
                // -PLUS is offered on this connection: the plain server must know, to refuse a "y" downgrade
                props.put(SamlecSasl.CHANNEL_BINDING, TlsChannelBinding.forServer((SSLSession) secured));
            }
            server = Sasl.createSaslServer(mechanism, SaslConstants.LDAP_PROTOCOL, null, props,
                    new EntryAuthorization(session, mapping));
            if (server == null) {
                throw new SaslException(mechanism + " is not available: call SamlecSaslProvider.install() first");
            }
            session.putSaslProperty(SaslConstants.SASL_SERVER, server);
        }
        return server;
    }

    /** The connection's TLS session (LDAPS, or after StartTLS), which SAML20EC-PLUS binds to. */
    private SSLSession tlsSession(Object secured) throws SaslException {
        if (!(secured instanceof SSLSession)) {
            throw new SamlecSaslException(EcpError.CHANNEL_BINDING_MISMATCH, mechanism + " needs a TLS connection"
                    + " (LDAPS or StartTLS) to bind to; this connection is plain");
        }
        return (SSLSession) secured;
    }

    @Override
    public void init(LdapSession session) {
        // nothing to prepare: the SaslServer is created on the first bind message
    }

    @Override
    public void cleanup(LdapSession session) {
        SaslServer server = (SaslServer) session.getSaslProperty(SaslConstants.SASL_SERVER);
        if (server != null) {
            try {
                server.dispose();
            } catch (SaslException e) {
                // nothing held that needs releasing
            }
        }
        session.clearSaslProperties();
    }
}
