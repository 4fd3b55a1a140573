package dev.samlec.apacheds;

import java.util.Hashtable;
import java.util.List;
import javax.naming.Context;
import javax.naming.ldap.*;
import javax.security.auth.callback.*;
import dev.samlec.sasl.IdpCallback;
import org.apache.directory.server.ldap.handlers.extended.WhoAmIHandler;
import org.junit.jupiter.api.Test;

class ProbeWhoAmITest {
    @Test
    void probe() throws Exception {
        try (LdapFixture ldap = new LdapFixture()) {
            ldap.directory.ldapServer().addExtendedOperationHandler(new WhoAmIHandler());
            CallbackHandler h = cbs -> { for (Callback c : cbs) {
                if (c instanceof IdpCallback i) { try { i.setIdps(List.of(ldap.endpoint())); } catch (Exception e) { throw new java.io.IOException(e);} }
                else if (c instanceof NameCallback n) n.setName("alice");
                else if (c instanceof PasswordCallback p) p.setPassword("alicepw".toCharArray()); } };
            Hashtable<String, Object> env = new Hashtable<>();
            env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
            env.put(Context.PROVIDER_URL, ldap.directory.ldapUrl());
            env.put(Context.SECURITY_AUTHENTICATION, "SAML20EC");
            env.put("java.naming.security.sasl.callback", h);
            env.put("com.sun.jndi.ldap.read.timeout", "10000");
            LdapContext ctx = new InitialLdapContext(env, null);
            ExtendedResponse r = ctx.extendedOperation(new ExtendedRequest() {
                public String getID() { return "1.3.6.1.4.1.4203.1.11.3"; }
                public byte[] getEncodedValue() { return null; }
                public ExtendedResponse createExtendedResponse(String id, byte[] v, int off, int len) {
                    byte[] copy = v == null ? new byte[0] : java.util.Arrays.copyOfRange(v, off, off + len);
                    return new ExtendedResponse() {
                        public String getID() { return id; }
                        public byte[] getEncodedValue() { return copy; }
                    };
                }
            });
            System.err.println("WHOAMI id=" + r.getID() + " value=" + new String(r.getEncodedValue()));
            ctx.close();
        }
    }
}
