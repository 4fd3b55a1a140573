package dev.samlec.jaas;

import static dev.samlec.jaas.DemoSetup.handler;
import static dev.samlec.jaas.DemoSetup.module;
import static dev.samlec.jaas.DemoSetup.noPrompt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.testing.CapturedStandardError;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.Subject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.slf4j.LoggerFactory;

/**
 * Passwords never reach a log line (samlec's loggers run at DEBUG in this module's tests; slf4j-simple writes to
 * {@code System.err}, captured here), an exception message or a {@code toString()}.
 */
@ResourceLock(Resources.SYSTEM_ERR)
class SecretLeakTest {
    private static final String PASSWORD = "alicepw";
    private static final String WRONG = "Wr0ng-Pa55word";
    private static final String STORE_PASSWORD = "St0re-Pa55word";
    private static final String OPTION_PASSWORD = "0pt10n-Pa55word";
    private static DemoSetup demo;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoSetup.http();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void logsWhenCapturedAtDebugThenSeeTheLoginButNoPassword() throws Exception {
        assertThat(LoggerFactory.getLogger(SamlecLoginModule.class).isDebugEnabled())
                .as("this module's surefire configuration sets dev.samlec to DEBUG").isTrue();
        Map<String, Object> shared = new HashMap<>();
        Map<String, Object> storing = demo.clientOptions();
        storing.put("storePass", "true");
        StringBuilder messages = new StringBuilder();

        String log = CapturedStandardError.during(() -> {
            Subject subject = new Subject();
            SamlecLoginModule module = module(subject, handler("alice", PASSWORD), shared, storing);
            module.login();
            module.commit();
            messages.append(subject).append(module);
            module.logout();
            messages.append(catchThrowable(() -> module(new Subject(), handler("alice", WRONG), demo.clientOptions())
                    .login()));
            Map<String, Object> badStore = demo.clientOptions();
            badStore.put("trustStore", demo.write("bad-store.p12", "x").toString());
            badStore.put("trustStorePassword", STORE_PASSWORD);
            messages.append(catchThrowable(() -> module(new Subject(), handler("alice", PASSWORD), badStore).login()));
            Map<String, Object> configured = demo.clientOptions();
            configured.put("username", "alice");
            configured.put("password", OPTION_PASSWORD);
            SamlecLoginModule fromOptions = module(new Subject(), noPrompt(), configured);
            messages.append(catchThrowable(fromOptions::login)).append(fromOptions);
            Map<String, Object> misspelt = demo.clientOptions();
            misspelt.put("passwrd", OPTION_PASSWORD);
            messages.append(catchThrowable(() -> module(new Subject(), handler("alice", PASSWORD), misspelt).login()));
        });

        assertThat(log).contains("credential check for user alice").contains("idp_authentication_failed");
        assertThat(messages).contains("did you mean password");
        assertThat(log + messages).doesNotContain(PASSWORD, WRONG, STORE_PASSWORD, OPTION_PASSWORD);
    }

    @Test
    void toStringWhenLoggedInThenNoPasswordAnywhere() throws Exception {
        Subject subject = new Subject();
        SamlecLoginModule module = module(subject, handler("alice", PASSWORD), demo.clientOptions());
        module.login();
        module.commit();
        SamlecLogin login = SamlecLogin.builder(IdpEndpoint.builder(demo.idp.entityId(), demo.idp.ssoUrl())
                .allowInsecureHttp(true).build()).checkService(DemoSetup.SERVICE_ENTITY_ID, DemoSetup.SERVICE_NAME)
                .build();
        Subject programmatic = login.login("alice", PASSWORD.toCharArray());

        String everything = subject + " " + module + " " + login + " " + programmatic + " "
                + subject.getPrivateCredentials() + " " + programmatic.getPrivateCredentials();

        assertThat(everything).contains("alice").doesNotContain(PASSWORD);
    }

    @Test
    void optionErrorsWhenPasswordsMisplacedThenRedacted() {
        Map<String, Object> options = demo.clientOptions();
        options.put("keyStorePassword", STORE_PASSWORD);
        options.put("trustStorePassword", STORE_PASSWORD);
        options.put("keystorepassword", STORE_PASSWORD);

        Throwable e = catchThrowable(() -> module(new Subject(), handler("alice", PASSWORD), options).login());

        assertThat(e).hasMessageContaining("option keyStorePassword:").hasMessageContaining("[redacted]");
        assertThat(e.getMessage()).doesNotContain(STORE_PASSWORD);
    }
}
