package dev.samlec.redis;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.service.LoginStateStore;
import dev.samlec.mech.service.LoginStateStores;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code redis} {@link LoginStateStores} provider, registered in {@code META-INF/services}: the JAAS module's
 * {@code loginStore=redis} (and the CLI's {@code --login-store redis}) open a {@link RedisLoginStore} through it.
 * Settings, all strings:
 * <table>
 *   <caption>Settings of the redis store</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>uri</td><td>required</td><td>{@code redis://host:port}, or {@code rediss://host:port} for TLS; no
 *       credentials in it</td></tr>
 *   <tr><td>keyPrefix</td><td>required</td><td>the prefix of every key, one per service (e.g.
 *       {@code samlec:ldap.example.org:}): the nodes of one service share it, other services use others</td></tr>
 *   <tr><td>username</td><td>-</td><td>the AUTH user (Redis 6 ACLs); needs passwordFile</td></tr>
 *   <tr><td>passwordFile</td><td>-</td><td>a file holding the AUTH password (UTF-8, one line; a final line break is
 *       not part of it), so the password is in no configuration file or command line</td></tr>
 *   <tr><td>trustedCertificates</td><td>the JVM's CA bundle</td><td>a PEM file of the CA certificates a
 *       {@code rediss://} server's certificate must chain to</td></tr>
 *   <tr><td>commandTimeout</td><td>PT0.5S</td><td>the most one call may take (ISO-8601)</td></tr>
 *   <tr><td>connectTimeout</td><td>PT2S</td><td>the most one connection attempt may take</td></tr>
 *   <tr><td>reconnectInterval</td><td>PT1S</td><td>the least time between connection attempts after a
 *       failure</td></tr>
 *   <tr><td>allowInsecure</td><td>false</td><td>{@code true} allows {@code redis://} (no TLS) to a host that is not
 *       loopback, for a network you trust</td></tr>
 * </table>
 */
public final class RedisLoginStateStores implements LoginStateStores {
    /** The name the store is selected by. */
    public static final String NAME = "redis";
    /** The server's URI. */
    public static final String URI_SETTING = "uri";
    /** The key prefix. */
    public static final String KEY_PREFIX = "keyPrefix";
    /** The AUTH user. */
    public static final String USERNAME = "username";
    /** The file holding the AUTH password. */
    public static final String PASSWORD_FILE = "passwordFile";
    /** The PEM CA certificates for TLS. */
    public static final String TRUSTED_CERTIFICATES = "trustedCertificates";
    /** The per-call timeout. */
    public static final String COMMAND_TIMEOUT = "commandTimeout";
    /** The connection timeout. */
    public static final String CONNECT_TIMEOUT = "connectTimeout";
    /** The least time between connection attempts. */
    public static final String RECONNECT_INTERVAL = "reconnectInterval";
    /** Whether plain redis:// to another host is allowed. */
    public static final String ALLOW_INSECURE = "allowInsecure";

    private static final Set<String> SETTINGS = Set.of(URI_SETTING, KEY_PREFIX, USERNAME, PASSWORD_FILE,
            TRUSTED_CERTIFICATES, COMMAND_TIMEOUT, CONNECT_TIMEOUT, RECONNECT_INTERVAL, ALLOW_INSECURE);
    /** A password file is one short line; anything longer is the wrong file. */
    private static final long MAX_PASSWORD_FILE_BYTES = 4096;

    /** The provider (ServiceLoader instantiates it). */
    public RedisLoginStateStores() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> settingNames() {
        return SETTINGS;
    }

    @Override
    public LoginStateStore open(Map<String, String> settings, Clock clock) throws EcpConfigurationException {
        RedisSettings parsed = settings(settings);
        try {
            return new RedisLoginStore(parsed, clock);
        } catch (LinkageError e) {
            throw new EcpConfigurationException(EcpError.INVALID_CONFIGURATION, "the redis store needs the Lettuce"
                    + " client (io.lettuce:lettuce-core and its Netty and Reactor jars, which samlec-redis depends on)"
                    + " on the class path: " + e, e);
        }
    }

    /** The {@link RedisSettings} these settings describe; every problem names its setting. */
    public static RedisSettings settings(Map<String, String> settings) throws EcpConfigurationException {
        Set<String> unknown = new TreeSet<>(settings.keySet());
        unknown.removeAll(SETTINGS);
        if (!unknown.isEmpty()) {
            throw invalid("unknown redis store setting(s) " + unknown + "; known: " + new TreeSet<>(SETTINGS));
        }
        RedisSettings.Builder b = RedisSettings.builder(uri(required(settings, URI_SETTING)))
                .keyPrefix(required(settings, KEY_PREFIX));
        String passwordFile = settings.get(PASSWORD_FILE);
        String username = settings.get(USERNAME);
        if (username != null && passwordFile == null) {
            throw invalid(USERNAME + " needs " + PASSWORD_FILE + ": the user's AUTH password");
        }
        if (passwordFile != null) {
            char[] password = readPassword(path(PASSWORD_FILE, passwordFile));
            try {
                if (username != null) {
                    b.credentials(username, password);
                } else {
                    b.password(password);
                }
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        if (settings.containsKey(TRUSTED_CERTIFICATES)) {
            Path pem = path(TRUSTED_CERTIFICATES, settings.get(TRUSTED_CERTIFICATES));
            if (!Files.isReadable(pem)) {
                throw invalid(TRUSTED_CERTIFICATES + ": cannot read " + pem);
            }
            b.trustedCertificates(pem);
        }
        if (settings.containsKey(COMMAND_TIMEOUT)) {
            b.commandTimeout(duration(COMMAND_TIMEOUT, settings.get(COMMAND_TIMEOUT)));
        }
        if (settings.containsKey(CONNECT_TIMEOUT)) {
            b.connectTimeout(duration(CONNECT_TIMEOUT, settings.get(CONNECT_TIMEOUT)));
        }
        if (settings.containsKey(RECONNECT_INTERVAL)) {
            b.reconnectInterval(duration(RECONNECT_INTERVAL, settings.get(RECONNECT_INTERVAL)));
        }
        if (settings.containsKey(ALLOW_INSECURE)) {
            String value = settings.get(ALLOW_INSECURE);
            if (!"true".equals(value) && !"false".equals(value)) {
                throw invalid(ALLOW_INSECURE + " must be true or false, was " + value);
            }
            b.allowInsecure(Boolean.parseBoolean(value));
        }
        return b.build();
    }

    /**
     * The AUTH password in {@code file}: UTF-8, one line, a final {@code \n} or {@code \r\n} removed.
     *
     * @throws EcpConfigurationException if the file cannot be read, is empty, too long or not UTF-8
     */
    public static char[] readPassword(Path file) throws EcpConfigurationException {
        byte[] bytes = null;
        try {
            if (Files.size(file) > MAX_PASSWORD_FILE_BYTES) {
                throw invalid(PASSWORD_FILE + ": " + file + " is longer than " + MAX_PASSWORD_FILE_BYTES
                        + " bytes; it must hold only the password");
            }
            bytes = Files.readAllBytes(file);
            int length = bytes.length;
            if (length > 0 && bytes[length - 1] == '\n') {
                length--;
                if (length > 0 && bytes[length - 1] == '\r') {
                    length--;
                }
            }
            if (length == 0) {
                throw invalid(PASSWORD_FILE + ": " + file + " is empty");
            }
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length));
            char[] password = new char[chars.remaining()];
            chars.get(password);
            Arrays.fill(chars.array(), '\0');
            for (char c : password) {
                if (c == '\n' || c == '\r') {
                    Arrays.fill(password, '\0');
                    throw invalid(PASSWORD_FILE + ": " + file + " holds more than one line");
                }
            }
            return password;
        } catch (CharacterCodingException e) {
            throw invalid(PASSWORD_FILE + ": " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw invalid(PASSWORD_FILE + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    private static String required(Map<String, String> settings, String name) throws EcpConfigurationException {
        String value = settings.get(name);
        if (value == null || value.isBlank()) {
            throw invalid(name + " is required for the redis store");
        }
        return value;
    }

    private static URI uri(String text) throws EcpConfigurationException {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw invalid(URI_SETTING + " is not a valid URI (" + e.getReason() + ")");
        }
    }

    private static Path path(String name, String text) throws EcpConfigurationException {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw invalid(name + " is not a valid file path (" + e.getReason() + ")");
        }
    }

    private static Duration duration(String name, String text) throws EcpConfigurationException {
        try {
            Duration d = Duration.parse(text);
            if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofMinutes(1)) > 0) {
                throw invalid(name + " must be between PT0.001S and PT1M, was " + text);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw invalid(name + " must be an ISO-8601 duration such as PT0.5S, was " + text);
        }
    }

    private static EcpConfigurationException invalid(String message) {
        return new EcpConfigurationException(EcpError.INVALID_CONFIGURATION, message);
    }
}
