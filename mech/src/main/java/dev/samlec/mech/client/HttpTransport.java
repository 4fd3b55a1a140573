package dev.samlec.mech.client;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.cookie.CookieStore;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.ssl.TLS;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HttpClient 5 (classic) instance with samlec's fixed policy: the given TLS context with host-name
 * verification, TLS 1.2/1.3 only; connect, socket and pool timeouts on every call; no redirects, no automatic
 * retries, no content decompression, no authentication caching; an optional cookie store (none = cookies off).
 * Bodies are read up to a cap and the connection is dropped as soon as the cap is passed.
 */
final class HttpTransport implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final String USER_AGENT = "samlec";

    private final Peer peer;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final CloseableHttpClient client;

    HttpTransport(Peer peer, SSLContext tls, Duration connectTimeout, Duration responseTimeout, CookieStore cookies) {
        this.peer = peer;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        Timeout connect = Timeout.ofMilliseconds(connectTimeout.toMillis());
        Timeout response = Timeout.ofMilliseconds(responseTimeout.toMillis());
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(tls)
                        .setTlsVersions(TLS.V_1_3, TLS.V_1_2)
                        .setHostVerificationPolicy(HostnameVerificationPolicy.BOTH)
                        .setHostnameVerifier(new DefaultHostnameVerifier()).buildClassic())
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect)
                        .setSocketTimeout(response).build())
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(response).build())
                .build();
        RequestConfig requests = RequestConfig.custom().setConnectionRequestTimeout(connect)
                .setResponseTimeout(response).setRedirectsEnabled(false).setAuthenticationEnabled(false).build();
        HttpClientBuilder builder = HttpClients.custom().setConnectionManager(connections)
                .setDefaultRequestConfig(requests).disableRedirectHandling().disableAutomaticRetries()
                .disableContentCompression().disableAuthCaching().setUserAgent(USER_AGENT);
        if (cookies == null) {
            builder.disableCookieManagement();
        } else {
            builder.setDefaultCookieStore(cookies);
        }
        this.client = builder.build();
    }

    /**
     * Sends the request and reads the answer.
     *
     * @throws EcpException the peer's transport code (unreachable, timeout, TLS) or {@code MESSAGE_TOO_LARGE}
     */
    RawResponse execute(HttpUriRequestBase request, int maxBytes) throws EcpException {
        URI uri = uriOf(request);
        try (ClassicHttpResponse response = client.executeOpen(null, request, HttpClientContext.create())) {
            byte[] body = readCapped(request, response.getEntity(), maxBytes, uri);
            LOG.debug("{} {} -> HTTP {} ({} bytes)", request.getMethod(), uri, response.getCode(), body.length);
            return new RawResponse(uri, response.getCode(), headers(response), body);
        } catch (IOException e) {
            LOG.debug("{} {} failed: {}", request.getMethod(), uri, e.toString());
            throw peer.failure(e, uri, connectTimeout, responseTimeout);
        }
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

    @Override
    public void close() throws IOException {
        client.close();
    }
}
