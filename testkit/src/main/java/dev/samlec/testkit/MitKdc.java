package dev.samlec.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MIT Kerberos KDC ({@code krb5kdc}) in a temporary realm {@value #REALM} on 127.0.0.1, for tests of HTTP
 * Negotiate: its own database, {@code kdc.conf} and {@code krb5.conf} in a temporary directory (the machine's
 * {@code /etc/krb5.conf} is never read or written), the user principal {@value #USER} and the demo IdP's service
 * principal {@code HTTP/127.0.0.1} with a keytab.
 *
 * <p>The MIT binaries come from Debian's {@code krb5-kdc}, {@code krb5-admin-server} and {@code krb5-user}. When they
 * are missing, the project's {@code .ci/install-kdc} installs them (as root); otherwise the start fails with a
 * message saying what to install. Tests never skip silently.
 *
 * <p>JGSS reads its {@code krb5.conf} from the JVM-global system property {@code java.security.krb5.conf} and caches
 * it, so there is one KDC per JVM: {@link #shared()} starts it on first use and sets the property to its file (before
 * any Kerberos class has read a configuration); it is stopped when the JVM exits. The realm's {@code krb5.conf}
 * forces TCP and bounds every KDC call ({@code kdc_timeout} 2 s, {@code max_retries} 1).
 */
public final class MitKdc implements AutoCloseable {
    /** The realm. */
    public static final String REALM = "SAMLEC.TEST";
    /** The user principal's name (without realm), also a uid of {@link DemoDirectory}. */
    public static final String USER = "alice";
    /** The service principal of an IdP at 127.0.0.1, as JGSS names it from {@code HTTP@127.0.0.1}. */
    public static final String IDP_SERVICE = "HTTP/127.0.0.1@" + REALM;
    private static final Logger LOG = LoggerFactory.getLogger(MitKdc.class);
    private static final Path SBIN = Path.of("/usr/sbin");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static MitKdc shared;

    private final Path dir;
    private final int port;
    private final Map<String, String> environment;
    private Process kdc;

    private MitKdc(Path dir, int port) {
        this.dir = dir;
        this.port = port;
        this.environment = Map.of("KRB5_CONFIG", krb5Conf().toString(), "KRB5_KDC_PROFILE",
                dir.resolve("kdc.conf").toString(), "KRB5CCNAME", "FILE:" + dir.resolve("ccache-unused"));
    }

    /**
     * The JVM's KDC, started on first use, with {@code java.security.krb5.conf} pointing at its configuration.
     *
     * @throws IllegalStateException if the KDC cannot be installed or started, or the property already names
     *     another file
     */
    public static synchronized MitKdc shared() {
        if (shared == null) {
            String configured = System.getProperty("java.security.krb5.conf");
            MitKdc started = start();
            if (configured != null && !configured.equals(started.krb5Conf().toString())) {
                started.close();
                throw new IllegalStateException("java.security.krb5.conf is already set to " + configured
                        + "; MitKdc.shared() must set it to its own realm's file before any Kerberos use");
            }
            System.setProperty("java.security.krb5.conf", started.krb5Conf().toString());
            refreshJgssConfiguration();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "samlec-mit-kdc-stop"));
            shared = started;
        }
        return shared;
    }

    /**
     * Makes JGSS re-read {@code java.security.krb5.conf}, in case a Kerberos class already cached another file (the
     * only public way: {@code Krb5LoginModule}'s {@code refreshKrb5Config}, which refreshes before it fails here).
     */
    private static void refreshJgssConfiguration() {
        AppConfigurationEntry entry = new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("refreshKrb5Config", "true",
                        "useTicketCache", "true", "ticketCache", "/nonexistent/samlec-refresh", "doNotPrompt", "true"));
        try {
            new LoginContext("samlec-krb5-refresh", new Subject(), callbacks -> {
                throw new UnsupportedCallbackException(callbacks[0]);
            }, new Configuration() {
                @Override
                public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                    return new AppConfigurationEntry[] {entry};
                }
            }).login();
        } catch (LoginException expected) {
            LOG.debug("krb5.conf refreshed ({})", expected.getMessage());
        }
    }

    /** Creates a realm in a new temporary directory and starts a KDC for it (not touching system properties). */
    public static MitKdc start() {
        ensureInstalled();
        try {
            Path dir = TempFiles.createDirectory("samlec-kdc");
            MitKdc kdc = new MitKdc(dir, freePort());
            try {
                kdc.createRealm();
                kdc.startKdc();
                return kdc;
            } catch (IOException | RuntimeException e) {
                kdc.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the MIT KDC could not be set up: " + e.getMessage(), e);
        }
    }

    /** The {@code krb5.conf} of this realm (KDC on 127.0.0.1, TCP, short timeouts). */
    public Path krb5Conf() {
        return dir.resolve("krb5.conf");
    }

    /** The demo IdP's keytab, holding {@link #IDP_SERVICE}. */
    public Path idpKeytab() {
        return dir.resolve("idp.keytab");
    }

    /** The user's keytab (so tests obtain tickets without a password prompt). */
    public Path userKeytab() {
        return dir.resolve("user.keytab");
    }

    /** The KDC's port on 127.0.0.1 (TCP and UDP). */
    public int port() {
        return port;
    }

    /**
     * A new credential cache file holding a ticket-granting ticket for {@link #USER} ({@code kinit -k}).
     *
     * @param lifetime the ticket lifetime in kinit's syntax, e.g. {@code 10h}
     */
    public Path ticketCache(String lifetime) throws IOException {
        return ticketCache(USER, lifetime);
    }

    /** As {@link #ticketCache(String)} for {@code user}, {@link #USER} or one made by {@link #addUser}. */
    public Path ticketCache(String user, String lifetime) throws IOException {
        Path cache = Files.createTempFile(dir, "ccache-", "");
        Files.delete(cache);
        Path keytab = USER.equals(user) ? userKeytab() : keytabOf(user);
        run(List.of("kinit", "-k", "-t", keytab.toString(), "-l", lifetime, "-c", "FILE:" + cache,
                user + "@" + REALM));
        return cache;
    }

    /**
     * Adds a user principal with a random key in a keytab of its own (e.g. one the directory does not know, or one
     * with an instance part such as {@code alice/admin}).
     */
    public void addUser(String user) throws IOException {
        kadmin("addprinc -randkey " + user);
        kadmin("ktadd -k " + keytabOf(user) + " " + user);
    }

    private Path keytabOf(String user) {
        return dir.resolve("user-" + user.replace('/', '_') + ".keytab");
    }

    /** Adds a service principal {@code HTTP/host} with a random key (for tests of other IdP host names). */
    public void addService(String host) throws IOException {
        kadmin("addprinc -randkey HTTP/" + host);
    }

    /** Stops the KDC (tickets already issued stay valid; new requests find nobody at the port). */
    public synchronized void stopKdc() {
        if (kdc != null) {
            kdc.destroy();
            try {
                if (!kdc.waitFor(5, TimeUnit.SECONDS)) {
                    kdc.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kdc = null;
        }
    }

    /** Starts the KDC again after {@link #stopKdc()}. */
    public synchronized void restartKdc() throws IOException {
        if (kdc == null) {
            startKdc();
        }
    }

    /** Stops the KDC and deletes the realm's directory. */
    @Override
    public void close() {
        stopKdc();
        TempFiles.deleteRecursively(dir);
    }

    private void createRealm() throws IOException {
        String kdcConf = "[kdcdefaults]\n kdc_listen = 127.0.0.1:" + port + "\n kdc_tcp_listen = 127.0.0.1:" + port
                + "\n\n[realms]\n " + REALM + " = {\n  database_name = " + dir.resolve("principal")
                + "\n  key_stash_file = " + dir.resolve("stash") + "\n  acl_file = " + dir.resolve("kadm5.acl")
                + "\n  max_life = 10h\n  max_renewable_life = 0\n"
                + "  supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal\n }\n"
                + "\n[logging]\n kdc = FILE:" + dir.resolve("kdc.log") + "\n";
        String krb5Conf = "[libdefaults]\n default_realm = " + REALM + "\n dns_lookup_kdc = false\n"
                + " dns_lookup_realm = false\n rdns = false\n dns_canonicalize_hostname = false\n"
                + " udp_preference_limit = 1\n kdc_timeout = 2000\n max_retries = 1\n forwardable = false\n"
                + "\n[realms]\n " + REALM + " = {\n  kdc = 127.0.0.1:" + port + "\n }\n"
                + "\n[domain_realm]\n 127.0.0.1 = " + REALM + "\n localhost = " + REALM + "\n";
        Files.writeString(dir.resolve("kdc.conf"), kdcConf, StandardCharsets.UTF_8);
        Files.writeString(krb5Conf(), krb5Conf, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("kadm5.acl"), "", StandardCharsets.UTF_8);
        run(List.of(SBIN.resolve("kdb5_util").toString(), "create", "-s", "-r", REALM, "-P", "samlec-test-master"));
        kadmin("addprinc -randkey " + USER);
        kadmin("addprinc -randkey " + IDP_SERVICE);
        kadmin("ktadd -k " + userKeytab() + " " + USER);
        kadmin("ktadd -k " + idpKeytab() + " " + IDP_SERVICE);
    }

    private void kadmin(String query) throws IOException {
        run(List.of(SBIN.resolve("kadmin.local").toString(), "-r", REALM, "-q", query));
    }

    private void startKdc() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(SBIN.resolve("krb5kdc").toString(), "-n", "-r", REALM)
                .redirectErrorStream(true).redirectOutput(dir.resolve("krb5kdc.out").toFile());
        builder.environment().putAll(environment);
        kdc = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!kdc.isAlive()) {
                throw new IOException("krb5kdc exited with " + kdc.exitValue() + ": " + output("krb5kdc.out"));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                LOG.info("MIT KDC for realm {} listening on 127.0.0.1:{}", REALM, port);
                return;
            } catch (IOException notYet) {
                pause();
            }
        }
        throw new IOException("krb5kdc did not listen on 127.0.0.1:" + port + " within 20 s: " + output("krb5kdc.out"));
    }

    private void run(List<String> command) throws IOException {
        Path log = Files.createTempFile(dir, "command-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command.subList(0, Math.min(2, command.size()))) + " failed ("
                    + process.exitValue() + "): " + Files.readString(log, StandardCharsets.UTF_8).strip());
        }
    }

    private String output(String name) {
        try {
            return Files.readString(dir.resolve(name), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Installs the MIT binaries with the project's {@code .ci/install-kdc} when they are missing. */
    private static void ensureInstalled() {
        if (installed()) {
            return;
        }
        Path script = findInstallScript();
        if (script == null) {
            throw new IllegalStateException("the MIT KDC (/usr/sbin/krb5kdc, kdb5_util, kadmin.local, kinit) is not"
                    + " installed and .ci/install-kdc was not found above " + Path.of("").toAbsolutePath()
                    + "; install the Debian packages krb5-kdc krb5-admin-server krb5-user");
        }
        LOG.warn("the MIT KDC is not installed; running {}", script);
        try {
            Process process = new ProcessBuilder("bash", script.toString()).inheritIO()
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0 || !installed()) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not install the MIT KDC (exit "
                        + (process.isAlive() ? "timeout" : process.exitValue()) + "); as root it runs apt-get install"
                        + " krb5-kdc krb5-admin-server krb5-user");
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the MIT KDC", e);
        }
    }

    private static boolean installed() {
        List<Path> needed = new ArrayList<>(List.of(SBIN.resolve("krb5kdc"), SBIN.resolve("kdb5_util"),
                SBIN.resolve("kadmin.local"), Path.of("/usr/bin/kinit")));
        return needed.stream().allMatch(Files::isExecutable);
    }

    private static Path findInstallScript() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path script = p.resolve(".ci").resolve("install-kdc");
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        return null;
    }

    /** A port free on 127.0.0.1 for both TCP and UDP at the time of asking. */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
                return tcp.getLocalPort();
            } catch (IOException taken) {
                LOG.debug("port taken for UDP, trying another: {}", taken.toString());
            }
        }
        throw new IOException("no port on 127.0.0.1 was free for both TCP and UDP");
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
