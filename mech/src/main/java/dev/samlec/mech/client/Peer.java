package dev.samlec.mech.client;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;

/** Which server a transport failure concerns, and how I/O exceptions map to its error codes. */
enum Peer {
    IDP("identity provider", EcpError.IDP_UNREACHABLE, EcpError.IDP_TIMEOUT, EcpError.IDP_TLS_FAILURE,
            EcpError.IDP_HTTP_STATUS),
    SP("service provider", EcpError.SP_UNREACHABLE, EcpError.SP_TIMEOUT, EcpError.SP_TLS_FAILURE,
            EcpError.SP_HTTP_STATUS);

    private final String label;
    private final EcpError unreachable;
    private final EcpError timeout;
    private final EcpError tls;
    private final EcpError httpStatus;

    Peer(String label, EcpError unreachable, EcpError timeout, EcpError tls, EcpError httpStatus) {
        this.label = label;
        this.unreachable = unreachable;
        this.timeout = timeout;
        this.tls = tls;
        this.httpStatus = httpStatus;
    }

    String label() {
        return label;
    }

    EcpError httpStatus() {
        return httpStatus;
    }

    /**
     * Classifies an I/O failure: timeouts (connect, read, pool) first, then TLS (handshake, untrusted or
     * mismatching certificate), then everything else (refused, unknown host, reset) as unreachable.
     */
    EcpException failure(IOException e, URI uri, Duration connectTimeout, Duration responseTimeout) {
        String reason = rootMessage(e);
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return new EcpException(timeout, "the " + label + " at " + uri + " did not answer in time (connect "
                    + connectTimeout.toMillis() + " ms, response " + responseTimeout.toMillis() + " ms): " + reason, e);
        }
        if (isTls(e)) {
            return new EcpException(tls, "TLS with the " + label + " at " + uri + " failed: " + reason, e);
        }
        String hint = e instanceof SocketException && !(e instanceof ConnectException)
                && "https".equalsIgnoreCase(uri.getScheme())
                ? " (over TLS 1.3 this is also how a server refuses a missing or unaccepted client certificate)" : "";
        return new EcpException(unreachable, "the " + label + " at " + uri + " cannot be reached: " + reason + hint,
                e);
    }

    /**
     * The call was aborted at its deadline: {@code limit} was the call's own timeout ({@code setting}), or what was
     * left of the fetch's overall time limit {@code overall}.
     */
    EcpException deadline(URI uri, Duration limit, String setting, Optional<Duration> overall) {
        String which = overall.map(o -> "the " + Math.max(0, limit.toMillis()) + " ms left of the overall time"
                + " limit of " + o.toMillis() + " ms for this fetch (maxTime; samlec curl -m/--max-time)")
                .orElse("its call timeout of " + limit.toMillis() + " ms (" + setting + ")");
        return new EcpException(timeout, "the " + label + " at " + uri + " did not complete the call within "
                + which + ", the total for connecting, TLS, sending the request and reading the answer; the request"
                + " was aborted");
    }

    private static boolean isTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + Excerpts.clean(root.getMessage(), 300);
        return root.getClass().getSimpleName() + message;
    }
}
