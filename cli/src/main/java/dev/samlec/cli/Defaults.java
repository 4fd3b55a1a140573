package dev.samlec.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The defaults {@code samlec curl} takes when an option is not given: first from the environment
 * ({@code SAMLEC_IDP}, {@code SAMLEC_IDP_METADATA}, {@code SAMLEC_IDP_ENTITY_ID}, {@code SAMLEC_USER}), then from a
 * config file ({@code $SAMLEC_CONFIG}, else {@code $XDG_CONFIG_HOME/samlec/config}, else
 * {@code ~/.config/samlec/config}) of {@code key=value} lines ({@code #} starts a comment line) with the keys
 * {@link #KEYS}. An unknown key is a usage error, so a typo is not silently ignored.
 */
final class Defaults {
    /** The config file keys, each the name of the curl option it stands for. */
    static final List<String> KEYS = List.of("idp", "idp-metadata", "idp-entity-id", "metadata-signing-cert", "user",
            "trust");
    /** The process environment. */
    static final Function<String, String> SYSTEM_ENVIRONMENT = System::getenv;
    /** Where the environment comes from; tests replace it. */
    static volatile Function<String, String> environment = SYSTEM_ENVIRONMENT;

    private final Map<String, String> values;
    private final String source;

    private Defaults(Map<String, String> values, String source) {
        this.values = values;
        this.source = source;
    }

    /**
     * The environment's values over the config file's.
     *
     * @throws UsageException if the config file named by SAMLEC_CONFIG is missing, or any config file cannot be read
     *     or has a bad line or an unknown key
     */
    static Defaults load() throws UsageException {
        Map<String, String> merged = new LinkedHashMap<>();
        Optional<Path> file = configFile();
        if (file.isPresent()) {
            merged.putAll(read(file.get()));
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String key : KEYS) {
            String value = environment.apply("SAMLEC_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            if (value != null && !value.isBlank()) {
                env.put(key, value.strip());
            }
        }
        if (env.containsKey("idp") || env.containsKey("idp-metadata")) {
            merged.remove("idp"); // the environment's IdP replaces the file's as a whole
            merged.remove("idp-metadata");
        }
        merged.putAll(env);
        return new Defaults(merged, file.map(Path::toString).orElse("(no config file)"));
    }

    /** The default for {@code key} (one of {@link #KEYS}). */
    Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Where the file defaults came from, for messages. */
    String source() {
        return source;
    }

    private static Optional<Path> configFile() throws UsageException {
        String named = environment.apply("SAMLEC_CONFIG");
        if (named != null && !named.isBlank()) {
            Path file = Path.of(named);
            if (!Files.isRegularFile(file)) {
                throw new UsageException("SAMLEC_CONFIG names " + file + ", which is not a file");
            }
            return Optional.of(file);
        }
        String xdg = environment.apply("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        Path file = base.resolve("samlec").resolve("config");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static Map<String, String> read(Path file) throws UsageException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("config file " + file + " cannot be read (" + e.getMessage() + ")");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq).strip();
            if (eq < 0 || !KEYS.contains(key)) {
                throw new UsageException("config file " + file + " line " + (i + 1) + ": "
                        + (eq < 0 ? "expected key=value" : "unknown key '" + key + "'") + "; the keys are "
                        + String.join(", ", KEYS));
            }
            result.put(key, line.substring(eq + 1).strip());
        }
        return result;
    }
}
