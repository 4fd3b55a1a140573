package dev.samlec.mech.client;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP answer an {@link EcpHttpClient#fetch} ends with: status, headers, body, and the URI it came from (after
 * redirects). Immutable; header names are lower case.
 */
public final class HttpResult {
    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final URI finalUri;

    /** A result; the body is copied. */
    public HttpResult(int status, Map<String, List<String>> headers, byte[] body, URI finalUri) {
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body.clone();
        this.finalUri = Objects.requireNonNull(finalUri, "finalUri");
    }

    static HttpResult of(RawResponse raw) {
        return new HttpResult(raw.status(), raw.headers(), raw.body(), raw.uri());
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** All headers, names in lower case. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header (name matched case-insensitively). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The Content-Type header, if any. */
    public Optional<String> contentType() {
        return header("content-type");
    }

    /** The body bytes; a copy. */
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded with the Content-Type charset, UTF-8 when none or unknown. */
    public String bodyAsString() {
        return new String(body, charset());
    }

    /** The URI that produced this answer (the resource, or where the SP's redirects led). */
    public URI finalUri() {
        return finalUri;
    }

    private Charset charset() {
        String type = contentType().orElse("");
        int at = type.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (at < 0) {
            return StandardCharsets.UTF_8;
        }
        String name = type.substring(at + "charset=".length()).replaceAll("[;\\s].*$", "").replace("\"", "");
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }

    @Override
    public String toString() {
        return "HttpResult[" + status + " from " + finalUri + ", " + body.length + " bytes]";
    }
}
