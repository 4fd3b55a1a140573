package dev.samlec.mech.client;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.kerberos.KeyTab;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * Chooses the ticket-granting ticket (TGT, server principal {@code krbtgt/R@R}) that makes the Negotiate token: from
 * the caller's Subject, or from a credential cache read by the JDK's {@code Krb5LoginModule} ({@code useTicketCache},
 * {@code doNotPrompt}: never a prompt). The TGT must be current by the credentials' clock and, when the credentials
 * name a client, be that client's; the GSS-API calls then run as a new read-only Subject holding only that TGT, so
 * the ticket JGSS uses is the one chosen here (JGSS itself takes the first live ticket of any kind it finds).
 * Service tickets and keys alone are refused: JGSS cannot start from them, and with
 * {@code javax.security.auth.useSubjectCredsOnly=false} it would log in by itself (default credential cache, console
 * prompt), which is why that setting is refused too. Failures are {@code CREDENTIALS_UNAVAILABLE} naming what is
 * missing, or {@code INVALID_CONFIGURATION} for the property.
 */
final class KerberosCredentials {
    /** The JVM-wide switch with which JGSS may do its own JAAS login when the Subject has no usable ticket. */
    static final String SUBJECT_CREDS_ONLY = "javax.security.auth.useSubjectCredsOnly";
    private static final String KRB5_LOGIN_MODULE = "com.sun.security.auth.module.Krb5LoginModule";
    private static final CallbackHandler NO_PROMPT = callbacks -> {
        throw new UnsupportedCallbackException(callbacks[0], "samlec never prompts for a Kerberos password");
    };

    private KerberosCredentials() {
    }

    /** The Subject to run the GSS-API calls as: only the chosen TGT and its client principal, read-only. */
    static Subject subjectFor(IdpCredentials.Negotiate credentials) throws EcpException {
        KerberosTicket tgt = ticketFor(credentials);
        return new Subject(true, Set.of(tgt.getClient()), Set.of(), Set.of(tgt));
    }

    /** The TGT an exchange made now would use, after every check. */
    static KerberosTicket ticketFor(IdpCredentials.Negotiate credentials) throws EcpException {
        refuseJgssOwnLogin();
        Subject source = credentials.subject().isPresent() ? credentials.subject().get()
                : fromTicketCache(credentials.ticketCache());
        String where = credentials.subject().isPresent() ? "the JAAS Subject" : cacheName(credentials.ticketCache());
        KerberosTicket tgt = chooseTgt(source, credentials.clock().instant(), where);
        Optional<KerberosPrincipal> expected = credentials.client();
        if (expected.isPresent() && !expected.get().equals(tgt.getClient())) {
            throw new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, "the Kerberos ticket-granting ticket in " + where
                    + " is now for " + tgt.getClient() + ", not for " + expected.get() + ", the principal these"
                    + " credentials were bound to (the login committed it): log in again");
        }
        return tgt;
    }

    private static void refuseJgssOwnLogin() throws EcpException {
        if ("false".equalsIgnoreCase(System.getProperty(SUBJECT_CREDS_ONLY))) {
            throw new EcpException(EcpError.INVALID_CONFIGURATION, "the JVM sets " + SUBJECT_CREDS_ONLY + "=false:"
                    + " with it JGSS, whenever the Subject's ticket is not usable, logs in by itself from the default"
                    + " credential cache and can prompt on the console; samlec's HTTP Negotiate does not run so:"
                    + " remove the property or set it to true");
        }
    }

    /** The one client's current TGT (the latest ending, if several), or the reason there is none. */
    private static KerberosTicket chooseTgt(Subject subject, Instant now, String where) throws EcpException {
        List<KerberosTicket> tickets = List.copyOf(subject.getPrivateCredentials(KerberosTicket.class));
        List<KerberosTicket> tgts = tickets.stream().filter(KerberosCredentials::isTgt).collect(Collectors.toList());
        List<KerberosTicket> current = tgts.stream().filter(t -> isCurrent(t, now)).collect(Collectors.toList());
        Set<String> clients = current.stream().map(t -> t.getClient().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        if (clients.size() > 1) {
            throw new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, where + " holds ticket-granting tickets of"
                    + " several principals " + clients + ": samlec cannot tell which one to log in as; keep the"
                    + " tickets of one principal there (one Krb5LoginModule)");
        }
        if (!current.isEmpty()) {
            return current.stream().max(Comparator.comparing(KerberosTicket::getEndTime)).orElseThrow();
        }
        Optional<KerberosTicket> expired = tgts.stream().filter(t -> !t.isDestroyed()).findFirst();
        if (expired.isPresent()) {
            KerberosTicket ticket = expired.get();
            throw new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, "the Kerberos ticket-granting ticket of "
                    + ticket.getClient() + " in " + where + " expired at " + endOf(ticket) + " (now " + now
                    + "): run kinit again");
        }
        if (!tickets.isEmpty() || !subject.getPrivateCredentials(KerberosKey.class).isEmpty()
                || !subject.getPrivateCredentials(KeyTab.class).isEmpty()) {
            throw new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, where + " holds Kerberos credentials but no"
                    + " current ticket-granting ticket (server krbtgt/REALM@REALM): service tickets and keys alone"
                    + " cannot make a token; log in with a Krb5LoginModule as an initiator (isInitiator=true,"
                    + " useTicketCache or useKeyTab)");
        }
        throw new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, where + " holds no Kerberos ticket-granting ticket"
                + " for HTTP Negotiate: put a Krb5LoginModule (useTicketCache or useKeyTab) before samlec's in the"
                + " login configuration entry, or run kinit");
    }

    /** Whether the ticket is a ticket-granting ticket: its server is {@code krbtgt/R@R}. */
    static boolean isTgt(KerberosTicket ticket) {
        KerberosPrincipal server = ticket.getServer();
        return server != null && server.getName().equals("krbtgt/" + server.getRealm() + "@" + server.getRealm());
    }

    private static boolean isCurrent(KerberosTicket ticket, Instant now) {
        return !ticket.isDestroyed() && ticket.getEndTime() != null && ticket.getEndTime().toInstant().isAfter(now);
    }

    private static Object endOf(KerberosTicket ticket) {
        return ticket.getEndTime() == null ? "(destroyed)" : ticket.getEndTime().toInstant();
    }

    private static String cacheName(Optional<Path> cache) {
        return cache.map(p -> "the credential cache " + p)
                .orElse("the default credential cache (KRB5CCNAME, else /tmp/krb5cc_<uid>)");
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
                    + cacheName(cache) + " (none, or expired): run kinit; samlec never prompts (" + e.getMessage()
                    + ")");
        }
    }
}
