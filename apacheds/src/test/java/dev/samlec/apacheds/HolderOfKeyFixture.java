package dev.samlec.apacheds;

import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.client.TlsTrust;
import dev.samlec.mech.service.ConfirmationMethods;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoTls;
import dev.samlec.testkit.ServiceProviderRegistration;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

/**
 * For holder-of-key binds: the {@link LdapFixture}'s directory, a demo IdP on HTTPS that logs users in by TLS client
 * certificate, an acceptor that takes holder-of-key assertions only, and a TLS listener (LDAPS or StartTLS) asking
 * for client certificates of the same demo CA. {@link #alice} is alice's one key.
 */
final class HolderOfKeyFixture implements AutoCloseable {
    final LdapFixture ldap;
    final DemoTls tls;
    final DemoIdp idp;
    final TlsListener listener;
    final KeyStore alice;

    HolderOfKeyFixture(Path dir, boolean ldaps) throws Exception {
        ldap = new LdapFixture();
        tls = DemoTls.generate();
        alice = tls.clientKeyStore("alice");
        idp = DemoIdp.builder().directory(ldap.directory).https(tls.serverKeyStore(), DemoTls.password())
                .trustClientCertificates(List.of(tls.caCertificate())).start();
        idp.registerServiceProvider(ServiceProviderRegistration.builder(LdapFixture.ENTITY)
                .acsUrls(List.of(LdapFixture.SERVICE)).signingCertificate(TestCredentials.spSigning().certificate())
                .build());
        SamlecAcceptor holderOfKeyOnly = SamlecAcceptor.builder(ServiceProviderSettings.builder()
                .entityId(LdapFixture.ENTITY).assertionConsumerServiceUrl(LdapFixture.SERVICE)
                .signingKey(TestCredentials.spSigning())
                .idpTrust(IdpTrust.of(idp.entityId(), List.of(idp.signingCertificate())))
                .confirmationMethods(ConfirmationMethods.HOLDER_OF_KEY).build()).build();
        listener = TlsListener.start(ldap, dir, ldaps, holderOfKeyOnly, tls, true);
    }

    /** The HTTPS demo IdP's endpoint, trusting the demo CA, without credentials. */
    IdpEndpoint idpEndpoint() throws Exception {
        return IdpEndpoint.builder(idp.entityId(), idp.ssoUrl()).trust(TlsTrust.pinned(List.of(tls.caCertificate())))
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    @Override
    public void close() {
        listener.close();
        idp.close();
        ldap.close();
    }
}
