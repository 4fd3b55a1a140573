package dev.samlec.jaas;

import static dev.samlec.jaas.DemoSetup.handler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecCredential;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * The module as applications use it: a real {@code jaas.conf} file named by {@code java.security.auth.login.config},
 * an in-memory {@link Configuration}, and {@code LoginContext(name, subject, handler, config)}.
 */
class JaasConfigurationTest {
    private static DemoSetup demo;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoSetup.http();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    /** Both sample entries of the module's Javadoc, pointed at the demo IdP. */
    private static Path jaasConf() {
        String metadata = demo.write("conf-metadata.xml", demo.idp.metadata()).toString();
        return demo.write("jaas.conf", "SamlecClient {\n"
                + "  dev.samlec.jaas.SamlecLoginModule required\n"
                + "    idpUrl=\"" + demo.idp.ssoUrl() + "\"\n"
                + "    idpEntityId=\"" + demo.idp.entityId() + "\"\n"
                + "    allowInsecureHttp=true\n"
                + "    checkServiceEntityId=\"" + DemoSetup.SERVICE_ENTITY_ID + "\"\n"
                + "    checkServiceName=\"" + DemoSetup.SERVICE_NAME + "\";\n"
                + "};\n"
                + "SamlecService {\n"
                + "  dev.samlec.jaas.SamlecLoginModule required\n"
                + "    isInitiator=false\n"
                + "    serviceEntityId=\"" + DemoSetup.SERVICE_ENTITY_ID + "\"\n"
                + "    serviceName=\"" + DemoSetup.SERVICE_NAME + "\"\n"
                + "    idpMetadata=\"" + metadata + "\";\n"
                + "};\n");
    }

    @Test
    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    void loginContextWhenJaasConfFileNamedBySystemPropertyThenBothSidesLogIn() throws Exception {
        DemoSetup.withJaasConfigFile(jaasConf(), () -> {
            LoginContext client = new LoginContext("SamlecClient", handler("alice", "alicepw"));
            client.login();
            assertThat(client.getSubject().getPrincipals()).containsExactly(new SamlecPrincipal("alice"));
            client.logout();
            assertThat(client.getSubject().getPrivateCredentials()).isEmpty();

            LoginContext service = new LoginContext("SamlecService");
            service.login();
            assertThat(service.getSubject().getPublicCredentials(SamlecAcceptor.class)).hasSize(1);
        });
    }

    @Test
    void loginContextWhenInMemoryConfigurationThenGivenSubjectFilled() throws Exception {
        Subject subject = new Subject();
        LoginContext context = new LoginContext("client", subject, handler("bob", "bobpw"),
                new InMemoryConfiguration(Map.of("client", List.of(demo.clientOptions()))));

        context.login();

        assertThat(context.getSubject()).isSameAs(subject);
        assertThat(subject.getPrincipals()).containsExactly(new SamlecPrincipal("bob"));
        assertThat(subject.getPrivateCredentials(SamlecCredential.class)).hasSize(1);
    }

    @Test
    void loginContextWhenPasswordWrongThenFailedLoginExceptionWithCode() {
        Subject subject = new Subject();
        LoginContext context = newContext(subject, handler("bob", "nope"), List.of(demo.clientOptions()));

        assertThatThrownBy(context::login).isInstanceOf(FailedLoginException.class)
                .hasMessageStartingWith("idp_authentication_failed: ");
        assertThat(subject.getPrincipals()).isEmpty();
        assertThat(subject.getPrivateCredentials()).isEmpty();
    }

    @Test
    void loginContextWhenOptionsInvalidThenLoginExceptionNamingThem() {
        Map<String, Object> options = demo.clientOptions();
        options.put("connectTimout", "PT1S");

        assertThatThrownBy(() -> newContext(new Subject(), handler("bob", "bobpw"), List.of(options)).login())
                .isInstanceOf(LoginException.class)
                .hasMessageContaining("option connectTimout: is not a samlec option; did you mean connectTimeout?");
    }

    @Test
    void loginContextWhenTwoStackedModulesShareThePasswordThenPromptedOnceAndBothCommit() throws Exception {
        Map<String, Object> first = demo.clientOptions();
        first.put("storePass", "true");
        Map<String, Object> second = demo.clientOptions();
        second.put("useFirstPass", "true");
        second.put("clearPass", "true");
        int[] prompts = {0};
        Subject subject = new Subject();
        LoginContext context = newContext(subject, callbacks -> {
            prompts[0]++;
            handler("carol", "carolpw").handle(callbacks);
        }, List.of(first, second));

        context.login();

        assertThat(prompts[0]).isEqualTo(1);
        assertThat(subject.getPrivateCredentials(SamlecCredential.class)).hasSize(2);
        context.logout();
        assertThat(subject.getPrivateCredentials()).isEmpty();
        assertThat(subject.getPrincipals()).isEmpty();
    }

    @Test
    void loginContextWhenAcceptorEntryThenSubjectHoldsAcceptor() throws Exception {
        Subject subject = new Subject();
        LoginContext context = newContext(subject, null, List.of(demo.acceptorOptions()));

        context.login();

        assertThat(subject.getPublicCredentials(SamlecAcceptor.class)).singleElement()
                .satisfies(a -> assertThat(a.serviceName()).isEqualTo(DemoSetup.SERVICE_NAME));
        context.logout();
        assertThat(subject.getPublicCredentials()).isEmpty();
    }

    private static LoginContext newContext(Subject subject, javax.security.auth.callback.CallbackHandler handler,
            List<Map<String, Object>> modules) {
        try {
            return new LoginContext("entry", subject, handler, new InMemoryConfiguration(Map.of("entry", modules)));
        } catch (LoginException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JAAS entries in memory: each a list of REQUIRED SamlecLoginModule option maps. */
    static final class InMemoryConfiguration extends Configuration {
        private final Map<String, AppConfigurationEntry[]> entries = new HashMap<>();

        InMemoryConfiguration(Map<String, List<Map<String, Object>>> modules) {
            modules.forEach((name, list) -> entries.put(name, list.stream()
                    .map(options -> new AppConfigurationEntry(SamlecLoginModule.class.getName(),
                            LoginModuleControlFlag.REQUIRED, options))
                    .toArray(AppConfigurationEntry[]::new)));
        }

        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            return entries.get(name);
        }
    }
}
