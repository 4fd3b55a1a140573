package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.samlec.apacheds.IdentityMapping;
import dev.samlec.apacheds.SamlecLdapMechanisms;
import dev.samlec.apacheds.WhoAmIRequest;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecCallbackHandler;
import dev.samlec.sasl.SamlecSaslProvider;
import dev.samlec.testkit.DemoDirectory;
import dev.samlec.testkit.DemoIdp;
import java.io.File;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Collectors;
import javax.naming.AuthenticationException;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import org.apache.directory.api.ldap.model.name.Dn;
import org.junit.jupiter.api.Test;

/**
 * A project that knows samlec only by its Maven coordinates: a real ApacheDS LDAP server (the demo directory) with
 * samlec's SAML20EC mechanism handler, the demo IdP on the same directory, and the JDK's own LDAP client (JNDI)
 * binding with SAML20EC.
 */
class JndiSaml20EcBindTest {
    private static final String SERVICE = "ldap@127.0.0.1";
    private static final String SERVICE_ENTITY_ID = "https://ldap.example.com/samlec";

    @Test
    void jndiBindsWithSaml20EcAsTheIdpsUserAndAWrongPasswordIsRefused() throws Exception {
        SamlecSaslProvider.install();
        try (DemoDirectory directory = DemoDirectory.start();
                DemoIdp idp = DemoIdp.builder().directory(directory).start()) {
            idp.registerServiceProvider(SERVICE_ENTITY_ID, List.of(SERVICE));
            SamlecAcceptor acceptor = SamlecAcceptor.builder(ServiceProviderSettings.builder()
                    .entityId(SERVICE_ENTITY_ID).assertionConsumerServiceUrl(SERVICE)
                    .idpTrust(IdpTrust.of(idp.entityId(), List.of(idp.signingCertificate()))).build()).build();
            SamlecLdapMechanisms.install(directory.ldapServer(), acceptor,
                    IdentityMapping.byUid(new Dn(DemoDirectory.PEOPLE_DN)));
            SamlecLdapMechanisms.installWhoAmI(directory.ldapServer());
            IdpEndpoint endpoint = IdpEndpoint.builder(idp.entityId(), idp.ssoUrl()).allowInsecureHttp(true).build();

            LdapContext context = bind(directory.ldapUrl(), endpoint, "alice", "alicepw");
            try {
                assertEquals("dn:uid=alice," + DemoDirectory.PEOPLE_DN, WhoAmIRequest.ask(context).toLowerCase());
            } finally {
                context.close();
            }
            assertThrows(AuthenticationException.class,
                    () -> bind(directory.ldapUrl(), endpoint, "alice", "wrong").close());
        }
    }

    /** What the dependency hygiene promises a user: the versions samlec was tested with, no second BouncyCastle. */
    @Test
    void theClassPathHasSamlecsPinnedVersionsAndNoneOfTheExcludedJars() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(path -> new File(path).getName()).collect(Collectors.toList());
        assertTrue(jars.stream().anyMatch(jar -> jar.startsWith("guava-33.")), () -> "no Guava 33 in " + jars);
        assertTrue(jars.stream().anyMatch(jar -> jar.startsWith("bcprov-jdk18on-")), () -> "no bcprov in " + jars);
        assertTrue(jars.stream().anyMatch(jar -> jar.startsWith("mina-core-2.2.5")), () -> "no MINA 2.2.5 in " + jars);
        for (String gone : List.of("bcprov-jdk15on", "bcpkix-jdk15on", "spring-core", "velocity-engine-core",
                "jakarta.xml.bind-api", "guava-28", "mina-core-2.2.3")) {
            assertFalse(jars.stream().anyMatch(jar -> jar.startsWith(gone)), () -> gone + " is on " + jars);
        }
    }

    private static LdapContext bind(String url, IdpEndpoint endpoint, String user, String password)
            throws NamingException {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url);
        env.put(Context.SECURITY_AUTHENTICATION, "SAML20EC");
        env.put("java.naming.security.sasl.callback",
                new SamlecCallbackHandler(List.of(endpoint), user, password.toCharArray()));
        env.put("com.sun.jndi.ldap.connect.timeout", "10000");
        env.put("com.sun.jndi.ldap.read.timeout", "30000");
        return new InitialLdapContext(env, null);
    }
}
