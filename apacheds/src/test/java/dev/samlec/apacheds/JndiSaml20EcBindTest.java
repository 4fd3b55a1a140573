package dev.samlec.apacheds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.sasl.SamlecCallbackHandler;
import dev.samlec.testkit.DemoDirectory;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.naming.AuthenticationException;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.security.auth.callback.CallbackHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JDK's own LDAP client (JNDI) binds with {@code SAML20EC} to a real ApacheDS carrying samlec's mechanism
 * handler, through the demo IdP (whose directory is the same ApacheDS): the bound identity is the user's entry.
 */
@Timeout(120)
class JndiSaml20EcBindTest {
    private static LdapFixture ldap;
    private static DemoDirectory directory;

    @BeforeAll
    static void start() throws Exception {
        ldap = new LdapFixture();
        directory = ldap.directory;
    }

    @AfterAll
    static void stop() {
        ldap.close();
    }

    private static CallbackHandler user(String name, String password) throws Exception {
        return new SamlecCallbackHandler(List.of(ldap.endpoint()), name, password.toCharArray());
    }

    private static LdapContext bind(String name, String password, String authzid) throws Exception {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, directory.ldapUrl());
        env.put(Context.SECURITY_AUTHENTICATION, "SAML20EC");
        env.put("java.naming.security.sasl.callback", user(name, password));
        env.put("com.sun.jndi.ldap.connect.timeout", "10000");
        env.put("com.sun.jndi.ldap.read.timeout", "30000");
        if (authzid != null) {
            env.put("java.naming.security.sasl.authorizationId", authzid);
        }
        return new InitialLdapContext(env, null);
    }

    /** A subtree search, which this directory refuses to anonymous sessions. */
    private static boolean canSearch(LdapContext context) throws Exception {
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        NamingEnumeration<SearchResult> results = context.search(DemoDirectory.PEOPLE_DN, "(uid=bob)", controls);
        return results.hasMore();
    }

    @Test
    void jndiBindWhenAliceThenBoundAsHerEntry() throws Exception {
        LdapContext context = bind("alice", "alicepw", null);
        try {
            assertThat(canSearch(context)).as("a bound (not anonymous) session may search").isTrue();
            assertThat(ldap.strongBindings()).contains("uid=alice," + DemoDirectory.PEOPLE_DN);
        } finally {
            context.close();
        }
    }

    @Test
    void jndiBindWhenWrongPasswordThenInvalidCredentialsWithSamlecCode() {
        assertThatThrownBy(() -> bind("alice", "wrong", null)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("49").hasMessageContaining("idp_authentication_failed");
    }

    @Test
    void jndiBindWhenAuthzidNamesOwnEntryThenAllowed() throws Exception {
        LdapContext context = bind("bob", "bobpw", "dn:uid=bob," + DemoDirectory.PEOPLE_DN);
        try {
            assertThat(canSearch(context)).isTrue();
            assertThat(ldap.strongBindings()).contains("uid=bob," + DemoDirectory.PEOPLE_DN);
        } finally {
            context.close();
        }
    }

    @Test
    void jndiBindWhenAuthzidNamesAnotherEntryThenRefused() {
        assertThatThrownBy(() -> bind("bob", "bobpw", "dn:uid=alice," + DemoDirectory.PEOPLE_DN))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("authorization_refused");
    }

    @Test
    void rootDseWhenInstalledThenAdvertisesSaml20Ec() throws Exception {
        // the demo directory refuses anonymous access, so read the root DSE once bound
        LdapContext anonymous = bind("carol", "carolpw", null);
        try {
            Attributes rootDse = anonymous.getAttributes("", new String[] {"supportedSASLMechanisms"});
            Attribute mechanisms = rootDse.get("supportedSASLMechanisms");
            assertThat(mechanisms).isNotNull();
            assertThat(java.util.Collections.list(mechanisms.getAll()).stream().map(String::valueOf))
                    .contains("SAML20EC");
        } finally {
            anonymous.close();
        }
    }

    @Test
    void jndiBindWhenFiftyConcurrentThenAllSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Boolean>> binds = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String name = List.of("alice", "bob", "carol").get(i % 3);
                binds.add(pool.submit((Callable<Boolean>) () -> {
                    LdapContext context = bind(name, name + "pw", null);
                    try {
                        return canSearch(context);
                    } finally {
                        context.close();
                    }
                }));
            }
            for (Future<Boolean> bind : binds) {
                assertThat(bind.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
