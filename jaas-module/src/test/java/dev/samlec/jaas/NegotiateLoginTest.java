package dev.samlec.jaas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecCredential;
import dev.samlec.sasl.SamlecSaslProvider;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.MitKdc;
import java.nio.file.Path;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * {@code idpAuthentication=negotiate}: a {@code Krb5LoginModule} chained before samlec's in one {@code jaas.conf}
 * entry (real MIT KDC, the demo IdP's keytab), then a SAML20EC exchange as that Subject with no callback handler.
 */
class NegotiateLoginTest {
    private static MitKdc kdc;
    private static DemoSetup demo;
    private static SamlecAcceptor acceptor;

    @BeforeAll
    static void start() throws Exception {
        kdc = MitKdc.shared();
        SamlecSaslProvider.install();
        demo = new DemoSetup(DemoIdp.builder().kerberos(kdc.idpKeytab(), MitKdc.IDP_SERVICE).start());
        Subject service = new Subject();
        SamlecLoginModule module = DemoSetup.module(service, null, demo.acceptorOptions());
        module.login();
        module.commit();
        acceptor = service.getPublicCredentials(SamlecAcceptor.class).iterator().next();
    }

    @AfterAll
    static void stop() {
        demo.close();
        SamlecSaslProvider.uninstall();
    }

    private Path jaasConf(Path ticketCache, String kerberosFlag) {
        return demo.write("negotiate-jaas.conf", "SamlecKerberos {\n"
                + "  com.sun.security.auth.module.Krb5LoginModule " + kerberosFlag + "\n"
                + "    useTicketCache=true ticketCache=\"" + ticketCache + "\" doNotPrompt=true;\n"
                + "  dev.samlec.jaas.SamlecLoginModule required\n"
                + "    idpUrl=\"" + demo.idp.ssoUrl() + "\" idpEntityId=\"" + demo.idp.entityId() + "\"\n"
                + "    allowInsecureHttp=true idpAuthentication=negotiate\n"
                + "    checkServiceEntityId=\"" + DemoSetup.SERVICE_ENTITY_ID + "\"\n"
                + "    checkServiceName=\"" + DemoSetup.SERVICE_NAME + "\";\n};\n");
    }

    @Test
    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    void loginWhenKrb5ModuleBeforeSamlecInOneEntryThenSaml20EcCompletesAsSubject() throws Exception {
        Path conf = jaasConf(kdc.ticketCache("1h"), "required");
        DemoSetup.withJaasConfigFile(conf, () -> {
            LoginContext context = new LoginContext("SamlecKerberos", DemoSetup.noPrompt());
            context.login();
            Subject subject = context.getSubject();
            assertThat(subject.getPrincipals(KerberosPrincipal.class)).hasSize(1);
            assertThat(subject.getPrincipals()).contains(new SamlecPrincipal("alice@" + MitKdc.REALM));
            SamlecCredential credential = SamlecCredential.newestIn(subject).orElseThrow();
            assertThat(credential.idps().get(0).credentials()).isInstanceOf(IdpCredentials.Negotiate.class);

            assertThat(exchange(subject).getAuthorizationID()).isEqualTo("alice");
            context.logout();
        });
    }

    @Test
    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    void loginWhenKerberosHasNoTicketThenCommitFailsWithCodeAndNothingStays() throws Exception {
        Path conf = jaasConf(kdc.krb5Conf().resolveSibling("no-such-ccache"), "optional");
        DemoSetup.withJaasConfigFile(conf, () -> {
            Subject subject = new Subject();
            LoginContext context = new LoginContext("SamlecKerberos", subject, DemoSetup.noPrompt());

            assertThatThrownBy(context::login).isInstanceOf(LoginException.class)
                    .hasMessageStartingWith("credentials_unavailable: ");
            assertThat(subject.getPrincipals()).isEmpty();
            assertThat(subject.getPrivateCredentials()).isEmpty();
        });
    }

    @Test
    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    void loginWhenKerberosPutNothingInTheSubjectThenNoCredentialCacheIsReadAndTheErrorNamesUseTicketCache()
            throws Exception {
        Path conf = jaasConf(kdc.krb5Conf().resolveSibling("no-such-ccache"), "optional");
        DemoSetup.withJaasConfigFile(conf, () -> {
            LoginContext context = new LoginContext("SamlecKerberos", new Subject(), DemoSetup.noPrompt());

            assertThatThrownBy(context::login).isInstanceOf(LoginException.class)
                    .hasMessageStartingWith("credentials_unavailable: ")
                    .hasMessageContaining("holds no Kerberos credentials", "useTicketCache=true")
                    .hasMessageNotContaining("default credential cache");
        });
    }

    @Test
    void loginWhenUseTicketCacheAndSubjectHasNoKerberosThenTheCachesClientIsThePrincipal() throws Exception {
        Map<String, Object> options = demo.clientOptions();
        options.put("idpAuthentication", "negotiate");
        options.put("useTicketCache", "true");
        options.put("ticketCache", kdc.ticketCache("1h").toString());
        Subject subject = new Subject();
        SamlecLoginModule module = DemoSetup.module(subject, null, options);

        module.login();
        module.commit();

        assertThat(subject.getPrincipals()).containsExactly(new SamlecPrincipal("alice@" + MitKdc.REALM));
        IdpCredentials.Negotiate used = (IdpCredentials.Negotiate) SamlecCredential.newestIn(subject).orElseThrow()
                .idps().get(0).credentials();
        assertThat(used.client()).contains(new KerberosPrincipal("alice@" + MitKdc.REALM));
        assertThat(exchange(subject).getAuthorizationID()).isEqualTo("alice");
    }

    @Test
    void loginWhenSubjectNamesAnotherKerberosPrincipalFirstThenThePrincipalIsTheTicketsClient() throws Exception {
        Subject subject = new Subject();
        // root@ comes first in the HashSet behind getPrincipals(KerberosPrincipal.class): findFirst would take it
        subject.getPrincipals().add(new KerberosPrincipal("root@" + MitKdc.REALM));
        Subject alice = kerberosSubject(kdc.ticketCache("1h"));
        subject.getPrincipals().addAll(alice.getPrincipals());
        subject.getPrivateCredentials().addAll(alice.getPrivateCredentials());
        Map<String, Object> options = demo.clientOptions();
        options.put("idpAuthentication", "negotiate");
        SamlecLoginModule module = DemoSetup.module(subject, null, options);

        module.login();
        module.commit();

        assertThat(subject.getPrincipals(SamlecPrincipal.class))
                .containsExactly(new SamlecPrincipal("alice@" + MitKdc.REALM));
    }

    @Test
    void loginWhenUseTicketCacheWithoutNegotiateOrTicketCacheWithoutItThenOptionProblems() {
        Map<String, Object> options = demo.clientOptions();
        options.put("useTicketCache", "true");
        Map<String, Object> pathOnly = demo.clientOptions();
        pathOnly.put("idpAuthentication", "negotiate");
        pathOnly.put("ticketCache", "/tmp/krb5cc_test");

        assertThatThrownBy(() -> DemoSetup.module(new Subject(), null, options).login())
                .hasMessageContaining("option useTicketCache: is only meaningful with idpAuthentication=negotiate");
        assertThatThrownBy(() -> DemoSetup.module(new Subject(), null, pathOnly).login())
                .hasMessageContaining("option ticketCache: is only meaningful with useTicketCache=true");
    }

    @Test
    void samlecLoginWhenEndpointNegotiatesWithKerberosSubjectThenSaml20EcCompletes() throws Exception {
        Subject kerberos = kerberosSubject(kdc.ticketCache("1h"));
        IdpEndpoint idp = IdpEndpoint.builder(demo.idp.entityId(), demo.idp.ssoUrl()).allowInsecureHttp(true)
                .credentials(IdpCredentials.negotiate(kerberos)).build();

        Subject user = SamlecLogin.builder(idp).checkService(DemoSetup.SERVICE_ENTITY_ID, DemoSetup.SERVICE_NAME)
                .build().login();

        assertThat(user.getPrincipals()).containsExactly(new SamlecPrincipal("alice@" + MitKdc.REALM));
        assertThat(exchange(user).getAuthorizationID()).isEqualTo("alice");
    }

    @Test
    void loginWhenNegotiateWithUsernameOrKeyStoreThenOptionProblems() {
        Map<String, Object> options = demo.clientOptions();
        options.put("idpAuthentication", "negotiate");
        options.put("username", "alice");
        options.put("password", "alicepw");

        assertThatThrownBy(() -> DemoSetup.module(new Subject(), null, options).login())
                .isInstanceOf(LoginException.class)
                .hasMessageContaining("option username: cannot be combined with idpAuthentication=negotiate");
    }

    @Test
    void loginWhenIdpAuthenticationUnknownThenOptionProblem() {
        Map<String, Object> options = demo.clientOptions();
        options.put("idpAuthentication", "kerberos5");

        assertThatThrownBy(() -> DemoSetup.module(new Subject(), null, options).login())
                .isInstanceOf(LoginException.class)
                .hasMessageContaining("option idpAuthentication: must be negotiate or password");
    }

    private static Subject kerberosSubject(Path cache) throws Exception {
        AppConfigurationEntry entry = new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("useTicketCache", "true",
                        "ticketCache", cache.toString(), "doNotPrompt", "true"));
        Subject subject = new Subject();
        new LoginContext("kerberos", subject, DemoSetup.noPrompt(), new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {entry};
            }
        }).login();
        return subject;
    }

    /** One SAML20EC exchange: the client created and evaluated as {@code user}, the server with the acceptor. */
    private static SaslServer exchange(Subject user) throws Exception {
        return SaslExchanges.completedExchange(acceptor, user);
    }
}
