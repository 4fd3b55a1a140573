package dev.samlec.mech.client;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.message.EcpNamespaces;
import dev.samlec.mech.message.IdpRequest;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * The HTTP conversation with the service provider: one cookie store for the whole exchange and later fetches,
 * the PAOS headers on every request, and redirects followed by hand: GET only, at most {@link #MAX_REDIRECTS}
 * hops, never to another host and never from https down to http ({@code REDIRECT_REFUSED} otherwise).
 */
final class SpSession implements Closeable {
    /** The comma form: a valid media-range list (the spec's example with ';' is not, and some SPs answer 400). */
    static final String ACCEPT = "text/html, " + EcpNamespaces.PAOS_MEDIA_TYPE;
    /** The PAOS header advertising ECP, values double-quoted (mod_auth_mellon requires the quotes). */
    static final String PAOS_HEADER = "ver=\"" + EcpNamespaces.PAOS + "\";\"" + EcpNamespaces.ECP + "\"";
    /** The PAOS header with the ECP 2.0 holder-of-key service option. */
    static final String PAOS_HEADER_HOLDER_OF_KEY = PAOS_HEADER + ",\"" + IdpRequest.HOLDER_OF_KEY + "\"";
    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** Headers the exchange sets or must not carry, refused as extra headers (lower case). */
    static final Set<String> RESERVED_HEADERS = Set.of("accept", "paos", "cookie", "authorization", "host",
            "content-type", "content-length", "transfer-encoding", "connection", "expect", "upgrade", "te",
            "proxy-authorization");

    private final HttpTransport transport;
    private final int maxBytes;
    private final EcpStepListener listener;
    private final List<Map.Entry<String, String>> extraHeaders;
    private final String paosHeader;

    SpSession(HttpTransport transport, int maxBytes, EcpStepListener listener,
            List<Map.Entry<String, String>> extraHeaders, boolean holderOfKey) {
        this.paosHeader = holderOfKey ? PAOS_HEADER_HOLDER_OF_KEY : PAOS_HEADER;
        this.extraHeaders = List.copyOf(extraHeaders);
        this.transport = transport;
        this.maxBytes = maxBytes;
        this.listener = listener;
    }

    /** GETs {@code uri} with the PAOS headers and follows the SP's redirects. */
    RawResponse get(URI uri, FetchBudget budget) throws EcpException {
        return followRedirects(send(new HttpGet(uri), budget), budget);
    }

    /** POSTs a PAOS envelope ({@code application/vnd.paos+xml}); redirects are left to the caller. */
    RawResponse postPaos(URI uri, byte[] envelope, FetchBudget budget) throws EcpException {
        HttpPost post = new HttpPost(uri);
        post.setEntity(new ByteArrayEntity(envelope, ContentType.create(EcpNamespaces.PAOS_MEDIA_TYPE)));
        return send(post, budget);
    }

    static boolean isRedirect(RawResponse response) {
        return REDIRECTS.contains(response.status());
    }

    /** Follows redirects from {@code response} with GET, under the rules on this class. */
    RawResponse followRedirects(RawResponse response, FetchBudget budget) throws EcpException {
        RawResponse current = response;
        for (int hops = 0; isRedirect(current); hops++) {
            if (hops == MAX_REDIRECTS) {
                throw new EcpException(EcpError.REDIRECT_REFUSED, "the service provider redirected more than "
                        + MAX_REDIRECTS + " times; last hop " + current.uri());
            }
            URI next = target(current);
            listener.step("redirected to " + next);
            current = send(new HttpGet(next), budget);
        }
        return current;
    }

    private URI target(RawResponse redirect) throws EcpException {
        String location = redirect.header("location").orElseThrow(() -> new EcpException(EcpError.SP_HTTP_STATUS,
                "the service provider answered HTTP " + redirect.status() + " without a Location header at "
                        + redirect.uri()));
        URI next;
        try {
            next = redirect.uri().resolve(new URI(location.strip()));
        } catch (URISyntaxException e) {
            throw new EcpException(EcpError.SP_HTTP_STATUS, "the service provider redirected to an invalid URI '"
                    + Excerpts.clean(location, 200) + "'", e);
        }
        String from = redirect.uri().getScheme().toLowerCase(Locale.ROOT);
        String to = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        boolean sameHost = next.getHost() != null && next.getHost().equalsIgnoreCase(redirect.uri().getHost());
        boolean allowedScheme = to.equals("https") || (to.equals("http") && from.equals("http"));
        if (!sameHost || !allowedScheme) {
            throw new EcpException(EcpError.REDIRECT_REFUSED, "the service provider at " + redirect.uri()
                    + " redirected to " + Excerpts.clean(next.toString(), 300) + "; samlec follows redirects only"
                    + " on the same host and never from https to http (the SP may not support ECP here)");
        }
        return next;
    }

    private RawResponse send(HttpUriRequestBase request, FetchBudget budget) throws EcpException {
        extraHeaders.forEach(h -> request.addHeader(h.getKey(), h.getValue()));
        request.setHeader("Accept", ACCEPT);
        request.setHeader("PAOS", paosHeader);
        return transport.execute(request, maxBytes, budget);
    }

    @Override
    public void close() throws IOException {
        transport.close();
    }
}
