package dev.samlec.apacheds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.testing.CapturedStandardError;
import dev.samlec.sasl.SamlecSaslException;
import dev.samlec.testkit.DemoDirectory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.naming.AuthenticationException;
import javax.naming.Context;
import javax.naming.directory.Attribute;
import javax.naming.directory.SearchControls;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JDK's own LDAP client (JNDI) binds with {@code SAML20EC} to a real ApacheDS carrying samlec's mechanism
 * handler, through the demo IdP (whose directory is the same ApacheDS); RFC 4532 Who am I? reports the entry.
 */
@Timeout(120)
class JndiSaml20EcBindTest {
    private static LdapFixture ldap;

    @BeforeAll
    static void start() throws Exception {
        ldap = new LdapFixture();
    }

    @AfterAll
    static void stop() {
        ldap.close();
    }

    static LdapContext bind(LdapFixture ldap, String name, String password, String authzid) throws Exception {
        return bind(ldap.directory.ldapUrl(), ldap, name, password, authzid);
    }

    static LdapContext bind(String url, LdapFixture ldap, String name, String password, String authzid)
            throws Exception {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url);
        env.put(Context.SECURITY_AUTHENTICATION, "SAML20EC");
        env.put("java.naming.security.sasl.callback", ldap.user(name, password));
        env.put("com.sun.jndi.ldap.connect.timeout", "10000");
        env.put("com.sun.jndi.ldap.read.timeout", "30000");
        if (authzid != null) {
            env.put("java.naming.security.sasl.authorizationId", authzid);
        }
        return new InitialLdapContext(env, null);
    }

    private static String whoAmIAfterBind(String name, String password, String authzid) throws Exception {
        LdapContext context = bind(ldap, name, password, authzid);
        try {
            return WhoAmI.of(context);
        } finally {
            context.close();
        }
    }

    @Test
    void jndiBindWhenAliceThenWhoAmIIsHerEntry() throws Exception {
        LdapContext context = bind(ldap, "alice", "alicepw", null);
        try {
            assertThat(WhoAmI.of(context)).isEqualToIgnoringCase("dn:" + LdapFixture.ALICE);
            SearchControls subtree = new SearchControls();
            subtree.setSearchScope(SearchControls.SUBTREE_SCOPE);
            assertThat(context.search(DemoDirectory.PEOPLE_DN, "(uid=bob)", subtree).hasMore())
                    .as("a bound session may search; this directory refuses anonymous ones").isTrue();
        } finally {
            context.close();
        }
    }

    @Test
    void whoAmIWhenNotBoundThenEmpty() throws Exception {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, ldap.directory.ldapUrl());
        LdapContext anonymous = new InitialLdapContext(env, null);
        try {
            assertThat(WhoAmI.of(anonymous)).isEmpty();
        } finally {
            anonymous.close();
        }
    }

    @Test
    void jndiBindWhenWrongPasswordThenTheClientsOwnReasonIsTheRootCause() {
        AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
                () -> bind(ldap, "alice", "wrong", null));

        assertThat(e.getRootCause()).isInstanceOfSatisfying(SamlecSaslException.class,
                c -> assertThat(c.error()).isEqualTo(EcpError.IDP_AUTHENTICATION_FAILED))
                .hasMessageContaining("refused the credentials for user alice");
        assertThat(e.toString()).contains("idp_authentication_failed: ");
    }

    @Test
    void jndiBindWhenConnectedByAnotherHostNameThenTheUserIsToldWhichServiceNamesDiffer() {
        String url = "ldap://localhost:" + ldap.directory.port();
        long before = ldap.idp.requestCount();

        AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
                () -> bind(url, ldap, "alice", "alicepw", null));

        assertThat(e.getRootCause()).isInstanceOfSatisfying(SamlecSaslException.class,
                c -> assertThat(c.error()).isEqualTo(EcpError.ACS_MISMATCH));
        assertThat(e.toString()).contains("acs_mismatch: the service calls itself " + LdapFixture.SERVICE
                + ", but this client connected to ldap@localhost");
        assertThat(ldap.idp.requestCount()).as("the password never left the client").isEqualTo(before);
    }

    @Test
    void jndiBindWhenOnlyPrincipalAndCredentialsThenNoIdpConfiguredSayingWhatToSet() {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, ldap.directory.ldapUrl());
        env.put(Context.SECURITY_AUTHENTICATION, "SAML20EC");
        env.put(Context.SECURITY_PRINCIPAL, "alice");
        env.put(Context.SECURITY_CREDENTIALS, "alicepw");

        AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
                () -> new InitialLdapContext(env, null).close());

        assertThat(e.getRootCause()).isInstanceOfSatisfying(SamlecSaslException.class,
                c -> assertThat(c.error()).isEqualTo(EcpError.NO_IDP_CONFIGURED))
                .hasMessageContaining("does not answer IdpCallback (JNDI's default handler")
                .hasMessageContaining("dev.samlec.sasl.idps").hasMessageNotContaining("alicepw");
    }

    @Test
    void jndiBindWhenAcceptedOrRefusedThenOneInfoAuditLineWithoutSecrets() throws Exception {
        String log = CapturedStandardError.during(() -> {
            bind(ldap, "alice", "alicepw", null).close();
            assertThatThrownBy(() -> bind(ldap, "bob", "bobpw", "dn:" + LdapFixture.ALICE))
                    .isInstanceOf(AuthenticationException.class);
        });
        List<String> audit = log.lines().filter(l -> l.contains(LoginAudit.LOGGER)).toList();

        assertThat(audit).hasSize(2);
        assertThat(audit.get(0)).contains("INFO", "SAML20EC login accepted: nameId=\"alice\" issuer=\""
                + ldap.idp.entityId() + "\" service=\"" + LdapFixture.SERVICE + "\" peer=\"/127.0.0.1:")
                .containsIgnoringCase("entry=\"" + LdapFixture.ALICE + "\"");
        assertThat(audit.get(1)).contains("INFO", "SAML20EC login refused: code=authorization_refused nameId=\"bob\"",
                "service=\"" + LdapFixture.SERVICE + "\"", "peer=\"/127.0.0.1:");
        assertThat(log).doesNotContain("alicepw", "bobpw", "Assertion", "SignatureValue", "<saml", "Cookie",
                "Authorization:");
    }

    @Test
    void jndiBindWhenAuthzidNamesOwnEntryThenAllowed() throws Exception {
        assertThat(whoAmIAfterBind("bob", "bobpw", "dn:" + LdapFixture.BOB))
                .isEqualToIgnoringCase("dn:" + LdapFixture.BOB);
        assertThat(whoAmIAfterBind("bob", "bobpw", "dn:UID=Bob,ou=People," + DemoDirectory.BASE_DN))
                .as("DNs compare normalised").isEqualToIgnoringCase("dn:" + LdapFixture.BOB);
        assertThat(whoAmIAfterBind("bob", "bobpw", "u:bob")).isEqualToIgnoringCase("dn:" + LdapFixture.BOB);
    }

    @Test
    void jndiBindWhenAuthzidNamesAnotherEntryThenRefused() {
        assertThatThrownBy(() -> bind(ldap, "bob", "bobpw", "dn:" + LdapFixture.ALICE))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("49")
                .hasMessageContaining("authorization_refused");
        assertThatThrownBy(() -> bind(ldap, "bob", "bobpw", "u:alice"))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("authorization_refused");
    }

    @Test
    void jndiBindWhenAuthzidMalformedThenRefused() {
        assertThatThrownBy(() -> bind(ldap, "bob", "bobpw", "bob@elsewhere"))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("authorization_refused")
                .hasMessageContaining("dn:<dn> or u:<id>");
    }

    @Test
    void rootDseWhenPlainListenerThenAdvertisesSaml20EcOnly() throws Exception {
        assertThat(ldap.installed).containsExactly("SAML20EC");
        LdapContext context = bind(ldap, "carol", "carolpw", null);
        try {
            Attribute mechanisms = context.getAttributes("", new String[] {"supportedSASLMechanisms",
                    "supportedExtension"}).get("supportedSASLMechanisms");
            assertThat(Collections.list(mechanisms.getAll()).stream().map(String::valueOf))
                    .contains("SAML20EC").doesNotContain("SAML20EC-PLUS");
            Attribute extensions = context.getAttributes("", new String[] {"supportedExtension"})
                    .get("supportedExtension");
            assertThat(Collections.list(extensions.getAll()).stream().map(String::valueOf))
                    .contains(WhoAmIOperation.OID);
        } finally {
            context.close();
        }
    }

    @Test
    void jndiBindWhenFiftyConcurrentThenEachBoundAsItsOwnEntry() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<String>> binds = new ArrayList<>();
            List<String> users = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String name = List.of("alice", "bob", "carol").get(i % 3);
                users.add(name);
                binds.add(pool.submit((Callable<String>) () -> {
                    go.await();
                    return whoAmIAfterBind(name, name + "pw", null);
                }));
            }
            go.countDown();
            for (int i = 0; i < binds.size(); i++) {
                assertThat(binds.get(i).get(60, TimeUnit.SECONDS))
                        .isEqualToIgnoringCase("dn:uid=" + users.get(i) + "," + DemoDirectory.PEOPLE_DN);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
