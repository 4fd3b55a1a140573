package dev.samlec.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.apache.directory.api.ldap.model.entry.DefaultEntry;
import org.apache.directory.api.ldap.model.entry.DefaultModification;
import org.apache.directory.api.ldap.model.entry.ModificationOperation;
import org.apache.directory.api.ldap.model.ldif.LdifEntry;
import org.apache.directory.api.ldap.model.ldif.LdifReader;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.api.ldap.model.schema.SchemaManager;
import org.apache.directory.server.core.api.CoreSession;
import org.apache.directory.server.core.api.DirectoryService;
import org.apache.directory.server.ldap.LdapServer;
import org.apache.directory.server.protocol.shared.transport.TcpTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded ApacheDS directory with samlec's demo users, served by a real LDAP server on 127.0.0.1 (a free
 * port). FOR DEMOS AND TESTS ONLY: the passwords are public.
 *
 * <p>Suffix {@value #BASE_DN}, users under {@value #PEOPLE_DN} and groups under {@value #GROUPS_DN}, loaded from
 * {@code demo-directory.ldif}:
 * <table>
 *   <caption>Demo users</caption>
 *   <tr><th>uid</th><th>password</th><th>cn</th><th>mail</th><th>groups</th></tr>
 *   <tr><td>alice</td><td>alicepw</td><td>Alice Example</td><td>alice@samlec.dev</td><td>staff, admins</td></tr>
 *   <tr><td>bob</td><td>bobpw</td><td>Bob Example</td><td>bob@samlec.dev</td><td>staff</td></tr>
 *   <tr><td>carol</td><td>carolpw</td><td>Carol Example</td><td>carol@samlec.dev</td><td>(none)</td></tr>
 * </table>
 *
 * <p>All partitions are in memory; the instance directory ApacheDS insists on is a temporary directory removed by
 * {@link #close()}. Anonymous binds are refused and the built-in {@code uid=admin,ou=system} password is replaced by
 * a random one at start-up.
 */
public final class DemoDirectory implements AutoCloseable {
    /** The directory suffix. */
    public static final String BASE_DN = "dc=samlec,dc=dev";
    /** Where the users live ({@code uid=<name>} entries). */
    public static final String PEOPLE_DN = "ou=people," + BASE_DN;
    /** Where the groups live ({@code groupOfNames} / {@code groupOfUniqueNames}). */
    public static final String GROUPS_DN = "ou=groups," + BASE_DN;
    /** The loopback address the LDAP server listens on. */
    public static final String HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(DemoDirectory.class);
    private static final String LDIF_RESOURCE = "demo-directory.ldif";

    private final DirectoryService service;
    private final LdapServer server;
    private final Path workDirectory;
    private final int port;
    private final Duration startupTime;
    private boolean closed;

    private DemoDirectory(DirectoryService service, LdapServer server, Path workDirectory, int port,
            Duration startupTime) {
        this.service = service;
        this.server = server;
        this.workDirectory = workDirectory;
        this.port = port;
        this.startupTime = startupTime;
    }

    /** Starts a directory with the demo users; the admin password is randomised with a fresh {@link SecureRandom}. */
    public static DemoDirectory start() throws IOException {
        return start(new SecureRandom());
    }

    /** Starts a directory with the demo users, drawing the random admin password from {@code random}. */
    public static DemoDirectory start(SecureRandom random) throws IOException {
        Objects.requireNonNull(random, "random");
        long started = System.nanoTime();
        Path work = TempFiles.createDirectory("samlec-demo-ldap-");
        DirectoryService service = null;
        LdapServer server = null;
        try {
            service = EmbeddedDirectoryServices.create(work, BASE_DN);
            loadDemoEntries(service);
            randomiseAdminPassword(service, random);
            TcpTransport transport = new TcpTransport(HOST, 0);
            server = new LdapServer();
            server.setTransports(transport);
            server.setDirectoryService(service);
            server.start();
            int port = ((InetSocketAddress) transport.getAcceptor().getLocalAddress()).getPort();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            LOG.warn("samlec DEMO directory (for demos and tests only, public passwords) listening on ldap://{}:{}"
                    + " (started in {} ms)", HOST, port, elapsed.toMillis());
            return new DemoDirectory(service, server, work, port, elapsed);
        } catch (Exception e) {
            stopQuietly(server, service);
            TempFiles.deleteRecursively(work);
            throw new IOException("the demo directory could not start: " + e.getMessage(), e);
        }
    }

    /** The LDAP server's port on {@link #HOST}. */
    public int port() {
        return port;
    }

    /** The LDAP URL, e.g. {@code ldap://127.0.0.1:38123}. */
    public String ldapUrl() {
        return "ldap://" + HOST + ":" + port;
    }

    /**
     * The user with this uid, found without a password (for logins already proven otherwise, e.g. by a verified
     * TLS client certificate); empty when there is no such user.
     *
     * @throws IOException if the directory fails
     */
    Optional<DirectoryUser> findUser(String uid) throws IOException {
        return DirectoryLookup.find(service, uid);
    }

    /** Checks passwords in process, in this directory's service ({@link EmbeddedPasswordCheck}). */
    PasswordCheck inProcessPasswordCheck() {
        return new EmbeddedPasswordCheck(service);
    }

    /**
     * The running ApacheDS LDAP server, for tests that extend it (e.g. add a SASL mechanism handler and register its
     * name in the root DSE).
     */
    public LdapServer ldapServer() {
        return server;
    }

    /** How long {@link #start()} took, from the first ApacheDS call to a listening LDAP server. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops the LDAP server and the directory service and deletes the working directory; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopQuietly(server, service);
        TempFiles.deleteRecursively(workDirectory);
        LOG.info("samlec demo directory on port {} stopped", port);
    }

    @Override
    public String toString() {
        return "samlec DEMO directory (for demos and tests only) at " + ldapUrl() + ", base " + BASE_DN;
    }

    private static void loadDemoEntries(DirectoryService service) throws Exception {
        SchemaManager schema = service.getSchemaManager();
        CoreSession admin = service.getAdminSession();
        try (InputStream in = DemoDirectory.class.getResourceAsStream(LDIF_RESOURCE)) {
            if (in == null) {
                throw new IOException("resource " + LDIF_RESOURCE + " is missing from the testkit jar");
            }
            try (LdifReader reader = new LdifReader(in)) {
                for (LdifEntry entry : reader) {
                    admin.add(new DefaultEntry(schema, entry.getEntry()));
                }
            }
        }
    }

    /** ApacheDS ships {@code uid=admin,ou=system} with the password "secret"; nobody should be able to use it. */
    private static void randomiseAdminPassword(DirectoryService service, SecureRandom random) throws Exception {
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        service.getAdminSession().modify(new Dn(service.getSchemaManager(), "uid=admin,ou=system"),
                new DefaultModification(ModificationOperation.REPLACE_ATTRIBUTE, "userPassword",
                        Base64.getEncoder().encodeToString(secret)));
    }

    private static void stopQuietly(LdapServer server, DirectoryService service) {
        try {
            if (server != null && server.isStarted()) {
                server.stop();
            }
        } catch (RuntimeException e) {
            LOG.debug("LDAP server stop failed", e);
        }
        try {
            if (service != null && service.isStarted()) {
                service.shutdown();
            }
        } catch (Exception e) {
            LOG.debug("directory service shutdown failed", e);
        }
    }
}
