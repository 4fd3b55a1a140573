package dev.samlec.examples.standalone;

import dev.samlec.apacheds.IdentityMapping;
import dev.samlec.apacheds.SamlecLdapMechanisms;
import dev.samlec.sasl.SamlecAcceptor;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.server.core.api.DirectoryService;
import org.apache.directory.server.ldap.LdapServer;
import org.apache.directory.server.protocol.shared.transport.TcpTransport;
import org.apache.directory.server.protocol.shared.transport.Transport;

/**
 * An LDAP server that accepts federated SAML logins, built from scratch: an ApacheDS {@link DirectoryService}
 * ({@link InMemoryDirectory}: schema, partition, the users of an LDIF file), an {@link LdapServer} with a
 * {@link TcpTransport} (and an optional LDAPS one), and samlec's {@code SAML20EC} mechanism (plus
 * {@code SAML20EC-PLUS} with LDAPS and a signing key) trusting the IdP in a metadata file ({@link AcceptorFiles}).
 *
 * <pre>
 * java -cp samlec-examples.jar dev.samlec.examples.standalone.SamlLdapServer /etc/samlec-ldap/server.properties
 * </pre>
 * (see {@link LdapServerSettings} for the file) runs until the JVM is stopped.
 */
public final class SamlLdapServer implements AutoCloseable {
    private final DirectoryService directory;
    private final LdapServer server;
    private final Set<String> mechanisms;

    private SamlLdapServer(DirectoryService directory, LdapServer server, Set<String> mechanisms) {
        this.directory = directory;
        this.server = server;
        this.mechanisms = mechanisms;
    }

    /** Starts the server; on failure nothing is left running. */
    public static SamlLdapServer start(LdapServerSettings settings) throws Exception {
        SamlecAcceptor acceptor = AcceptorFiles.fromFiles(settings.serviceEntityId(), settings.serviceName(),
                settings.idpMetadata(), settings.signingKey(), settings.signingCertificate());
        Files.createDirectories(settings.workDirectory());
        DirectoryService directory = InMemoryDirectory.start(settings.workDirectory(), settings.suffix(),
                settings.ldif());
        try {
            LdapServer server = new LdapServer();
            server.setDirectoryService(directory);
            List<TcpTransport> transports = new ArrayList<>();
            transports.add(new TcpTransport(settings.host(), settings.port()));
            if (settings.ldapsPort() != null) {
                TcpTransport ldaps = new TcpTransport(settings.host(), settings.ldapsPort());
                ldaps.setEnableSSL(true);
                transports.add(ldaps);
                server.setKeystoreFile(settings.ldapsKeyStore().toString());
                server.setCertificatePassword(settings.ldapsKeyStorePassword());
            }
            server.setTransports(transports.toArray(TcpTransport[]::new));
            // samlec: the mechanism handlers, before start (TLS is already configured, so -PLUS can be offered)
            Set<String> mechanisms = SamlecLdapMechanisms.install(server, acceptor,
                    IdentityMapping.byUid(new Dn(settings.peopleDn())));
            SamlecLdapMechanisms.installWhoAmI(server);
            server.start();
            return new SamlLdapServer(directory, server, mechanisms);
        } catch (Exception e) {
            directory.shutdown();
            throw e;
        }
    }

    /** The port of the plain LDAP listener (the one chosen when the settings said 0). */
    public int port() {
        return localPort(false);
    }

    /** The port of the LDAPS listener; only when the settings configured one. */
    public int ldapsPort() {
        return localPort(true);
    }

    /** The SASL mechanisms samlec installed ({@code SAML20EC}, and {@code SAML20EC-PLUS} where possible). */
    public Set<String> mechanisms() {
        return mechanisms;
    }

    private int localPort(boolean ssl) {
        for (Transport transport : server.getTransports()) {
            if (transport.isSSLEnabled() == ssl) {
                return ((InetSocketAddress) transport.getAcceptor().getLocalAddress()).getPort();
            }
        }
        throw new IllegalStateException(ssl ? "no LDAPS listener is configured" : "no LDAP listener");
    }

    /** Stops the LDAP server and the directory service. */
    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            directory.shutdown();
        }
    }

    /** Runs the server described by the properties file {@code args[0]} until the JVM is stopped. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: SamlLdapServer SERVER.properties");
            System.exit(2);
        }
        LdapServerSettings settings = LdapServerSettings.read(Path.of(args[0]));
        SamlLdapServer server = start(settings);
        System.out.println("LDAP on " + settings.host() + ":" + server.port() + " offering SASL " + server.mechanisms()
                + " as " + settings.serviceName());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("stop failed: " + e);
            } finally {
                stopped.countDown();
            }
        }));
        stopped.await();
    }
}
