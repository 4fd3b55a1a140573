package dev.samlec.apacheds;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.directory.api.ldap.model.message.ExtendedRequest;
import org.apache.directory.api.ldap.model.message.ExtendedResponse;
import org.apache.directory.api.ldap.model.message.OpaqueExtendedResponse;
import org.apache.directory.api.ldap.model.message.ResultCodeEnum;
import org.apache.directory.server.core.api.CoreSession;
import org.apache.directory.server.core.api.LdapPrincipal;
import org.apache.directory.server.ldap.ExtendedOperationHandler;
import org.apache.directory.server.ldap.LdapServer;
import org.apache.directory.server.ldap.LdapSession;

/**
 * RFC 4532 "Who am I?" for ApacheDS: answers {@code dn:<bound entry>}, or an empty authzId for an anonymous session,
 * so clients can see which entry a SAML20EC bind mapped them to.
 *
 * <p>ApacheDS 2.0.0.AM27 ships its own {@code WhoAmIHandler}, but its response (like the error response ApacheDS
 * sends when no handler is registered) has no responseName, and the standalone LDAP codec can only encode such a
 * response when it is an {@link OpaqueExtendedResponse}: the connection is dropped instead. This handler answers with
 * one. Register it with {@link SamlecLdapMechanisms#installWhoAmI}.
 */
public final class WhoAmIOperation implements ExtendedOperationHandler<ExtendedRequest, ExtendedResponse> {
    /** The RFC 4532 request OID. */
    public static final String OID = "1.3.6.1.4.1.4203.1.11.3";

    @Override
    public String getOid() {
        return OID;
    }

    @Override
    public Set<String> getExtensionOids() {
        return Set.of(OID);
    }

    @Override
    public void handleExtendedOperation(LdapSession session, ExtendedRequest request) {
        // RFC 4532 section 2.2: no responseName, the response value is the authzId
        OpaqueExtendedResponse response = new OpaqueExtendedResponse(request.getMessageId());
        response.getLdapResult().setResultCode(ResultCodeEnum.SUCCESS);
        response.setResponseValue(authzId(session).getBytes(StandardCharsets.UTF_8));
        session.getIoSession().write(response);
    }

    private static String authzId(LdapSession session) {
        CoreSession core = session.getCoreSession();
        if (core == null || core.isAnonymous()) {
            return "";
        }
        LdapPrincipal principal = core.getAuthenticatedPrincipal();
        return principal == null || principal.getDn() == null || principal.getDn().isEmpty() ? ""
                : "dn:" + principal.getDn().getName();
    }

    @Override
    public void setLdapServer(LdapServer server) {
        // nothing to configure
    }
}
