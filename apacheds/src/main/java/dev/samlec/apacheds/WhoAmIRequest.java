package dev.samlec.apacheds;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.naming.NamingException;
import javax.naming.ldap.ExtendedRequest;
import javax.naming.ldap.ExtendedResponse;
import javax.naming.ldap.LdapContext;

/**
 * RFC 4532 "Who am I?" for JNDI clients: the request is the OID with no value, the response value is the authzId
 * ({@code dn:...}, empty when anonymous). Answered by {@link WhoAmIOperation} on an ApacheDS server.
 */
public final class WhoAmIRequest implements ExtendedRequest {
    private static final long serialVersionUID = 1L;

    /** The authzId the server reports for this context's connection ("" when anonymous). */
    public static String ask(LdapContext context) throws NamingException {
        byte[] value = context.extendedOperation(new WhoAmIRequest()).getEncodedValue();
        return value == null ? "" : new String(value, StandardCharsets.UTF_8);
    }

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
            private static final long serialVersionUID = 1L;

            @Override
            public String getID() {
                return id;
            }

            @Override
            public byte[] getEncodedValue() {
                return value == null ? null : value.clone();
            }
        };
    }
}
