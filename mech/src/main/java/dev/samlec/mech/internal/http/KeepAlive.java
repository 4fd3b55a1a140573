package dev.samlec.mech.internal.http;

import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import org.apache.hc.client5.http.ConnectionKeepAliveStrategy;
import org.apache.hc.core5.http.HeaderElement;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.message.MessageSupport;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * How long a pooled connection may be kept between calls, and how it is checked before reuse: idle at most
 * {@link #idleLimit}, never longer than the server's own {@code Keep-Alive: timeout=N} says; a connection idle for
 * more than {@link #validateAfterInactivity} is checked for a close by the server before it is leased (HttpClient's
 * stale check, one short read), so a connection the server dropped meanwhile is replaced instead of failing the call;
 * at most {@link #maxPerRoute} connections to one host and port; no connection (and, in {@code IdpConnections}, no
 * TLS context) is used for longer than {@link #maxAge}, however busy, so a changed system trust store, a rotated
 * server certificate or a moved host name is picked up.
 *
 * @param idleLimit the longest an idle connection is kept; below the idle timeouts of common servers (Tomcat 20 s,
 *     Jetty and the JDK's HttpServer 30 s), so that the server rarely closes first
 * @param validateAfterInactivity idle time after which the connection is checked before reuse
 * @param maxPerRoute connections open at once to one host and port (concurrent logins)
 * @param maxAge the longest a connection or a kept setting's TLS context is used
 */
public record KeepAlive(Duration idleLimit, Duration validateAfterInactivity, int maxPerRoute, Duration maxAge) {
    /**
     * For connections to an IdP shared by logins: 15 s idle, checked after 1 s, used for 5 minutes at most, and 1024
     * per host and port: so many that a login never waits for a connection held by others (slow logins of one user,
     * such as an IdP's delayed answers to wrong passwords, must not starve everyone else's; before pooling every
     * login had a connection of its own), while idle ones still close after 15 s.
     */
    public static final KeepAlive IDP = new KeepAlive(Duration.ofSeconds(15), Duration.ofSeconds(1), 1024,
            Duration.ofMinutes(5));

    /** Checks the values. */
    public KeepAlive {
        if (idleLimit.isNegative() || idleLimit.isZero() || validateAfterInactivity.isNegative() || maxPerRoute < 1
                || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("keep-alive settings must be positive");
        }
    }

    /** Settings used for at most 5 minutes. */
    public KeepAlive(Duration idleLimit, Duration validateAfterInactivity, int maxPerRoute) {
        this(idleLimit, validateAfterInactivity, maxPerRoute, Duration.ofMinutes(5));
    }

    /** The keep-alive strategy: the server's {@code Keep-Alive} timeout when it is shorter, else the idle limit. */
    public ConnectionKeepAliveStrategy strategy() {
        return this::keepAliveFor;
    }

    private TimeValue keepAliveFor(HttpResponse response, HttpContext context) {
        long limit = idleLimit.toMillis();
        for (Iterator<HeaderElement> it = MessageSupport.iterate(response, "Keep-Alive"); it.hasNext();) {
            HeaderElement element = it.next();
            if (element.getName().toLowerCase(Locale.ROOT).equals("timeout") && element.getValue() != null) {
                try {
                    long seconds = Long.parseLong(element.getValue().trim());
                    // timeout=0: expired at once (a non-positive TimeValue would mean "forever" to the pool)
                    return TimeValue.ofMilliseconds(Math.max(1, seconds >= limit / 1000 ? limit : seconds * 1000));
                } catch (NumberFormatException e) {
                    // unreadable: our own limit
                }
            }
        }
        return TimeValue.ofMilliseconds(limit);
    }
}
