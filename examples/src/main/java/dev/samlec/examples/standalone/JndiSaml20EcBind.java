package dev.samlec.examples.standalone;

import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.sasl.SamlecSaslProvider;
import java.util.Hashtable;
import java.util.List;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.security.auth.callback.CallbackHandler;

/**
 * The client side: an existing JNDI application binding with {@code SAML20EC}. Compared with a simple or DIGEST-MD5
 * bind, only two things change: the mechanism name, and the IdP in {@code dev.samlec.sasl.idps}; the user name and
 * password stay in JNDI's own {@link Context#SECURITY_PRINCIPAL} and {@link Context#SECURITY_CREDENTIALS}, and are
 * sent to the IdP (HTTP Basic), never to the LDAP server. Needs {@code samlec-sasl-provider} on the class path and
 * its provider installed once ({@link SamlecSaslProvider#install()}, or {@code dev.samlec.sasl.SamlecSaslProvider}
 * listed in {@code java.security}).
 */
public final class JndiSaml20EcBind {
    private JndiSaml20EcBind() {
    }

    /** Binds to {@code ldapUrl} as {@code user} logging in at {@code idp} with {@code password}. */
    public static LdapContext bind(String ldapUrl, IdpEndpoint idp, String user, char[] password)
            throws NamingException {
        SamlecSaslProvider.install();                             // once per JVM; idempotent
        Hashtable<String, Object> env = baseEnvironment(ldapUrl);
        env.put(Context.SECURITY_AUTHENTICATION, "SAML20EC");     // was "simple" or "DIGEST-MD5"
        env.put("dev.samlec.sasl.idps", List.of(idp));            // new: where the password goes
        env.put(Context.SECURITY_PRINCIPAL, user);                // unchanged: the user's name at the IdP
        env.put(Context.SECURITY_CREDENTIALS, password);          // unchanged: the password, for the IdP only
        return new InitialLdapContext(env, null);
    }

    /**
     * Binds with a SASL callback handler instead, e.g. {@code new SamlecCallbackHandler(idps, user, password)}, or
     * an application's own handler answering {@code IdpCallback}, {@code NameCallback} and
     * {@code PasswordCallback} (asked only when the server's challenge arrives).
     */
    public static LdapContext bind(String ldapUrl, CallbackHandler handler) throws NamingException {
        SamlecSaslProvider.install();
        Hashtable<String, Object> env = baseEnvironment(ldapUrl);
        env.put(Context.SECURITY_AUTHENTICATION, "SAML20EC");
        env.put("java.naming.security.sasl.callback", handler);
        return new InitialLdapContext(env, null);
    }

    private static Hashtable<String, Object> baseEnvironment(String ldapUrl) {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, ldapUrl);
        env.put("com.sun.jndi.ldap.connect.timeout", "10000");
        env.put("com.sun.jndi.ldap.read.timeout", "30000");   // above the IdP call timeout (20 s by default)
        return env;
    }
}
