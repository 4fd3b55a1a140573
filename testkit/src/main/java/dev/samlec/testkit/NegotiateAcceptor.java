package dev.samlec.testkit;

import dev.samlec.mech.internal.kerberos.SubjectCalls;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.Subject;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo IdP's HTTP Negotiate acceptor (RFC 4559) on JGSS: the service key comes from a keytab through the JDK's
 * {@code Krb5LoginModule} ({@code useKeyTab}, {@code storeKey}, {@code isInitiator=false}); each request's token,
 * SPNEGO or raw Kerberos 5, is accepted in one step, and only a client principal {@code uid@REALM} of the service
 * principal's own realm, without an instance part, names a user: its uid is looked up in the directory
 * ({@code alice/admin@REALM} or {@code alice@OTHER.REALM} is not {@code alice}). The acceptor's own token (the
 * AP-REP that proves the IdP to the client) goes back in {@code WWW-Authenticate: Negotiate <token>} unless the IdP
 * was told to omit it, for tests of the client's mutual authentication check.
 */
final class NegotiateAcceptor {
    private static final Logger LOG = LoggerFactory.getLogger(NegotiateAcceptor.class);
    private static final String PREFIX = "negotiate ";
    private static final Pattern USER_PRINCIPAL = Pattern.compile("([A-Za-z0-9._-]+)@([^@/\\\\]+)");

    private final Subject service;
    private final String principal;
    private final String realm;
    private final boolean replyToken;

    private NegotiateAcceptor(Subject service, String principal, boolean replyToken) {
        this.service = service;
        this.principal = principal;
        this.realm = new KerberosPrincipal(principal).getRealm();
        this.replyToken = replyToken;
    }

    /**
     * The uid a verified client principal names: {@code uid@realm} exactly, with no instance ({@code uid/x}), no
     * escaped characters and no other realm; otherwise empty.
     */
    static Optional<String> uidOf(String clientPrincipal, String realm) {
        Matcher m = USER_PRINCIPAL.matcher(clientPrincipal);
        return m.matches() && m.group(2).equals(realm) ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * Logs the service principal in from the keytab.
     *
     * @throws IllegalArgumentException if the keytab has no key for the principal
     */
    static NegotiateAcceptor fromKeytab(Path keytab, String principal, boolean replyToken) {
        Map<String, String> options = Map.of("useKeyTab", "true", "keyTab", keytab.toString(), "principal", principal,
                "storeKey", "true", "isInitiator", "false", "doNotPrompt", "true", "refreshKrb5Config", "true");
        AppConfigurationEntry entry = new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options);
        Configuration configuration = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {entry};
            }
        };
        Subject subject = new Subject();
        try {
            new LoginContext("samlec-demo-idp-kerberos", subject, callbacks -> {
                throw new UnsupportedCallbackException(callbacks[0]);
            }, configuration).login();
        } catch (LoginException e) {
            throw new IllegalArgumentException("the demo IdP cannot use keytab " + keytab + " for " + principal + ": "
                    + e.getMessage(), e);
        }
        return new NegotiateAcceptor(subject, principal, replyToken);
    }

    /** Whether {@code authorization} is a Negotiate header. */
    static boolean isNegotiate(String authorization) {
        return authorization != null && authorization.trim().toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    /**
     * The outcome of one token: the client's uid when it verified and names a user of the realm, and the token to
     * send back (whenever it verified).
     */
    record Result(Optional<String> uid, Optional<String> wwwAuthenticate) {
    }

    /** Accepts the token of a Negotiate {@code authorization} header; a bad token gives an empty uid. */
    Result accept(String authorization) {
        byte[] token;
        try {
            token = Base64.getDecoder().decode(authorization.trim().substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException e) {
            LOG.info("Negotiate login refused: the token is not base64");
            return new Result(Optional.empty(), Optional.empty());
        }
        try {
            return SubjectCalls.callAs(service, () -> acceptAsService(token));
        } catch (GSSException e) {
            LOG.info("Negotiate login refused: {}", e.getMessage());
            return new Result(Optional.empty(), Optional.empty());
        } catch (Exception e) {
            throw new IllegalStateException("the Negotiate acceptor failed: " + e, e);
        }
    }

    private Result acceptAsService(byte[] token) throws GSSException {
        GSSManager manager = GSSManager.getInstance();
        GSSCredential credential = manager.createCredential(null, GSSCredential.INDEFINITE_LIFETIME,
                new Oid[] {new Oid("1.3.6.1.5.5.2"), new Oid("1.2.840.113554.1.2.2")}, GSSCredential.ACCEPT_ONLY);
        GSSContext context = manager.createContext(credential);
        try {
            byte[] reply = context.acceptSecContext(token, 0, token.length);
            if (!context.isEstablished()) {
                LOG.info("Negotiate login refused: the context needs more than one round trip");
                return new Result(Optional.empty(), Optional.empty());
            }
            String client = context.getSrcName().toString();
            Optional<String> header = replyToken && reply != null && reply.length > 0
                    ? Optional.of("Negotiate " + Base64.getEncoder().encodeToString(reply)) : Optional.empty();
            Optional<String> uid = uidOf(client, realm);
            if (uid.isEmpty()) {
                // the token verified, so the IdP still proves itself; the principal just names no user
                LOG.info("Negotiate login refused: {} is not a user principal uid@{}", UserLogin.printable(client),
                        realm);
            } else {
                LOG.debug("Negotiate: {} authenticated to {}", UserLogin.printable(client), principal);
            }
            return new Result(uid, header);
        } finally {
            context.dispose();
        }
    }
}
