package dev.samlec.cli;

import dev.samlec.mech.client.HttpResult;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides what a service's 2xx answer without an ECP challenge is. The request advertised ECP (the PAOS header and
 * Accept type), so:
 * <ul>
 *   <li>an answer that is not HTML is the resource (it needed no login, or the session cookie sufficed);</li>
 *   <li>an HTML page with a password field is a browser login form: the service wants a browser login, or ECP is not
 *       enabled for this URL;</li>
 *   <li>any other HTML page is taken for a login page too, unless a session cookie from {@code --cookie-jar} was
 *       sent: then it is the resource.</li>
 * </ul>
 */
final class NoChallenge {
    private static final Pattern PASSWORD_FIELD =
            Pattern.compile("<input\\b[^>]{0,2048}?\\btype\\s{0,16}=\\s{0,16}[\"']?password",
                    Pattern.CASE_INSENSITIVE);
    private static final int SNIFF_BYTES = 1024 * 1024;

    private NoChallenge() {
    }

    /** Why {@code result} looks like a browser login page rather than the resource; empty when it is the resource. */
    static Optional<String> browserLogin(HttpResult result, boolean sessionCookieSent) {
        if (!isHtml(result)) {
            return Optional.empty();
        }
        String type = result.contentType().orElse("no content type");
        if (PASSWORD_FIELD.matcher(head(result.body())).find()) {
            return Optional.of("an HTML login form (" + type + ", with a password field)");
        }
        return sessionCookieSent ? Optional.empty() : Optional.of("an HTML page (" + type + ")");
    }

    private static boolean isHtml(HttpResult result) {
        Optional<String> type = result.contentType().map(t -> t.toLowerCase(Locale.ROOT).strip());
        if (type.isPresent()) {
            return type.get().startsWith("text/html") || type.get().startsWith("application/xhtml+xml");
        }
        String start = head(result.body()).stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    private static String head(byte[] body) {
        return new String(body, 0, Math.min(body.length, SNIFF_BYTES), StandardCharsets.ISO_8859_1);
    }
}
