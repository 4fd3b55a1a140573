package dev.samlec.apacheds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.jaas.SamlecLogin;
import dev.samlec.jaas.SamlecLoginModule;
import dev.samlec.mech.Pem;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.testkit.DemoTls;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import javax.naming.AuthenticationException;
import javax.naming.Context;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.security.auth.Subject;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holder-of-key from a logged-in Subject over real LDAPS: the application logs alice in at the https demo IdP with
 * her client certificate, through a {@code LoginContext} with the login module's {@code holderOfKey=true} (as a
 * jaas.conf entry would) or through {@code SamlecLogin.Builder.holderOfKey()}, then binds with SAML20EC through JNDI
 * as that Subject, presenting the same key on the LDAPS connection and setting no samlec SASL property. The
 * holder-of-key-only service checks the assertion's key against the connection's client certificate.
 */
@Timeout(120)
class HolderOfKeyJaasLdapsBindTest {
    @TempDir
    static Path dir;
    private static HolderOfKeyFixture hok;
    private static Path aliceKeyStore;
    private static Path caPem;

    @BeforeAll
    static void start() throws Exception {
        hok = new HolderOfKeyFixture(dir, true);
        aliceKeyStore = dir.resolve("alice.p12");
        try (OutputStream out = Files.newOutputStream(aliceKeyStore)) {
            hok.alice.store(out, DemoTls.password());
        }
        caPem = Files.writeString(dir.resolve("ca.pem"), Pem.encode(hok.tls.caCertificate()),
                StandardCharsets.US_ASCII);
    }

    @AfterAll
    static void stop() {
        hok.close();
    }

    /** alice's login through a LoginContext whose one entry is the login module's initiator with her key store. */
    private static Subject jaasLogin(boolean holderOfKey) throws Exception {
        Map<String, String> options = new HashMap<>();
        options.put("idpUrl", hok.idp.ssoUrl().toString());
        options.put("idpEntityId", hok.idp.entityId());
        options.put("idpTrustAnchors", caPem.toString());
        options.put("keyStore", aliceKeyStore.toString());
        options.put("keyStorePassword", new String(DemoTls.password()));
        options.put("checkServiceEntityId", LdapFixture.ENTITY);
        options.put("checkServiceName", LdapFixture.SERVICE);
        if (holderOfKey) {
            options.put("holderOfKey", "true");
        }
        Configuration configuration = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(SamlecLoginModule.class.getName(),
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        LoginContext context = new LoginContext("SamlecLdapClient", new Subject(), callbacks -> {
            throw new UnsupportedCallbackException(callbacks[0], "no prompt: the key store logs in");
        }, configuration);
        context.login();
        return context.getSubject();
    }

    /** A SAML20EC bind over LDAPS as {@code user}, presenting {@code onConnection}; no samlec property is set. */
    private static LdapContext bindAs(Subject user, KeyStore onConnection) throws Exception {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, "ldaps://127.0.0.1:" + hok.listener.port());
        env.put(Context.SECURITY_AUTHENTICATION, SamlecSasl.SAML20EC);
        PresentingClientKey.use(onConnection, DemoTls.password(), hok.tls.caCertificate());
        env.put("java.naming.ldap.factory.socket", PresentingClientKey.class.getName());
        env.put("com.sun.jndi.ldap.connect.timeout", "10000");
        env.put("com.sun.jndi.ldap.read.timeout", "30000");
        return SamlecLogin.runAs(user, () -> new InitialLdapContext(env, null));
    }

    private static String whoAmI(Subject user, KeyStore onConnection) throws Exception {
        LdapContext context = bindAs(user, onConnection);
        try {
            return WhoAmI.of(context);
        } finally {
            context.close();
        }
    }

    @Test
    void bindWhenJaasHolderOfKeyLoginAndConnectionShowsTheKeyThenWhoAmIIsAlice() throws Exception {
        assertThat(whoAmI(jaasLogin(true), hok.alice)).isEqualToIgnoringCase("dn:" + LdapFixture.ALICE);
    }

    @Test
    void bindWhenJaasHolderOfKeyLoginAndConnectionShowsAnotherKeyThenRefused() throws Exception {
        Subject alice = jaasLogin(true);

        assertThatThrownBy(() -> bindAs(alice, hok.tls.clientKeyStore("bob")))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("invalid_subject_confirmation");
    }

    @Test
    void bindWhenJaasLoginWithoutHolderOfKeyThenBearerRefusedByHolderOfKeyOnlyService() throws Exception {
        Subject alice = jaasLogin(false);

        assertThatThrownBy(() -> bindAs(alice, hok.alice))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("invalid_subject_confirmation");
    }

    private static Subject samlecLogin() throws Exception {
        return SamlecLogin.builder(hok.idpEndpoint().withCredentials(
                IdpCredentials.clientCertificate(hok.alice, DemoTls.password()))).holderOfKey()
                .checkService(LdapFixture.ENTITY, LdapFixture.SERVICE).build().login();
    }

    @Test
    void bindWhenSamlecLoginHolderOfKeyThenWhoAmIIsAlice() throws Exception {
        assertThat(whoAmI(samlecLogin(), hok.alice)).isEqualToIgnoringCase("dn:" + LdapFixture.ALICE);
    }

    @Test
    void bindWhenSamlecLoginHolderOfKeyAndConnectionShowsAnotherKeyThenRefused() throws Exception {
        Subject alice = samlecLogin();

        assertThatThrownBy(() -> bindAs(alice, hok.tls.clientKeyStore("bob")))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("invalid_subject_confirmation");
    }
}
