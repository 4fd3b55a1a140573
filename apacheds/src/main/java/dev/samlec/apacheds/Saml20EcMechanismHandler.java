package dev.samlec.apacheds;

import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSasl;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.apache.directory.api.ldap.model.message.BindRequest;
import org.apache.directory.server.ldap.LdapSession;
import org.apache.directory.server.ldap.handlers.sasl.MechanismHandler;
import org.apache.directory.server.ldap.handlers.sasl.SaslConstants;

/**
 * ApacheDS's extension point for one SASL mechanism, here {@code SAML20EC}: for each bind it creates samlec's
 * {@code SaslServer} through the installed provider and keeps it in the LDAP session until the exchange ends.
 * The SAML identity becomes the session's principal through {@link EntryAuthorization}, which ApacheDS then binds as
 * (authentication level STRONG, no password). Install with {@link SamlecLdapMechanisms#install}.
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
            server = Sasl.createSaslServer(mechanism, SaslConstants.LDAP_PROTOCOL, null, props,
                    new EntryAuthorization(session, mapping));
            if (server == null) {
                throw new SaslException(mechanism + " is not available: call SamlecSaslProvider.install() first");
            }
            session.putSaslProperty(SaslConstants.SASL_SERVER, server);
        }
        return server;
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
