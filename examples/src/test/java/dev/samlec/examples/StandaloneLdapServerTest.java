package dev.samlec.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.apacheds.WhoAmIRequest;
import dev.samlec.examples.standalone.JndiSaml20EcBind;
import dev.samlec.examples.standalone.LdapServerSettings;
import dev.samlec.examples.standalone.SamlLdapServer;
import dev.samlec.mech.Pem;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.sasl.IdpCallback;
import dev.samlec.sasl.SamlecCallbackHandler;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoTls;
import dev.samlec.testkit.ServiceProviderRegistration;
import dev.samlec.testkit.TrustingDemoCa;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.AuthenticationException;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone LDAP server (built from scratch, no testkit class) with the demo IdP: JNDI SAML20EC binds in each
 * documented form (JNDI's own principal and credentials plus {@code dev.samlec.sasl.idps}; a
 * {@link SamlecCallbackHandler}; an application's handler answering {@link IdpCallback}), a wrong password refused,
 * and the optional service signing key and LDAPS listener.
 */
@Timeout(120)
class StandaloneLdapServerTest {
    private static final String ALICE = "uid=alice," + StandaloneLdapDemo.PEOPLE_DN;

    @TempDir
    static Path dir;
    private static DemoIdp idp;
    private static SamlLdapServer server;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        idp = DemoIdp.start();
        idp.registerServiceProvider(StandaloneLdapDemo.SERVICE_ENTITY_ID, List.of(StandaloneLdapDemo.SERVICE_NAME));
        server = SamlLdapServer.start(LdapServerSettings.read(
                StandaloneLdapDemo.writeServerFiles(dir, idp.metadata(), "")));
        url = "ldap://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    private static IdpEndpoint endpoint() throws Exception {
        return IdpEndpoint.builder(idp.entityId(), idp.ssoUrl()).allowInsecureHttp(true).build();
    }

    /** An ordinary JNDI environment (factory, URL, principal, credentials) plus the two SAML20EC entries. */
    private static LdapContext bindWithJndiCredentialsOnly(String password) throws Exception {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url);
        env.put(Context.SECURITY_PRINCIPAL, "alice");
        env.put(Context.SECURITY_CREDENTIALS, password);
        env.put(Context.SECURITY_AUTHENTICATION, "SAML20EC");
        env.put(SamlecSasl.IDPS, List.of(endpoint()));
        return new InitialLdapContext(env, null);
    }

    private static String whoAmI(LdapContext context) throws Exception {
        try {
            return WhoAmIRequest.ask(context);
        } finally {
            context.close();
        }
    }

    @Test
    void demoWhenRunThenAliceBoundAndWrongPasswordRefused() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int exit = StandaloneLdapDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("offering SASL [SAML20EC]")
                .contains("Who am I? (RFC 4532) says: dn:" + ALICE)
                .contains("refused as expected").contains("idp_authentication_failed")
                .contains("== example finished").doesNotContain("UNEXPECTED");
    }

    @Test
    void jndiBindWhenOnlyPrincipalCredentialsAndIdpsThenBoundAsAlice() throws Exception {
        LdapContext context = bindWithJndiCredentialsOnly("alicepw");

        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.OBJECT_SCOPE);
        controls.setReturningAttributes(new String[] {"mail"});
        NamingEnumeration<SearchResult> own = context.search(ALICE, "(objectClass=*)", controls);
        assertThat(own.next().getAttributes().get("mail").get()).isEqualTo("alice@example.org");
        assertThat(whoAmI(context)).isEqualToIgnoringCase("dn:" + ALICE);
    }

    @Test
    void jndiBindWhenWrongPasswordThenRefusedWithIdpAuthenticationFailed() {
        assertThatThrownBy(() -> bindWithJndiCredentialsOnly("wrong"))
                .isInstanceOf(AuthenticationException.class)
                .satisfies(e -> assertThat(((AuthenticationException) e).getRootCause())
                        .hasMessageStartingWith("idp_authentication_failed"));
    }

    @Test
    void jndiBindWhenExampleClientThenBoundAsAlice() throws Exception {
        assertThat(whoAmI(JndiSaml20EcBind.bind(url, endpoint(), "alice", "alicepw".toCharArray())))
                .isEqualToIgnoringCase("dn:" + ALICE);
    }

    @Test
    void jndiBindWhenSamlecCallbackHandlerThenBoundAsAlice() throws Exception {
        SamlecCallbackHandler handler = new SamlecCallbackHandler(List.of(endpoint()), "alice",
                "alicepw".toCharArray());
        try {
            assertThat(whoAmI(JndiSaml20EcBind.bind(url, handler))).isEqualToIgnoringCase("dn:" + ALICE);
        } finally {
            handler.clear();
        }
    }

    @Test
    void jndiBindWhenApplicationHandlerAnswersIdpCallbackThenBoundAsAlice() throws Exception {
        IdpEndpoint endpoint = endpoint();
        CallbackHandler handler = callbacks -> {
            for (var callback : callbacks) {
                if (callback instanceof IdpCallback idps) {
                    idps.setIdps(List.of(endpoint));
                } else if (callback instanceof NameCallback name) {
                    name.setName("alice");
                } else if (callback instanceof PasswordCallback password) {
                    password.setPassword("alicepw".toCharArray());
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        };

        assertThat(whoAmI(JndiSaml20EcBind.bind(url, handler))).isEqualToIgnoringCase("dn:" + ALICE);
    }

    @Test
    void startWhenSigningKeyAndLdapsThenPlusBindOverLdapsAndPlainBindWork(@TempDir Path tlsDir) throws Exception {
        DemoTls tls = DemoTls.generate();
        KeyStore service = tls.clientKeyStore("ldap.example.org");
        X509Certificate serviceCertificate = (X509Certificate) service.getCertificate(DemoTls.CLIENT_ALIAS);
        Files.writeString(tlsDir.resolve("signing.key"), pemKey(
                (PrivateKey) service.getKey(DemoTls.CLIENT_ALIAS, DemoTls.password())));
        Files.writeString(tlsDir.resolve("signing.crt"), Pem.encode(serviceCertificate));
        try (OutputStream out = Files.newOutputStream(tlsDir.resolve("ldap.p12"))) {
            tls.serverKeyStore().store(out, DemoTls.password());
        }
        TrustingDemoCa.trust(tls.caCertificate());
        try (DemoIdp signedIdp = DemoIdp.start()) {
            signedIdp.registerServiceProvider(ServiceProviderRegistration.builder(StandaloneLdapDemo.SERVICE_ENTITY_ID)
                    .acsUrls(List.of(StandaloneLdapDemo.SERVICE_NAME)).signingCertificate(serviceCertificate).build());
            Path properties = StandaloneLdapDemo.writeServerFiles(tlsDir, signedIdp.metadata(), String.join("\n",
                    "signingKey=signing.key", "signingCertificate=signing.crt",
                    "ldapsPort=0", "ldapsKeyStore=ldap.p12", "ldapsKeyStorePassword=changeit"));
            IdpEndpoint endpoint = IdpEndpoint.builder(signedIdp.entityId(), signedIdp.ssoUrl())
                    .allowInsecureHttp(true).build();

            try (SamlLdapServer tlsServer = SamlLdapServer.start(LdapServerSettings.read(properties))) {
                assertThat(tlsServer.mechanisms()).containsExactlyInAnyOrder("SAML20EC", "SAML20EC-PLUS");
                Hashtable<String, Object> env = new Hashtable<>();
                env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
                env.put(Context.PROVIDER_URL, "ldaps://127.0.0.1:" + tlsServer.ldapsPort());
                env.put("java.naming.ldap.factory.socket", TrustingDemoCa.class.getName());
                env.put("com.sun.jndi.ldap.tls.cbtype", "tls-server-end-point");
                env.put(Context.SECURITY_AUTHENTICATION, "SAML20EC-PLUS");
                env.put(SamlecSasl.IDPS, List.of(endpoint));
                env.put(Context.SECURITY_PRINCIPAL, "alice");
                env.put(Context.SECURITY_CREDENTIALS, "alicepw");
                assertThat(whoAmI(new InitialLdapContext(env, null))).isEqualToIgnoringCase("dn:" + ALICE);
                assertThat(whoAmI(JndiSaml20EcBind.bind("ldap://127.0.0.1:" + tlsServer.port(), endpoint, "alice",
                        "alicepw".toCharArray()))).isEqualToIgnoringCase("dn:" + ALICE);
            }
        }
    }

    @Test
    void demoMainWhenRunAsProgramThenExitsZero() throws Exception {
        Process process = java(StandaloneLdapDemo.class.getName());

        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("Who am I? (RFC 4532) says: dn:" + ALICE).contains("refused as expected")
                .contains("== example finished");
    }

    @Test
    void serverMainWhenStartedOnPropertiesFileThenAcceptsSaml20EcBindUntilStopped(@TempDir Path serverDir)
            throws Exception {
        Path properties = StandaloneLdapDemo.writeServerFiles(serverDir, idp.metadata(), "");
        Process process = java(SamlLdapServer.class.getName(), properties.toString());
        try {
            BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Matcher started = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher m = Pattern.compile("^LDAP on 127\\.0\\.0\\.1:(\\d+) offering SASL \\[SAML20EC\\] as "
                        + Pattern.quote(StandaloneLdapDemo.SERVICE_NAME) + "$").matcher(line);
                if (m.matches()) {
                    started = m;
                    break;
                }
            }
            assertThat(started).as("the server's start-up line").isNotNull();

            String serverUrl = "ldap://127.0.0.1:" + started.group(1);
            assertThat(whoAmI(JndiSaml20EcBind.bind(serverUrl, endpoint(), "alice", "alicepw".toCharArray())))
                    .isEqualToIgnoringCase("dn:" + ALICE);
        } finally {
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the server stops on SIGTERM").isTrue();
        }
    }

    private static Process java(String... mainAndArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"));
        command.addAll(List.of(mainAndArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        return process;
    }

    private static String pemKey(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }
}
