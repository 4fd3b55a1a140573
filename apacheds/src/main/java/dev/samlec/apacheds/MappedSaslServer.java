package dev.samlec.apacheds;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslException;
import dev.samlec.sasl.SamlecSaslProvider;
import java.util.Map;
import javax.naming.Context;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.apache.directory.api.ldap.model.constants.AuthenticationLevel;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.server.core.api.LdapPrincipal;
import org.apache.directory.server.ldap.LdapSession;
import org.apache.directory.server.ldap.handlers.sasl.SaslConstants;

/**
 * samlec's SaslServer with the LDAP authorization step added: once samlec has validated the assertion, the full
 * SAML identity (NameID and attributes) and the requested authzid go through {@link EntryAuthorization}, and the
 * chosen entry becomes the session's {@link SaslConstants#SASL_AUTHENT_USER}, which ApacheDS's BindRequestHandler
 * binds as (STRONG) when the exchange reports completion. A refusal is a {@link SaslException}, which ApacheDS
 * answers with invalidCredentials and the message. Each outcome is one {@link LoginAudit} line.
 *
 * <p>The decision is made here rather than in samlec's {@link AuthorizeCallback}, because the callback only carries
 * the NameID value and a mapping may need the assertion's attributes; the callback therefore only defers.
 */
final class MappedSaslServer implements SaslServer {
    private final SaslServer delegate;
    private final LdapSession session;
    private final EntryAuthorization authorization;
    private final LoginAudit audit;
    private String authorizationId;
    private boolean refused;

    private MappedSaslServer(SaslServer delegate, LdapSession session, EntryAuthorization authorization,
            String service) {
        this.delegate = delegate;
        this.session = session;
        this.authorization = authorization;
        this.audit = new LoginAudit(delegate.getMechanismName(), service,
                session.getIoSession() == null ? null : session.getIoSession().getRemoteAddress());
    }

    /**
     * Creates samlec's server for {@code mechanism} (with samlec's factory, no provider scan) and wraps it.
     *
     * @throws SaslException if the factory refuses (configuration) or the mechanism is disabled
     */
    static SaslServer create(String mechanism, Map<String, ?> props, LdapSession session,
            EntryAuthorization authorization) throws SaslException {
        // samlec's factory directly: Sasl.createSaslServer would scan every installed provider on each bind.
        SaslServer server = SamlecSaslProvider.createSaslServer(mechanism, SaslConstants.LDAP_PROTOCOL, null, props,
                MappedSaslServer::defer);
        if (server == null) {
            throw new SamlecSaslException(EcpError.INVALID_CONFIGURATION, mechanism + " is not available on this"
                    + " server (disabled by jdk.sasl.disabledMechanisms, or ruled out by the SASL policy properties)");
        }
        Object acceptor = props.get(SamlecSasl.ACCEPTOR);
        return new MappedSaslServer(server, session, authorization,
                acceptor instanceof SamlecAcceptor a ? a.serviceName() : null);
    }

    /** samlec asks before completion; the decision follows in {@link #evaluateResponse}. */
    private static void defer(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (!(callback instanceof AuthorizeCallback authorize)) {
                throw new UnsupportedCallbackException(callback);
            }
            authorize.setAuthorized(true);
        }
    }

    @Override
    public String getMechanismName() {
        return delegate.getMechanismName();
    }

    @Override
    public byte[] evaluateResponse(byte[] response) throws SaslException {
        if (refused || authorizationId != null) {
            throw new SamlecSaslException(EcpError.MECHANISM_STATE, "the " + getMechanismName() + " exchange has"
                    + " already ended; no further message is accepted");
        }
        byte[] reply;
        try {
            reply = delegate.evaluateResponse(response);
        } catch (SaslException e) {
            refused = true;
            audit.refused(e instanceof SamlecSaslException s ? s.error().code() : "sasl_error", null, e.getMessage());
            throw e;
        }
        if (delegate.isComplete()) {
            SamlIdentity identity = (SamlIdentity) delegate.getNegotiatedProperty(SamlecSasl.IDENTITY);
            Dn entry;
            try {
                entry = authorization.authorize(identity, delegate.getAuthorizationID());
            } catch (SamlecSaslException e) {
                refused = true;
                audit.refused(e.error().code(), identity, e.getMessage());
                throw e;
            } catch (RuntimeException | Error e) {
                refused = true;
                SamlecSaslException failure = new SamlecSaslException(EcpError.INTERNAL_ERROR, "mapping the SAML"
                        + " identity to an entry failed unexpectedly (" + e.getClass().getSimpleName() + ")");
                audit.refused(failure.error().code(), identity, failure.getMessage());
                throw failure;
            }
            audit.accepted(identity, entry.getName());
            session.putSaslProperty(SaslConstants.SASL_AUTHENT_USER, new LdapPrincipal(
                    session.getLdapServer().getDirectoryService().getSchemaManager(), entry,
                    AuthenticationLevel.STRONG, new byte[0]));
            session.putSaslProperty(Context.SECURITY_PRINCIPAL, entry.getName());
            authorizationId = "dn:" + entry.getName();
        }
        return reply;
    }

    @Override
    public boolean isComplete() {
        return authorizationId != null;
    }

    @Override
    public String getAuthorizationID() {
        requireComplete();
        return authorizationId;
    }

    @Override
    public byte[] unwrap(byte[] incoming, int offset, int len) throws SaslException {
        return delegate.unwrap(incoming, offset, len);
    }

    @Override
    public byte[] wrap(byte[] outgoing, int offset, int len) throws SaslException {
        return delegate.wrap(outgoing, offset, len);
    }

    @Override
    public Object getNegotiatedProperty(String propName) {
        requireComplete();
        return delegate.getNegotiatedProperty(propName);
    }

    private void requireComplete() {
        if (!isComplete()) {
            throw new IllegalStateException("the " + getMechanismName() + " exchange has not completed");
        }
    }

    @Override
    public void dispose() throws SaslException {
        delegate.dispose();
    }
}
