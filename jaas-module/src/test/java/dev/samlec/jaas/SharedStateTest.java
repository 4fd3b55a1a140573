package dev.samlec.jaas;

import static dev.samlec.jaas.DemoSetup.handler;
import static dev.samlec.jaas.DemoSetup.module;
import static dev.samlec.jaas.DemoSetup.noPrompt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.sasl.SamlecCredential;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.login.FailedLoginException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** useFirstPass, tryFirstPass, storePass and clearPass with the JAAS shared state, as the JDK's modules do. */
class SharedStateTest {
    private static final String NAME = "javax.security.auth.login.name";
    private static final String PASSWORD = "javax.security.auth.login.password";
    private static DemoSetup demo;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoSetup.http();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    private static Map<String, Object> options(String... keyValues) {
        Map<String, Object> options = demo.clientOptions();
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        return options;
    }

    private static Map<String, Object> shared(String user, String password) {
        Map<String, Object> shared = new HashMap<>();
        shared.put(NAME, user);
        shared.put(PASSWORD, password.toCharArray());
        return shared;
    }

    /** A handler that counts how often it is asked. */
    private static CallbackHandler counting(AtomicInteger count, String user, String password) {
        return callbacks -> {
            count.incrementAndGet();
            handler(user, password).handle(callbacks);
        };
    }

    @Test
    void useFirstPassWhenSharedStateHoldsCredentialsThenNoPrompt() throws Exception {
        Subject subject = new Subject();
        SamlecLoginModule module = module(subject, noPrompt(), shared("bob", "bobpw"), options("useFirstPass", "true"));

        module.login();
        module.commit();

        assertThat(subject.getPrincipals()).containsExactly(new SamlecPrincipal("bob"));
    }

    @Test
    void useFirstPassWhenSharedStateEmptyThenCredentialsUnavailableWithoutPrompt() {
        assertThatThrownBy(() -> module(new Subject(), noPrompt(), new HashMap<>(), options("useFirstPass", "true"))
                .login()).hasMessageStartingWith("credentials_unavailable: useFirstPass=true");
    }

    @Test
    void useFirstPassWhenSharedPasswordWrongThenFailedWithoutPrompt() {
        assertThatThrownBy(() -> module(new Subject(), noPrompt(), shared("bob", "wrong"),
                options("useFirstPass", "true")).login()).isInstanceOf(FailedLoginException.class);
    }

    @Test
    void tryFirstPassWhenSharedPasswordWrongThenPromptedOnce() throws Exception {
        AtomicInteger prompts = new AtomicInteger();
        Subject subject = new Subject();
        SamlecLoginModule module = module(subject, counting(prompts, "alice", "alicepw"), shared("bob", "wrong"),
                options("tryFirstPass", "true"));

        module.login();
        module.commit();

        assertThat(prompts).hasValue(1);
        assertThat(subject.getPrincipals()).containsExactly(new SamlecPrincipal("alice"));
    }

    @Test
    void tryFirstPassWhenSharedCredentialsRightThenNoPrompt() throws Exception {
        assertThat(module(new Subject(), noPrompt(), shared("bob", "bobpw"), options("tryFirstPass", "true"))
                .login()).isTrue();
    }

    @Test
    void tryFirstPassWhenSharedStateEmptyThenPrompted() throws Exception {
        AtomicInteger prompts = new AtomicInteger();

        module(new Subject(), counting(prompts, "alice", "alicepw"), new HashMap<>(), options("tryFirstPass", "true"))
                .login();

        assertThat(prompts).hasValue(1);
    }

    @Test
    void withoutSharingOptionsWhenSharedStateHoldsCredentialsThenIgnoredAndPrompted() throws Exception {
        AtomicInteger prompts = new AtomicInteger();
        Subject subject = new Subject();
        SamlecLoginModule module = module(subject, counting(prompts, "alice", "alicepw"), shared("bob", "bobpw"),
                options());

        module.login();
        module.commit();

        assertThat(prompts).hasValue(1);
        assertThat(subject.getPrincipals()).containsExactly(new SamlecPrincipal("alice"));
    }

    @Test
    void storePassWhenPromptedThenSharedStateHoldsCredentialsForTheNextModule() throws Exception {
        Map<String, Object> shared = new HashMap<>();
        Subject subject = new Subject();
        module(subject, handler("alice", "alicepw"), shared, options("storePass", "true")).login();

        assertThat(shared).containsEntry(NAME, "alice");
        assertThat((char[]) shared.get(PASSWORD)).containsExactly("alicepw".toCharArray());
        SamlecLoginModule next = module(subject, noPrompt(), shared, options("useFirstPass", "true"));
        assertThat(next.login()).isTrue();
    }

    @Test
    void storePassWhenSharedStateAlreadyHoldsValuesThenTheyAreKept() throws Exception {
        Map<String, Object> shared = shared("bob", "bobpw");

        module(new Subject(), handler("alice", "alicepw"), shared, options("storePass", "true")).login();

        assertThat(shared).containsEntry(NAME, "bob");
    }

    @Test
    void storePassWhenLoginFailsThenNothingStored() {
        Map<String, Object> shared = new HashMap<>();

        assertThatThrownBy(() -> module(new Subject(), handler("alice", "wrong"), shared,
                options("storePass", "true")).login()).isInstanceOf(FailedLoginException.class);
        assertThat(shared).isEmpty();
    }

    @Test
    void clearPassWhenCommitFinishesThenSharedStateCleared() throws Exception {
        Map<String, Object> shared = shared("bob", "bobpw");
        SamlecLoginModule module = module(new Subject(), noPrompt(), shared,
                options("useFirstPass", "true", "clearPass", "true"));
        module.login();
        assertThat(shared).containsKey(NAME);

        module.commit();

        assertThat(shared).doesNotContainKeys(NAME, PASSWORD);
    }

    @Test
    void clearPassWhenAbortFinishesThenSharedStateCleared() throws Exception {
        Map<String, Object> shared = shared("bob", "wrong");
        SamlecLoginModule module = module(new Subject(), noPrompt(), shared,
                options("useFirstPass", "true", "clearPass", "true"));
        assertThatThrownBy(module::login).isInstanceOf(FailedLoginException.class);

        module.abort();

        assertThat(shared).isEmpty();
    }

    @Test
    void withoutClearPassWhenCommitFinishesThenSharedStateKept() throws Exception {
        Map<String, Object> shared = shared("bob", "bobpw");
        SamlecLoginModule module = module(new Subject(), noPrompt(), shared, options("useFirstPass", "true"));
        module.login();
        module.commit();

        assertThat(shared).containsKeys(NAME, PASSWORD);
    }

    @Test
    void useFirstPassWhenSharedPasswordIsAStringThenAccepted() throws Exception {
        Map<String, Object> shared = new HashMap<>();
        shared.put(NAME, "bob");
        shared.put(PASSWORD, "bobpw");
        Subject subject = new Subject();
        SamlecLoginModule module = module(subject, noPrompt(), shared, options("useFirstPass", "true"));

        module.login();
        module.commit();

        assertThat(subject.getPrivateCredentials(SamlecCredential.class)).hasSize(1);
    }
}
