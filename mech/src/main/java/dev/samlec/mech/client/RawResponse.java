package dev.samlec.mech.client;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One HTTP answer as read by {@link HttpTransport}: status, headers (names in lower case), the capped body. */
record RawResponse(URI uri, int status, Map<String, List<String>> headers, byte[] body) {
    Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    String contentType() {
        return header("content-type").orElse("(no content type)");
    }

    boolean isRedirect() {
        return status >= 300 && status < 400;
    }

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
