package dev.samlec.apacheds;

import dev.samlec.mech.EcpError;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslException;
import dev.samlec.sasl.TlsChannelBinding;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLSession;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.apache.directory.api.ldap.model.message.BindRequest;
import org.apache.directory.server.ldap.LdapSession;
import org.apache.directory.server.ldap.handlers.sasl.MechanismHandler;
import org.apache.directory.server.ldap.handlers.sasl.SaslConstants;
import org.apache.mina.filter.ssl.SslFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ApacheDS's extension point for one SASL mechanism, {@code SAML20EC} or {@code SAML20EC-PLUS}. For each bind it
 * creates samlec's {@code SaslServer} through the installed provider (props {@link SamlecSasl#ACCEPTOR} and, for
 * -PLUS, {@link SamlecSasl#CHANNEL_BINDING}) and keeps it in the LDAP session until the exchange ends. Once the
 * assertion is validated, the SAML identity is mapped to one entry ({@link IdentityMapping}), which ApacheDS binds
 * the session as (authentication level STRONG, no password).
 *
 * <p>Channel binding: for -PLUS the connection's TLS session (LDAPS, or StartTLS before the bind) gives the bindings
 * the server accepts (tls-server-end-point of its certificate always, tls-exporter where the JDK exports keying
 * material); without TLS the bind is refused with {@code channel_binding_mismatch}. On a TLS connection where -PLUS
 * is installed too, plain SAML20EC also gets the bindings, so a client that could bind but claims the server cannot
 * ({@code y}) is refused as a downgrade.
 *
 * <p>Install with {@link SamlecLdapMechanisms#install}. Thread-safe: one instance serves all connections.
 */
public final class Saml20EcMechanismHandler implements MechanismHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Saml20EcMechanismHandler.class);

    private final String mechanism;
    private final SamlecAcceptor acceptor;
    private final IdentityMapping mapping;

    /**
     * A handler for {@code mechanism} validating with {@code acceptor} and mapping identities with {@code mapping}.
     *
     * @throws IllegalArgumentException if {@code mechanism} is neither SAML20EC nor SAML20EC-PLUS
     */
    public Saml20EcMechanismHandler(String mechanism, SamlecAcceptor acceptor, IdentityMapping mapping) {
        if (!SamlecSasl.SAML20EC.equals(mechanism) && !SamlecSasl.SAML20EC_PLUS.equals(mechanism)) {
            throw new IllegalArgumentException("mechanism must be " + SamlecSasl.SAML20EC + " or "
                    + SamlecSasl.SAML20EC_PLUS + ", was " + mechanism);
        }
        this.mechanism = mechanism;
        this.acceptor = Objects.requireNonNull(acceptor, "acceptor");
        this.mapping = Objects.requireNonNull(mapping, "mapping");
    }

    /** The mechanism name this handler serves. */
    public String mechanism() {
        return mechanism;
    }

    /** The identity mapping this handler applies. */
    public IdentityMapping mapping() {
        return mapping;
    }

    @Override
    public SaslServer handleMechanism(LdapSession session, BindRequest request) {
        SaslServer server = (SaslServer) session.getSaslProperty(SaslConstants.SASL_SERVER);
        if (server == null) {
            server = newServer(session);
            session.putSaslProperty(SaslConstants.SASL_SERVER, server);
        }
        return server;
    }

    private SaslServer newServer(LdapSession session) {
        Object secured = session.getIoSession().getAttribute(SslFilter.SSL_SECURED);
        SSLSession tls = secured instanceof SSLSession ? (SSLSession) secured : null;
        Map<String, Object> props = new HashMap<>();
        props.put(SamlecSasl.ACCEPTOR, acceptor);
        if (tls != null) {
            // the TLS client certificate (LDAPS/StartTLS with want/needClientAuth), for holder-of-key assertions
            props.put(SamlecSasl.CLIENT_CERTIFICATE, tls);
        }
        try {
            if (SamlecSasl.SAML20EC_PLUS.equals(mechanism)) {
                if (tls == null) {
                    return new RefusedSaslServer(mechanism, new SamlecSaslException(
                            EcpError.CHANNEL_BINDING_MISMATCH, mechanism + " needs a TLS connection (LDAPS, or"
                            + " StartTLS before the bind) to bind to; this connection is plain"));
                }
                props.put(SamlecSasl.CHANNEL_BINDING, TlsChannelBinding.forServer(tls));
            } else if (tls != null && session.getLdapServer().getMechanismHandler(SamlecSasl.SAML20EC_PLUS) != null) {
                props.put(SamlecSasl.CHANNEL_BINDING, TlsChannelBinding.forServer(tls));
            }
            EntryAuthorization authorization = new EntryAuthorization(mapping,
                    new DirectoryEntries(session.getLdapServer().getDirectoryService()));
            return MappedSaslServer.create(mechanism, props, session, authorization);
        } catch (SaslException e) {
            LOG.warn("{}: no SASL server for this bind: {}", mechanism, e.getMessage());
            return new RefusedSaslServer(mechanism, e);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: the TLS session gives no channel binding: {}", mechanism, e.getMessage());
            return new RefusedSaslServer(mechanism, new SamlecSaslException(EcpError.INVALID_CONFIGURATION,
                    "the server's TLS session gives no channel binding"));
        }
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
                LOG.debug("{}: dispose failed: {}", mechanism, e.toString());
            }
        }
        session.clearSaslProperties();
    }

    @Override
    public String toString() {
        return "Saml20EcMechanismHandler[" + mechanism + ", service " + acceptor.serviceName() + ", " + mapping + "]";
    }
}
