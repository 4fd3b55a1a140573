package dev.samlec.apacheds;

import java.nio.charset.StandardCharsets;
import javax.naming.NamingException;
import javax.naming.ldap.LdapContext;
import org.apache.directory.api.ldap.extras.extended.whoAmI.WhoAmIRequestImpl;
import org.apache.directory.api.ldap.extras.extended.whoAmI.WhoAmIResponse;
import org.apache.directory.api.ldap.model.message.OpaqueExtendedResponse;
import org.apache.directory.ldap.client.api.LdapConnection;

/** RFC 4532 "Who am I?" from the clients' side: JNDI's extended operation and the LDAP API's. */
final class WhoAmI {
    private WhoAmI() {
    }

    /** The authzId the server reports for this JNDI context's connection ("" when anonymous). */
    static String of(LdapContext context) throws NamingException {
        return WhoAmIRequest.ask(context);
    }

    /** The same through the Apache Directory LDAP API. */
    static String of(LdapConnection connection) throws Exception {
        Object response = connection.extended(new WhoAmIRequestImpl());
        if (response instanceof WhoAmIResponse whoAmI) {
            return whoAmI.getAuthzId() == null ? "" : new String(whoAmI.getAuthzId(), StandardCharsets.UTF_8);
        }
        byte[] value = ((OpaqueExtendedResponse) response).getResponseValue();
        return value == null ? "" : new String(value, StandardCharsets.UTF_8);
    }
}
