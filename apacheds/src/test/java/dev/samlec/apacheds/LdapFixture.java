package dev.samlec.apacheds;

import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSaslProvider;
import dev.samlec.testkit.DemoDirectory;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.ServiceProviderRegistration;
import dev.samlec.mech.testing.TestCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.directory.api.ldap.model.constants.AuthenticationLevel;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.server.core.api.CoreSession;
import org.apache.directory.server.ldap.LdapSession;

/**
 * A real ApacheDS (the demo directory) with samlec's SAML20EC mechanism handler, and the demo IdP backed by the same
 * directory, with the LDAP service {@value #SERVICE} registered at it (its requests signed, so -PLUS is offered).
 */
final class LdapFixture implements AutoCloseable {
    static final String SERVICE = "ldap@127.0.0.1";
    static final String ENTITY = "https://ldap.test/samlec";

    final DemoDirectory directory;
    final DemoIdp idp;

    LdapFixture() throws Exception {
        directory = DemoDirectory.start();
        idp = DemoIdp.builder().directory(directory).start();
        idp.registerServiceProvider(ServiceProviderRegistration.builder(ENTITY).acsUrls(List.of(SERVICE))
                .signingCertificate(TestCredentials.spSigning().certificate()).build());
        SamlecAcceptor acceptor = SamlecAcceptor.builder(ServiceProviderSettings.builder().entityId(ENTITY)
                .assertionConsumerServiceUrl(SERVICE).signingKey(TestCredentials.spSigning())
                .idpTrust(IdpTrust.of(idp.entityId(), List.of(idp.signingCertificate()))).build()).build();
        SamlecLdapMechanisms.install(directory.ldapServer(), acceptor,
                IdentityMapping.byUid(new Dn(DemoDirectory.PEOPLE_DN)));
    }

    /** The demo IdP's endpoint, without credentials. */
    IdpEndpoint endpoint() throws Exception {
        return IdpEndpoint.builder(idp.entityId(), idp.ssoUrl()).allowInsecureHttp(true).build();
    }

    /**
     * The entries the server's LDAP sessions are bound as through a strong (SASL) authentication, read from the
     * server itself, in lower case. (RFC 4532 Who am I? would say the same, but ApacheDS AM27's handler answers with
     * a response type its standalone codec cannot encode, and drops the connection.)
     */
    List<String> strongBindings() {
        return strongBindings(directory.ldapServer());
    }

    /** The same for another LDAP server on this directory (e.g. an LDAPS listener). */
    static List<String> strongBindings(org.apache.directory.server.ldap.LdapServer server) {
        List<String> dns = new ArrayList<>();
        for (LdapSession session : server.getLdapSessionManager().getSessions()) {
            CoreSession core = session.getCoreSession();
            if (core != null && !core.isAnonymous() && core.getAuthenticatedPrincipal() != null
                    && core.getAuthenticatedPrincipal().getAuthenticationLevel() == AuthenticationLevel.STRONG) {
                dns.add(core.getAuthenticatedPrincipal().getDn().getName().toLowerCase(Locale.ROOT));
            }
        }
        return dns;
    }

    @Override
    public void close() {
        idp.close();
        directory.close();
        SamlecSaslProvider.uninstall();
    }
}
