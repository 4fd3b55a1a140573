package dev.samlec.mech.client;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.internal.http.CallDeadline;
import dev.samlec.mech.internal.http.ConnectionManagers;
import dev.samlec.mech.internal.http.KeepAlive;
import dev.samlec.mech.internal.logging.LibraryLogging;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HttpClient 5 (classic) instance with samlec's fixed policy: the given TLS context with host-name
 * verification, TLS 1.2/1.3 only; connect, socket and pool timeouts on every call, and a total call timeout
 * enforced by {@link CallDeadline} (the request is aborted and its socket closed); no redirects, no automatic
 * retries, no content decompression, no authentication caching; optional cookies ({@link QuietCookies}; none =
 * cookies off). Nothing it sends or receives reaches a library logger: its connections do not log headers or wire
 * bytes, and HttpClient's own cookie and authentication handling (which log cookie values) is not used. Bodies are
 * read up to a cap and the connection is dropped as soon as the cap is passed.
 */
final class HttpTransport implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final String USER_AGENT = "samlec";

    private final Peer peer;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Duration callTimeout;
    private final String callTimeoutSetting;
    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient client;

    /**
     * A transport.
     *
     * @param callTimeout the total time allowed for one call, enforced by {@link CallDeadline}
     * @param callTimeoutSetting the setting that gives it, named in the timeout message
     * @param cookies the cookie handling, or {@code null} for none
     */
    HttpTransport(Peer peer, SSLContext tls, Duration connectTimeout, Duration responseTimeout, Duration callTimeout,
            String callTimeoutSetting, QuietCookies cookies) {
        this(peer, tls, connectTimeout, responseTimeout, callTimeout, callTimeoutSetting, cookies, null);
    }

    /**
     * As the other constructor, with connections kept between calls by {@code keepAlive} (its idle limit, the
     * server's {@code Keep-Alive}, the stale check and pool size), or HttpClient's defaults when it is null.
     */
    HttpTransport(Peer peer, SSLContext tls, Duration connectTimeout, Duration responseTimeout, Duration callTimeout,
            String callTimeoutSetting, QuietCookies cookies, KeepAlive keepAlive) {
        this.peer = peer;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.callTimeout = callTimeout;
        this.callTimeoutSetting = callTimeoutSetting;
        Timeout connect = Timeout.ofMilliseconds(connectTimeout.toMillis());
        Timeout response = Timeout.ofMilliseconds(responseTimeout.toMillis());
        RequestConfig requests = RequestConfig.custom().setConnectionRequestTimeout(connect)
                .setResponseTimeout(response).setRedirectsEnabled(false).setAuthenticationEnabled(false).build();
        this.connections = ConnectionManagers.create(tls, connectTimeout, responseTimeout, keepAlive);
        HttpClientBuilder builder = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(requests).disableRedirectHandling().disableAutomaticRetries()
                .setRequestExecutor(new ConnectionCountsExecutor())
                .disableContentCompression().disableAuthCaching().disableCookieManagement()
                .setUserAgent(USER_AGENT);
        if (keepAlive != null) {
            // HttpClient would tag a client-certificate connection with its TLS principal and then never lease it to
            // a call without that tag (every call here has a fresh context): the caller's key already separates
            // connections by client identity (TransportKey), so the tag only prevents reuse
            builder.setKeepAliveStrategy(keepAlive.strategy()).disableConnectionState();
        }
        if (cookies != null) {
            builder.addRequestInterceptorLast(cookies).addResponseInterceptorLast(cookies);
        }
        this.client = builder.build();
        LibraryLogging.warnOnce();
    }

    /**
     * Sends the request and reads the answer, within the call timeout (or less, when {@code budget} has less left).
     *
     * @throws EcpException the peer's transport code (unreachable, timeout, TLS) or {@code MESSAGE_TOO_LARGE}
     */
    RawResponse execute(HttpUriRequestBase request, int maxBytes, FetchBudget budget) throws EcpException {
        URI uri = uriOf(request);
        Duration limit = budget.limitFor(callTimeout);
        Optional<Duration> overall = budget.bounds(limit, callTimeout) ? budget.total() : Optional.empty();
        // Without an overall limit the call ran out of its own call timeout (shared by its retries): name that.
        Duration reported = overall.isPresent() ? limit : callTimeout;
        if (limit.isZero() || limit.isNegative()) {
            throw peer.deadline(uri, reported, callTimeoutSetting, overall);
        }
        try (CallDeadline deadline = CallDeadline.start(limit)) {
            deadline.watch(request);
            HttpClientContext context = HttpClientContext.create();
            boolean answered = false;
            try (ClassicHttpResponse response = client.executeOpen(null, request, context)) {
                answered = true;
                byte[] body = readCapped(request, response.getEntity(), maxBytes, uri);
                LOG.debug("{} {} -> HTTP {} ({} bytes)", request.getMethod(), uri, response.getCode(), body.length);
                return new RawResponse(uri, response.getCode(), headers(response), body);
            } catch (IOException | IllegalStateException e) {
                // A cancellation between lease and send fails in HttpClient with IllegalStateException, not IOException
                LOG.debug("{} {} failed: {}", request.getMethod(), uri, e.toString());
                if (deadline.expired()) {
                    throw peer.deadline(uri, reported, callTimeoutSetting, overall);
                }
                if (e instanceof IOException io) {
                    throw peer.failure(answered ? io : closedWhileKeptAlive(io, context), uri, connectTimeout,
                            responseTimeout);
                }
                throw (IllegalStateException) e;
            }
        }
    }

    /**
     * {@code failure} as a {@link KeptAliveConnectionClosed} when the server closed (or reset) a connection that had
     * answered before without a byte of answer to this request (a timeout is not that); then the pool's other idle
     * connections to it are closed too, since a server that closed one (restarting, or at its idle timeout) has most
     * likely closed them all.
     */
    private IOException closedWhileKeptAlive(IOException failure, HttpClientContext context) {
        boolean closed = failure instanceof NoHttpResponseException || failure instanceof SocketException
                && !(failure instanceof ConnectException || failure instanceof NoRouteToHostException
                        || failure instanceof PortUnreachableException || failure instanceof BindException);
        if (!closed || !ConnectionCountsExecutor.answeredBeforeAndNothingSince(context,
                context.getEndpointDetails())) {
            return failure;
        }
        connections.closeIdle(TimeValue.ZERO_MILLISECONDS);
        return new KeptAliveConnectionClosed(failure);
    }

    private byte[] readCapped(HttpUriRequestBase request, HttpEntity entity, int maxBytes, URI uri)
            throws IOException, EcpException {
        if (entity == null) {
            return new byte[0];
        }
        if (entity.getContentLength() > maxBytes) {
            request.cancel();
            throw tooLarge(uri, maxBytes, entity.getContentLength() + " bytes announced");
        }
        try (InputStream in = entity.getContent()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                if (out.size() + n > maxBytes) {
                    request.cancel();
                    throw tooLarge(uri, maxBytes, "more than that sent");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private EcpException tooLarge(URI uri, int maxBytes, String seen) {
        return new EcpException(EcpError.MESSAGE_TOO_LARGE, "the " + peer.label() + "'s answer from " + uri
                + " exceeds the limit of " + maxBytes + " bytes (" + seen + "); reading was stopped");
    }

    private static Map<String, List<String>> headers(ClassicHttpResponse response) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (Header h : response.getHeaders()) {
            result.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
        }
        result.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(result);
    }

    private static URI uriOf(HttpUriRequestBase request) {
        try {
            return request.getUri();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("request URI is not valid: " + e.getMessage(), e);
        }
    }

    /** Closes the pooled connections whose keep-alive time has passed (sockets a server may close any moment). */
    void closeExpired() {
        connections.closeExpired();
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
