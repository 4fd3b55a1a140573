package dev.samlec.apacheds;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.naming.Context;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.AuthorizeCallback;
import org.apache.directory.api.ldap.model.constants.AuthenticationLevel;
import org.apache.directory.api.ldap.model.cursor.Cursor;
import org.apache.directory.api.ldap.model.entry.Entry;
import org.apache.directory.api.ldap.model.filter.FilterEncoder;
import org.apache.directory.api.ldap.model.filter.FilterParser;
import org.apache.directory.api.ldap.model.message.AliasDerefMode;
import org.apache.directory.api.ldap.model.message.SearchScope;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.server.core.api.CoreSession;
import org.apache.directory.server.core.api.LdapPrincipal;
import org.apache.directory.server.ldap.LdapSession;
import org.apache.directory.server.ldap.handlers.sasl.SaslConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers samlec's {@link AuthorizeCallback}: maps the SAML NameID to exactly one directory entry and makes it the
 * LDAP session's principal. An authzid is allowed only when it names that same entry, as {@code dn:<dn>} or
 * {@code u:<nameId>} (RFC 4513 section 5.2.1.8) or the bare NameID; anything else is refused.
 */
final class EntryAuthorization implements CallbackHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EntryAuthorization.class);

    private final LdapSession session;
    private final IdentityMapping mapping;

    EntryAuthorization(LdapSession session, IdentityMapping mapping) {
        this.session = session;
        this.mapping = mapping;
    }

    @Override
    public void handle(Callback[] callbacks) throws IOException, UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (!(callback instanceof AuthorizeCallback authorize)) {
                throw new UnsupportedCallbackException(callback);
            }
            authorize(authorize);
        }
    }

    private void authorize(AuthorizeCallback callback) throws IOException {
        String nameId = callback.getAuthenticationID();
        Dn dn = find(nameId);
        if (dn == null) {
            callback.setAuthorized(false);
            return;
        }
        String requested = callback.getAuthorizationID();
        boolean self = requested.equals(nameId) || requested.equals("u:" + nameId)
                || requested.equalsIgnoreCase("dn:" + dn.getName());
        if (!self) {
            LOG.info("SAML20EC: {} may not act as {}", dn, requested);
            callback.setAuthorized(false);
            return;
        }
        CoreSession admin = session.getLdapServer().getDirectoryService().getAdminSession();
        session.putSaslProperty(SaslConstants.SASL_AUTHENT_USER, new LdapPrincipal(
                admin.getDirectoryService().getSchemaManager(), dn, AuthenticationLevel.STRONG, new byte[0]));
        session.putSaslProperty(Context.SECURITY_PRINCIPAL, dn.getName());
        callback.setAuthorizedID("dn:" + dn.getName());
        callback.setAuthorized(true);
    }

    /** The one entry whose mapping attribute equals the NameID, or null (none, or more than one). */
    private Dn find(String nameId) throws IOException {
        CoreSession admin = session.getLdapServer().getDirectoryService().getAdminSession();
        String filter = "(" + mapping.attribute() + "=" + FilterEncoder.encodeFilterValue(nameId) + ")";
        List<Dn> found = new ArrayList<>();
        try (Cursor<Entry> cursor = admin.search(mapping.base(), SearchScope.SUBTREE, FilterParser.parse(filter),
                AliasDerefMode.NEVER_DEREF_ALIASES, "1.1")) {
            for (Entry entry : cursor) {
                found.add(entry.getDn());
                if (found.size() > 1) {
                    break;
                }
            }
        } catch (Exception e) {
            throw new IOException("the directory search for the SAML identity failed: " + e.getMessage(), e);
        }
        if (found.size() != 1) {
            LOG.info("SAML20EC: the NameID maps to {} entries under {}; refused", found.size(), mapping.base());
            return null;
        }
        return found.get(0);
    }
}
