package dev.samlec.apacheds;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.naming.NamingException;
import javax.naming.ldap.ExtendedRequest;
import javax.naming.ldap.ExtendedResponse;
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
        ExtendedResponse response = context.extendedOperation(new Request());
        byte[] value = response.getEncodedValue();
        return value == null ? "" : new String(value, StandardCharsets.UTF_8);
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

    /** JNDI's view of the request: the OID, no value. */
    private static final class Request implements ExtendedRequest {
        @Override
        public String getID() {
            return WhoAmIOperation.OID;
        }

        @Override
        public byte[] getEncodedValue() {
            return null;
        }

        @Override
        public ExtendedResponse createExtendedResponse(String id, byte[] berValue, int offset, int length) {
            byte[] value = berValue == null ? null : Arrays.copyOfRange(berValue, offset, offset + length);
            return new ExtendedResponse() {
                @Override
                public String getID() {
                    return id;
                }

                @Override
                public byte[] getEncodedValue() {
                    return value;
                }
            };
        }
    }
}
