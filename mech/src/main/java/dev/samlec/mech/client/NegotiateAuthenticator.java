package dev.samlec.mech.client;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.internal.kerberos.SubjectCalls;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP Negotiate (RFC 4559) to the IdP on JGSS: one security context per request, for the service
 * {@code HTTP@<host of the IdP URL as written>} (GSS_C_NT_HOSTBASED_SERVICE), SPNEGO by default, mutual
 * authentication requested, credential delegation off. The first token is made before the request, on a worker
 * thread bounded by what is left of the call's deadline (it may ask the KDC for a service ticket); the IdP's
 * {@code WWW-Authenticate: Negotiate <token>} on a 2xx answer must complete the context with mutual authentication,
 * or the answer is not used ({@code MUTUAL_AUTHENTICATION_FAILED}).
 *
 * <p>Failures: no or expired ticket {@code CREDENTIALS_UNAVAILABLE} ({@link KerberosCredentials}); the KDC down or
 * silent {@code KDC_UNREACHABLE}, also at once when {@link #MAX_WORKERS} earlier requests still wait for it; a
 * service principal the KDC does not know {@code INVALID_CONFIGURATION} naming the IdP URL's host; the deadline
 * passed while making the token {@code IDP_TIMEOUT}.
 */
final class NegotiateAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(NegotiateAuthenticator.class);
    private static final Oid KERBEROS = oid("1.2.840.113554.1.2.2");
    private static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
    /** The KDC's "server not found in Kerberos database" (RFC 4120 KDC_ERR_S_PRINCIPAL_UNKNOWN), as JGSS prints it. */
    private static final Pattern PRINCIPAL_UNKNOWN = Pattern.compile("\\(7\\)|S_PRINCIPAL_UNKNOWN");
    /** The most token requests waiting for the KDC at once; a timed-out attempt keeps its thread until then. */
    static final int MAX_WORKERS = 16;
    private static final ExecutorService WORKERS = boundedWorkers();

    private NegotiateAuthenticator() {
    }

    /**
     * Makes the first token for the IdP at {@code soapUrl} within {@code limit}.
     *
     * @param callTimeoutSetting the setting named when the limit is the call timeout
     * @throws EcpException the codes on this class
     */
    static Exchange begin(IdpCredentials.Negotiate credentials, URI soapUrl, Duration limit,
            String callTimeoutSetting) throws EcpException {
        String service = "HTTP@" + soapUrl.getHost();
        CompletableFuture<Exchange> token;
        try {
            token = CompletableFuture.supplyAsync(() -> {
                try {
                    Subject subject = KerberosCredentials.subjectFor(credentials);
                    return SubjectCalls.callAs(subject, () -> firstToken(service, credentials.mechanism()));
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, WORKERS);
        } catch (RejectedExecutionException e) {
            throw new EcpException(EcpError.KDC_UNREACHABLE, MAX_WORKERS + " Kerberos token requests are already"
                    + " waiting for the KDC (attempts that timed out still wait for krb5.conf's kdc_timeout): no"
                    + " service ticket for " + service + " is asked for now; check that the KDC answers");
        }
        try {
            return token.get(Math.max(0, limit.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            token.thenAccept(Exchange::dispose); // a late token is never sent: free its context when it comes
            throw new EcpException(EcpError.IDP_TIMEOUT, "no Kerberos service ticket for " + service + " within "
                    + limit.toMillis() + " ms (" + callTimeoutSetting + "), before the request to " + soapUrl
                    + " was sent: the KDC is slow or does not answer");
        } catch (InterruptedException e) {
            token.thenAccept(Exchange::dispose);
            Thread.currentThread().interrupt();
            throw new EcpException(EcpError.IDP_TIMEOUT, "interrupted while making the Kerberos token for " + service);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), service, soapUrl);
        }
    }

    private static Exchange firstToken(String service, IdpCredentials.Negotiate.Mechanism mechanism)
            throws GSSException {
        Oid mech = mechanism == IdpCredentials.Negotiate.Mechanism.KERBEROS ? KERBEROS : SPNEGO;
        GSSManager manager = GSSManager.getInstance();
        GSSName name = manager.createName(service, GSSName.NT_HOSTBASED_SERVICE);
        GSSContext context = manager.createContext(name, mech, null, GSSContext.DEFAULT_LIFETIME);
        try {
            context.requestMutualAuth(true);
            context.requestCredDeleg(false);
            byte[] token = context.initSecContext(new byte[0], 0, 0);
            return new Exchange(context, token, service);
        } catch (GSSException | RuntimeException e) {
            context.dispose();
            throw e;
        }
    }

    private static EcpException failure(Throwable cause, String service, URI soapUrl) {
        if (cause instanceof EcpException e) {
            return e;
        }
        String reason = messages(cause);
        if (hasCause(cause, IOException.class)) {
            return new EcpException(EcpError.KDC_UNREACHABLE, "the Kerberos KDC did not give a service ticket for "
                    + service + ": it cannot be reached or did not answer within krb5.conf's kdc_timeout and"
                    + " max_retries (" + reason + ")", cause);
        }
        if (PRINCIPAL_UNKNOWN.matcher(reason).find()) {
            return new EcpException(EcpError.INVALID_CONFIGURATION, "the Kerberos KDC knows no service principal"
                    + " for " + service + " (the host of the IdP URL " + soapUrl + " as written): use the host name"
                    + " the IdP's keytab is for (" + reason + ")", cause);
        }
        if (cause instanceof GSSException gss && gss.getMajor() == GSSException.NO_CRED) {
            return new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, "no usable Kerberos credentials for "
                    + service + " (" + reason + ")", cause);
        }
        if (cause instanceof GSSException) {
            return new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, "Kerberos could not make a token for "
                    + service + " (" + reason + ")", cause);
        }
        return new EcpException(EcpError.INTERNAL_ERROR, "making the Kerberos token for " + service + " failed: "
                + reason, cause);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The distinct messages of the cause chain, joined: JGSS puts the KDC's reason in a nested KrbException. */
    private static String messages(Throwable e) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 6; t = t.getCause() == t ? null : t.getCause(), depth++) {
            String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
            if (text.indexOf(m) < 0) {
                text.append(text.length() == 0 ? "" : "; ").append(m);
            }
        }
        return Excerpts.clean(text.toString(), 400);
    }

    private static Oid oid(String dotted) {
        try {
            return new Oid(dotted);
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** At most {@link #MAX_WORKERS} daemon threads, no queue: a request beyond them is rejected at once. */
    private static ExecutorService boundedWorkers() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_WORKERS, MAX_WORKERS, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemonThreads(), new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "samlec-negotiate-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One request's security context: its {@code Authorization} header, then the check of the IdP's answer. */
    static final class Exchange {
        private static final Pattern NEGOTIATE = Pattern.compile("(?i)^\\s*negotiate(?:\\s+([A-Za-z0-9+/=]+))?\\s*$");
        private final GSSContext context;
        private final byte[] token;
        private final String service;

        private Exchange(GSSContext context, byte[] token, String service) {
            this.context = context;
            this.token = token;
            this.service = service;
        }

        /** {@code Negotiate <base64 token>}. */
        String authorization() {
            return "Negotiate " + Base64.getEncoder().encodeToString(token);
        }

        /**
         * Completes the context with the IdP's token from a 2xx answer; without one, or when it does not prove the
         * IdP's identity, the answer must not be used.
         *
         * @throws EcpException {@code MUTUAL_AUTHENTICATION_FAILED}
         */
        void complete(RawResponse answer) throws EcpException {
            Optional<String> reply = serverToken(answer.headers().getOrDefault("www-authenticate", List.of()));
            if (reply.isEmpty()) {
                throw refused(answer, "it sent no WWW-Authenticate: Negotiate token, so it did not prove to be "
                        + service);
            }
            try {
                byte[] input = Base64.getDecoder().decode(reply.get());
                byte[] last = context.initSecContext(input, 0, input.length);
                if (last != null && last.length > 0) {
                    LOG.debug("the Negotiate context for {} has a token left to send; not sent", service);
                }
                if (!context.isEstablished() || !context.getMutualAuthState()) {
                    throw refused(answer, "its Negotiate token did not complete mutual authentication as " + service);
                }
            } catch (IllegalArgumentException e) {
                throw refused(answer, "its Negotiate token is not base64");
            } catch (GSSException e) {
                throw refused(answer, "its Negotiate token does not verify as " + service + " (" + messages(e) + ")");
            }
        }

        private static EcpException refused(RawResponse answer, String why) {
            return new EcpException(EcpError.MUTUAL_AUTHENTICATION_FAILED, "the identity provider at " + answer.uri()
                    + " answered HTTP " + answer.status() + ", but " + why + "; its answer was not used");
        }

        /** The token of the first {@code Negotiate <token>} challenge (several may share a header, comma-separated). */
        static Optional<String> serverToken(List<String> challenges) {
            for (String header : challenges) {
                for (String part : header.split(",", 20)) {
                    Matcher m = NEGOTIATE.matcher(part);
                    if (m.matches() && m.group(1) != null) {
                        return Optional.of(m.group(1));
                    }
                }
            }
            return Optional.empty();
        }

        /** Frees the context's keys. */
        void dispose() {
            try {
                context.dispose();
            } catch (GSSException e) {
                LOG.debug("disposing the Negotiate context failed: {}", e.toString());
            }
        }

        @Override
        public String toString() {
            return "Negotiate exchange for " + service;
        }
    }
}
