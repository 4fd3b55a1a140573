package dev.samlec.jaas;

import dev.samlec.mech.metadata.MetadataValidity;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import javax.security.auth.login.LoginException;

/**
 * Reads JAAS options as typed values and collects every problem, each as
 * {@code option <name>: <problem> (value: <value or [redacted]>)}, so that one {@link LoginException} reports them
 * all. Values must be strings (as {@code jaas.conf} gives them); booleans exactly {@code true} or {@code false};
 * durations ISO-8601 ({@code PT10S}). A getter that finds a bad value records the problem and returns empty.
 */
final class OptionReader {
    private final Map<String, Object> options;
    private final List<String> problems = new ArrayList<>();

    OptionReader(Map<String, ?> options) {
        this.options = new TreeMap<>(options == null ? Map.of() : options);
    }

    /** Whether the option is set (to anything). */
    boolean has(String name) {
        return options.containsKey(name);
    }

    /** A non-blank string value, trimmed. */
    Optional<String> string(String name) {
        Object value = options.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String)) {
            problem(name, "must be a string, not a " + value.getClass().getName());
            return Optional.empty();
        }
        String text = ((String) value).trim();
        if (text.isEmpty()) {
            problem(name, "must not be empty");
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /** A password; its value never appears in a message. */
    Optional<Secret> secret(String name) {
        Object value = options.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof char[]) {
            return Optional.of(Secret.of((char[]) value));
        }
        if (!(value instanceof String)) {
            problem(name, "must be a string");
            return Optional.empty();
        }
        return Optional.of(Secret.take(((String) value).toCharArray()));
    }

    /** Exactly {@code true} or {@code false}, or {@code defaultValue} when unset. */
    boolean bool(String name, boolean defaultValue) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        if (!text.get().equals("true") && !text.get().equals("false")) {
            problem(name, "must be true or false");
            return defaultValue;
        }
        return text.get().equals("true");
    }

    /** A positive ISO-8601 duration such as {@code PT10S}, or {@code defaultValue} when unset. */
    Duration duration(String name, Duration defaultValue, Duration min, Duration max) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            Duration value = Duration.parse(text.get());
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                problem(name, "must be between " + min + " and " + max);
                return defaultValue;
            }
            return value;
        } catch (DateTimeParseException e) {
            problem(name, "must be an ISO-8601 duration such as PT10S or PT3M");
            return defaultValue;
        }
    }

    /**
     * {@code idpMetadataMaxValidity}: how far ahead a signed metadata document's {@code validUntil} may be (an
     * ISO-8601 duration, or {@code none} to accept signed metadata without one); default 14 days. Only meaningful
     * with {@code idpMetadataSigningCertificate}.
     */
    MetadataValidity metadataValidity() {
        String name = OptionNames.IDP_METADATA_MAX_VALIDITY;
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return MetadataValidity.defaults();
        }
        if (!has(OptionNames.IDP_METADATA_SIGNING_CERTIFICATE)) {
            problem(name, "is only meaningful with " + OptionNames.IDP_METADATA_SIGNING_CERTIFICATE
                    + ": it limits how long signed metadata may claim to be valid");
        }
        try {
            return MetadataValidity.parse(text.get(), name);
        } catch (IllegalArgumentException e) {
            problem(name, "must be an ISO-8601 duration such as P14D or PT36H, or " + MetadataValidity.NONE
                    + " (signed metadata without validUntil accepted)");
            return MetadataValidity.defaults();
        }
    }

    /** A file path. */
    Optional<Path> path(String name) {
        Optional<String> text = string(name);
        try {
            return text.map(Path::of);
        } catch (InvalidPathException e) {
            problem(name, "is not a valid file path (" + e.getReason() + ")");
            return Optional.empty();
        }
    }

    /** An absolute http or https URL; plain http only when {@code allowHttp}. */
    Optional<URI> httpsUrl(String name, boolean allowHttp) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI url = new URI(text.get());
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!url.isAbsolute() || url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                problem(name, "must be an absolute https URL");
                return Optional.empty();
            }
            if (url.getRawUserInfo() != null) {
                problem(name, "must not hold a user name or password (user:password@): URLs are logged and shown in"
                        + " messages; credentials have options of their own");
                return Optional.empty();
            }
            if (scheme.equals("http") && !allowHttp) {
                problem(name, "is plain http, which would send credentials in clear text; use https (or set "
                        + OptionNames.ALLOW_INSECURE_HTTP + "=true for tests)");
                return Optional.empty();
            }
            return Optional.of(url);
        } catch (java.net.URISyntaxException e) {
            problem(name, "is not a valid URL (" + e.getReason() + ")");
            return Optional.empty();
        }
    }

    /** A metadata file path or http(s) URL; plain http only when {@code allowHttp}. */
    Optional<MetadataLocation> metadata(String name, boolean allowHttp) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            MetadataLocation location = MetadataLocation.parse(text.get());
            if (location.isInsecureHttp() && !allowHttp) {
                problem(name, "is a plain http URL; metadata fetched that way can be replaced in transit (use https,"
                        + " a local file, or set " + OptionNames.ALLOW_INSECURE_HTTP + "=true for tests)");
                return Optional.empty();
            }
            return Optional.of(location);
        } catch (IllegalArgumentException e) {
            problem(name, e.getMessage());
            return Optional.empty();
        }
    }

    /** A positive decimal integer. */
    OptionalInt positiveInt(String name) {
        return positiveInt(name, Integer.MAX_VALUE);
    }

    /** A decimal integer from 1 to {@code max}. */
    OptionalInt positiveInt(String name, int max) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value > 0 && value <= max) {
                return OptionalInt.of(value);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(name, "must be a positive integer (at most " + max + ")");
        return OptionalInt.empty();
    }

    /** A comma-separated list of non-empty items, trimmed. */
    List<String> list(String name) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : text.get().split(",", -1)) {
            if (item.isBlank()) {
                problem(name, "must be a comma-separated list without empty entries");
                return List.of();
            }
            items.add(item.trim());
        }
        return List.copyOf(items);
    }

    /** Reports every set option that is unknown, or that belongs to the other side. */
    void rejectOthers(Set<String> otherSide, String otherSideName) {
        for (String name : options.keySet()) {
            if (otherSide.contains(name)) {
                problem(name, "applies only to the " + otherSideName);
            } else if (!OptionNames.isKnown(name)) {
                String hint = OptionNames.suggestion(name).map(s -> "; did you mean " + s + "?").orElse("");
                problems.add(format(name, "is not a samlec option" + hint, "[redacted]"));
            }
        }
    }

    /** Records a problem with option {@code name}, showing its value unless it is a secret. */
    void problem(String name, String problem) {
        problems.add(format(name, problem, shown(name)));
    }

    /** Whether any problem has been recorded. */
    boolean hasProblems() {
        return !problems.isEmpty();
    }

    /**
     * Throws one exception listing every recorded problem, if there is any.
     *
     * @throws LoginException with the problems separated by {@code "; "}
     */
    void throwIfProblems() throws LoginException {
        if (!problems.isEmpty()) {
            throw new LoginException(String.join("; ", problems));
        }
    }

    private String shown(String name) {
        Object value = options.get(name);
        if (value == null) {
            return "none";
        }
        // a URL with user information (user:password@host) is never shown, whichever option holds it
        boolean credentialsInUri = String.valueOf(value).matches("(?s)[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@.*");
        return OptionNames.SECRETS.contains(name) || credentialsInUri ? "[redacted]" : String.valueOf(value);
    }

    /** {@code option <name>: <problem> (value: <value>)}. */
    static String format(String name, String problem, String value) {
        return "option " + name + ": " + problem + " (value: " + value + ")";
    }
}
