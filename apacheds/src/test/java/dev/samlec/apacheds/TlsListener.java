package dev.samlec.apacheds;

import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.testkit.DemoDirectory;
import dev.samlec.testkit.DemoTls;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.server.ldap.LdapServer;
import org.apache.directory.server.ldap.handlers.extended.StartTlsHandler;
import org.apache.directory.server.protocol.shared.transport.TcpTransport;

/**
 * A second ApacheDS LDAP listener on the fixture's directory service, with a certificate from a fresh demo CA:
 * either LDAPS, or plain LDAP with StartTLS. SAML20EC (and, TLS being offered, SAML20EC-PLUS) and Who-am-I are
 * installed the way an application would, before the listener starts.
 */
final class TlsListener implements AutoCloseable {
    final LdapServer server;
    final DemoTls tls;

    private TlsListener(LdapServer server, DemoTls tls) {
        this.server = server;
        this.tls = tls;
    }

    /** Starts the listener; {@code ldaps} chooses LDAPS, else StartTLS. */
    static TlsListener start(LdapFixture ldap, Path dir, boolean ldaps) throws Exception {
        return start(ldap, dir, ldaps, ldap.acceptor, DemoTls.generate(), false);
    }

    /**
     * Starts a listener with {@code acceptor} and a server key from {@code tls}; with {@code wantClientAuth} it asks
     * for a TLS client certificate and trusts those of {@code tls}'s CA.
     */
    static TlsListener start(LdapFixture ldap, Path dir, boolean ldaps, SamlecAcceptor acceptor, DemoTls tls,
            boolean wantClientAuth) throws Exception {
        Path keyStore = dir.resolve(ldaps ? "ldaps.p12" : "starttls.p12");
        try (OutputStream out = Files.newOutputStream(keyStore)) {
            tls.serverKeyStore().store(out, DemoTls.password());
        }
        TcpTransport transport = new TcpTransport("127.0.0.1", 0);
        transport.setEnableSSL(ldaps);
        transport.setWantClientAuth(wantClientAuth);
        LdapServer server = new LdapServer();
        server.setTransports(transport);
        server.setDirectoryService(ldap.directory.ldapServer().getDirectoryService());
        server.setKeystoreFile(keyStore.toString());
        server.setCertificatePassword(new String(DemoTls.password()));
        if (!ldaps) {
            server.addExtendedOperationHandler(new StartTlsHandler());
        }
        TlsListener listener = new TlsListener(server, tls);
        if (wantClientAuth) {
            server.setTrustManagers(listener.trustManagers());
        }
        SamlecLdapMechanisms.install(server, acceptor, IdentityMapping.byUid(new Dn(DemoDirectory.PEOPLE_DN)));
        SamlecLdapMechanisms.installWhoAmI(server);
        server.start();
        return listener;
    }

    int port() {
        return ((InetSocketAddress) server.getTransports()[0].getAcceptor().getLocalAddress()).getPort();
    }

    /** Trust managers trusting only the demo CA that issued this listener's certificate. */
    TrustManager[] trustManagers() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", tls.caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers();
    }

    @Override
    public void close() {
        server.stop();
    }
}
