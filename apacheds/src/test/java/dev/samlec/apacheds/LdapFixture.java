package dev.samlec.apacheds;

import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecCallbackHandler;
import dev.samlec.sasl.SamlecSaslProvider;
import dev.samlec.testkit.DemoDirectory;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.ServiceProviderRegistration;
import java.util.List;
import java.util.Set;
import org.apache.directory.api.ldap.model.name.Dn;

/**
 * A real ApacheDS (the demo directory) with samlec's SAML20EC mechanism handler and {@link WhoAmIOperation}, and the
 * demo IdP backed by the same directory, with the LDAP service {@value #SERVICE} registered at it (its requests
 * signed, so -PLUS can be offered on TLS listeners, see {@link TlsListener}).
 */
final class LdapFixture implements AutoCloseable {
    static final String SERVICE = "ldap@127.0.0.1";
    static final String ENTITY = "https://ldap.test/samlec";
    static final String ALICE = "uid=alice," + DemoDirectory.PEOPLE_DN;
    static final String BOB = "uid=bob," + DemoDirectory.PEOPLE_DN;
    static final String CAROL = "uid=carol," + DemoDirectory.PEOPLE_DN;

    final DemoDirectory directory;
    final DemoIdp idp;
    final SamlecAcceptor acceptor;
    /** The names the plain listener's install returned. */
    final Set<String> installed;

    LdapFixture() throws Exception {
        directory = DemoDirectory.start();
        idp = DemoIdp.builder().directory(directory).start();
        idp.registerServiceProvider(ServiceProviderRegistration.builder(ENTITY).acsUrls(List.of(SERVICE))
                .signingCertificate(TestCredentials.spSigning().certificate()).build());
        acceptor = SamlecAcceptor.builder(ServiceProviderSettings.builder().entityId(ENTITY)
                .assertionConsumerServiceUrl(SERVICE).signingKey(TestCredentials.spSigning())
                .idpTrust(IdpTrust.of(idp.entityId(), List.of(idp.signingCertificate()))).build()).build();
        installed = install(IdentityMapping.byUid(new Dn(DemoDirectory.PEOPLE_DN)));
        SamlecLdapMechanisms.installWhoAmI(directory.ldapServer());
    }

    /** (Re)installs the mechanisms on the plain listener with this mapping. */
    Set<String> install(IdentityMapping mapping) throws Exception {
        return SamlecLdapMechanisms.install(directory.ldapServer(), acceptor, mapping);
    }

    /** The demo IdP's endpoint, without credentials. */
    IdpEndpoint endpoint() throws Exception {
        return IdpEndpoint.builder(idp.entityId(), idp.ssoUrl()).allowInsecureHttp(true).build();
    }

    /** A client callback handler logging in at the demo IdP as {@code user}. */
    SamlecCallbackHandler user(String user, String password) throws Exception {
        return new SamlecCallbackHandler(List.of(endpoint()), user, password.toCharArray());
    }

    @Override
    public void close() {
        idp.close();
        directory.close();
        SamlecSaslProvider.uninstall();
    }
}
