package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.internal.http.CallDeadline;
import dev.samlec.mech.internal.http.ConnectionManagers;
import dev.samlec.mech.internal.logging.LibraryLogging;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a metadata document over http(s) with HttpClient 5: connect and response (per-read) timeouts, a call
 * timeout on the whole fetch (redirects included) enforced by {@link CallDeadline}, a size cap enforced while
 * reading (the connection is dropped, not drained, when it is passed), and redirects followed by hand only to the
 * same scheme, host and port (at most {@value #MAX_REDIRECTS}).
 */
final class MetadataFetcher {
    static final int MAX_REDIRECTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(MetadataFetcher.class);

    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Duration callTimeout;
    private final int maxBytes;
    private final SSLContext sslContext;

    /** {@code sslContext} may be {@code null} for the JVM's default trust. */
    MetadataFetcher(Duration connectTimeout, Duration responseTimeout, Duration callTimeout, int maxBytes,
            SSLContext sslContext) {
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.callTimeout = callTimeout;
        this.maxBytes = maxBytes;
        this.sslContext = sslContext;
        LibraryLogging.warnOnce();
    }

    byte[] fetch(URI url) throws EcpConfigurationException {
        Answer answer = fetch(url, null);
        if (answer.status() != 200) {
            throw invalid("metadata URL " + answer.from() + " answered HTTP " + answer.status()
                    + "; expected 200 with a metadata document", null);
        }
        return answer.body();
    }

    /**
     * A GET, conditional when {@code since} holds the validators of the last good copy ({@code If-None-Match} from
     * its ETag, {@code If-Modified-Since} from its Last-Modified): the answer is a 200 with the document and its
     * validators, a 304 (not modified, no body), or a 404 (for a metadata query that names an unknown entity).
     * Every other status, and every transport failure, is a {@code METADATA_INVALID} as for {@link #fetch(URI)}.
     *
     * @param since the validators to send, or {@code null} for an unconditional GET
     */
    Answer fetch(URI url, HttpValidators since) throws EcpConfigurationException {
        checkHttpUrl(url, "metadata URL");
        try (CloseableHttpClient client = newClient(); CallDeadline deadline = CallDeadline.start(callTimeout)) {
            try {
                return follow(client, deadline, url, since);
            } catch (IOException | IllegalStateException e) {
                // HttpClient fails a call cancelled between lease and send with IllegalStateException
                if (deadline.expired()) {
                    throw invalid("metadata URL " + url + " was not fetched within the call timeout of "
                            + callTimeout.toMillis() + " ms (callTimeout: the total for connecting, TLS, redirects"
                            + " and reading the document); the request was aborted", e);
                }
                throw e;
            }
        } catch (TooLarge e) {
            throw invalid("metadata from " + url + " is larger than the limit of " + maxBytes + " bytes", e);
        } catch (SocketTimeoutException e) { // includes HttpClient's ConnectTimeoutException
            throw invalid("metadata URL " + url + " did not answer in time (connect timeout " + connectTimeout
                    + ", response timeout " + responseTimeout + ")", e);
        } catch (SSLException e) {
            throw invalid("TLS with metadata URL " + url + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw invalid("metadata URL " + url + " could not be fetched: " + e, e);
        }
    }

    private Answer follow(CloseableHttpClient client, CallDeadline deadline, URI url, HttpValidators since)
            throws IOException, EcpConfigurationException {
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpGet get = get(current, since);
            deadline.watch(get);
            Fetched fetched = null;
            try (ClassicHttpResponse response = client.executeOpen(null, get, HttpClientContext.create())) {
                fetched = read(get, response);
            } catch (IOException e) {
                if (fetched == null) {
                    throw e;
                } // else only closing failed, on a connection read() dropped on purpose
            }
            if (fetched.status == 200) {
                if (isHtml(fetched)) {
                    throw invalid("the metadata URL " + current + " answered an HTML page (Content-Type "
                            + (fetched.contentType == null ? "(none)" : printable(fetched.contentType))
                            + "), not SAML metadata; a login or error page is often served instead: check the URL"
                            + " in a browser or with curl", null);
                }
                LOG.debug("fetched {} bytes of metadata from {}", fetched.body.length, current);
                return new Answer(current, 200, fetched.body, fetched.validators);
            }
            if (fetched.status == 304 && since != null) {
                LOG.debug("metadata at {} not modified", current);
                return new Answer(current, 304, new byte[0], since);
            }
            if (fetched.status == 404) {
                return new Answer(current, 404, new byte[0], null);
            }
            if (!isRedirect(fetched.status) || fetched.location == null) {
                throw invalid("metadata URL " + current + " answered HTTP " + fetched.status
                        + "; expected 200 with a metadata document", null);
            }
            current = sameOriginTarget(current, fetched.location);
        }
        throw new EcpConfigurationException(EcpError.REDIRECT_REFUSED,
                "metadata URL " + url + " redirected more than " + MAX_REDIRECTS + " times");
    }

    private CloseableHttpClient newClient() {
        RequestConfig request = RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(connectTimeout.toMillis(), TimeUnit.MILLISECONDS))
                .setResponseTimeout(Timeout.of(responseTimeout.toMillis(), TimeUnit.MILLISECONDS))
                .setRedirectsEnabled(false)
                .build();
        return HttpClients.custom()
                .setConnectionManager(ConnectionManagers.create(sslContext, connectTimeout, responseTimeout))
                .setDefaultRequestConfig(request)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    private static HttpGet get(URI uri, HttpValidators since) {
        HttpGet get = new HttpGet(uri);
        get.setHeader(HttpHeaders.ACCEPT, "application/samlmetadata+xml, application/xml;q=0.9, text/xml;q=0.8");
        if (since != null && since.etag() != null) {
            get.setHeader(HttpHeaders.IF_NONE_MATCH, since.etag());
        }
        if (since != null && since.lastModified() != null) {
            get.setHeader(HttpHeaders.IF_MODIFIED_SINCE, since.lastModified());
        }
        return get;
    }

    /** The answer; a body over the cap cancels the request, so the connection is dropped rather than drained. */
    private Fetched read(HttpGet get, ClassicHttpResponse response) throws IOException {
        int status = response.getCode();
        Header location = response.getFirstHeader(HttpHeaders.LOCATION);
        HttpEntity entity = response.getEntity();
        if (status != 200 || entity == null) {
            get.cancel();
            return new Fetched(status, location == null ? null : location.getValue(), null, new byte[0], null);
        }
        if (entity.getContentLength() > maxBytes) {
            get.cancel();
            throw new TooLarge();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = entity.getContent()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (out.size() + n > maxBytes) {
                    get.cancel();
                    throw new TooLarge();
                }
                out.write(buffer, 0, n);
            }
        }
        return new Fetched(status, null, entity.getContentType(), out.toByteArray(), validators(response));
    }

    /** The answer's ETag and Last-Modified (kept only when short and printable: they are sent back verbatim). */
    private static HttpValidators validators(ClassicHttpResponse response) {
        String etag = validator(response.getFirstHeader(HttpHeaders.ETAG));
        String lastModified = validator(response.getFirstHeader(HttpHeaders.LAST_MODIFIED));
        return etag == null && lastModified == null ? null : new HttpValidators(etag, lastModified);
    }

    private static String validator(Header header) {
        if (header == null || header.getValue() == null) {
            return null;
        }
        String value = header.getValue().trim();
        return value.isEmpty() || value.length() > 200 || !value.matches("[\\x20-\\x7e]+") ? null : value;
    }

    /** A peer-supplied header, short and printable. */
    private static String printable(String value) {
        String clean = value.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }

    /** A text/html Content-Type, or a body that opens like an HTML page whatever the Content-Type says. */
    static boolean isHtml(Fetched fetched) {
        if (fetched.contentType != null
                && fetched.contentType.trim().toLowerCase(Locale.ROOT).startsWith("text/html")) {
            return true;
        }
        String start = new String(fetched.body, 0, Math.min(fetched.body.length, 256), StandardCharsets.ISO_8859_1)
                .replace("\u00ef\u00bb\u00bf", "").stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The redirect target, if it stays on the same scheme, host and port; otherwise REDIRECT_REFUSED. */
    private static URI sameOriginTarget(URI from, String location) throws EcpConfigurationException {
        URI target;
        try {
            target = from.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw new EcpConfigurationException(EcpError.REDIRECT_REFUSED,
                    "metadata URL " + from + " redirected to an invalid location '" + location + "'", e);
        }
        boolean sameOrigin = target.getScheme() != null && target.getHost() != null
                && target.getScheme().equalsIgnoreCase(from.getScheme())
                && target.getHost().equalsIgnoreCase(from.getHost()) && port(target) == port(from);
        if (!sameOrigin) {
            throw new EcpConfigurationException(EcpError.REDIRECT_REFUSED, "metadata URL " + from
                    + " redirected to " + target + "; only redirects to the same scheme, host and port are followed");
        }
        return target;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    static void checkHttpUrl(URI url, String what) throws EcpConfigurationException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID,
                    what + " must be an absolute http or https URL (value: '" + url + "')");
        }
    }

    /** Refuses a plain http URL unless {@code allowed} (the builders' {@code allowInsecureHttp(true)}). */
    static void checkSecureUnlessAllowed(URI url, boolean allowed, String what) throws EcpConfigurationException {
        if (!allowed && "http".equalsIgnoreCase(url.getScheme())) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID, "invalid configuration: " + what + " '"
                    + url + "' is plain http; use https, or set allowInsecureHttp(true) to accept http (for tests"
                    + " and closed networks only)");
        }
    }

    private static EcpConfigurationException invalid(String message, Throwable cause) {
        return new EcpConfigurationException(EcpError.METADATA_INVALID, message, cause);
    }

    /**
     * What a conditional GET answered: 200 with the document, 304 (not modified; {@code validators} are the ones
     * sent) or 404; {@code from} is the URL that answered, after redirects.
     */
    record Answer(URI from, int status, byte[] body, HttpValidators validators) {
    }

    /** An answer's ETag and Last-Modified header values, either may be null. */
    record HttpValidators(String etag, String lastModified) {
    }

    private static final class Fetched {
        final int status;
        final String location;
        final String contentType;
        final byte[] body;
        final HttpValidators validators;

        Fetched(int status, String location, String contentType, byte[] body, HttpValidators validators) {
            this.status = status;
            this.location = location;
            this.contentType = contentType;
            this.body = body;
            this.validators = validators;
        }
    }

    /** Thrown while reading an answer over the size cap. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
