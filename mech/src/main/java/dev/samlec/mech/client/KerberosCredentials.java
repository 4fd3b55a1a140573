package dev.samlec.mech.client;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.kerberos.KeyTab;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * Finds the Subject whose Kerberos credentials make the Negotiate token: the caller's own, or one filled from a
 * credential cache by the JDK's {@code Krb5LoginModule} ({@code useTicketCache}, {@code doNotPrompt}: never a
 * prompt). Either way the Subject must hold a ticket that is current by the credentials' clock, or keys; otherwise
 * the failure is {@code CREDENTIALS_UNAVAILABLE} naming what is missing.
 */
final class KerberosCredentials {
    private static final String KRB5_LOGIN_MODULE = "com.sun.security.auth.module.Krb5LoginModule";
    private static final CallbackHandler NO_PROMPT = callbacks -> {
        throw new UnsupportedCallbackException(callbacks[0], "samlec never prompts for a Kerberos password");
    };

    private KerberosCredentials() {
    }

    /** The Subject to run the GSS-API calls as, checked for usable Kerberos credentials. */
    static Subject subjectFor(IdpCredentials.Negotiate credentials) throws EcpException {
        Subject subject = credentials.subject().isPresent() ? credentials.subject().get()
                : fromTicketCache(credentials.ticketCache());
        checkUsable(subject, credentials);
        return subject;
    }

    private static Subject fromTicketCache(Optional<Path> cache) throws EcpException {
        Map<String, String> options = new HashMap<>();
        options.put("useTicketCache", "true");
        options.put("doNotPrompt", "true");
        options.put("renewTGT", "false");
        options.put("isInitiator", "true");
        cache.ifPresent(p -> options.put("ticketCache", p.toString()));
        AppConfigurationEntry entry = new AppConfigurationEntry(KRB5_LOGIN_MODULE,
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options);
        Configuration configuration = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {entry};
            }
        };
        Subject subject = new Subject();
        try {
            new LoginContext("samlec-negotiate", subject, NO_PROMPT, configuration).login();
            return subject;
        } catch (LoginException e) {
            throw new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, "no usable Kerberos ticket in "
                    + cache.map(p -> "the credential cache " + p)
                            .orElse("the default credential cache (KRB5CCNAME, else /tmp/krb5cc_<uid>)")
                    + " (none, or expired): run kinit; samlec never prompts (" + e.getMessage() + ")");
        }
    }

    private static void checkUsable(Subject subject, IdpCredentials.Negotiate credentials) throws EcpException {
        Set<KerberosTicket> tickets = subject.getPrivateCredentials(KerberosTicket.class);
        Instant now = credentials.clock().instant();
        Optional<KerberosTicket> expired = Optional.empty();
        for (KerberosTicket ticket : tickets) {
            Date end = ticket.getEndTime();
            if (!ticket.isDestroyed() && (end == null || end.toInstant().isAfter(now))) {
                return;
            }
            expired = Optional.of(ticket);
        }
        if (!subject.getPrivateCredentials(KerberosKey.class).isEmpty()
                || !subject.getPrivateCredentials(KeyTab.class).isEmpty()) {
            return;
        }
        if (expired.isPresent()) {
            KerberosTicket ticket = expired.get();
            throw new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, "the Kerberos ticket of "
                    + ticket.getClient() + " expired at " + (ticket.getEndTime() == null ? "(destroyed)"
                    : ticket.getEndTime().toInstant()) + " (now " + now + "): run kinit again");
        }
        throw new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, "the JAAS Subject holds no Kerberos ticket or key"
                + " for HTTP Negotiate: put a Krb5LoginModule (useTicketCache or useKeyTab) before samlec's in the"
                + " login configuration entry");
    }
}
