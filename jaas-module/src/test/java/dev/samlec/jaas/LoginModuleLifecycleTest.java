package dev.samlec.jaas;

import static dev.samlec.jaas.DemoSetup.handler;
import static dev.samlec.jaas.DemoSetup.module;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.sasl.SamlecCredential;
import java.util.Map;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The two-phase contract: login/commit/abort/logout in every order, with the demo IdP checking passwords. */
class LoginModuleLifecycleTest {
    private static DemoSetup demo;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoSetup.http();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    private static SamlecLoginModule alice(Subject subject) {
        return module(subject, handler("alice", "alicepw"), demo.clientOptions());
    }

    private static Set<SamlecCredential> credentials(Subject subject) {
        return subject.getPrivateCredentials(SamlecCredential.class);
    }

    @Test
    void commitWhenLoggedInThenPrincipalAndPrivateCredential() throws Exception {
        Subject subject = new Subject();
        SamlecLoginModule module = alice(subject);

        assertThat(module.login()).isTrue();
        assertThat(subject.getPrincipals()).isEmpty();
        assertThat(module.commit()).isTrue();

        assertThat(subject.getPrincipals()).containsExactly(new SamlecPrincipal("alice"));
        assertThat(credentials(subject)).singleElement().satisfies(c -> {
            assertThat(c.user()).isEqualTo("alice");
            assertThat(c.idps()).singleElement().satisfies(idp -> assertThat(idp.entityId())
                    .isEqualTo(demo.idp.entityId()));
        });
        assertThat(subject.getPublicCredentials()).isEmpty();
    }

    @Test
    void commitWhenNotLoggedInThenFalseAndNothingAdded() throws Exception {
        Subject subject = new Subject();

        assertThat(alice(subject).commit()).isFalse();
        assertThat(subject.getPrincipals()).isEmpty();
    }

    @Test
    void logoutWhenNeverLoggedInThenTrueAndSubjectUntouched() throws Exception {
        Subject subject = new Subject();
        subject.getPrincipals().add(new SamlecPrincipal("someone else"));

        assertThat(alice(subject).logout()).isTrue();
        assertThat(subject.getPrincipals()).containsExactly(new SamlecPrincipal("someone else"));
    }

    @Test
    void abortWhenLoginFailedThenFalseAndNothingAdded() throws Exception {
        Subject subject = new Subject();
        SamlecLoginModule module = module(subject, handler("alice", "wrong"), demo.clientOptions());

        assertThatThrownBy(module::login).isInstanceOf(FailedLoginException.class);
        assertThat(module.abort()).isFalse();
        assertThat(module.commit()).isFalse();
        assertThat(subject.getPrincipals()).isEmpty();
        assertThat(subject.getPrivateCredentials()).isEmpty();
    }

    @Test
    void abortWhenLoggedInButNotCommittedThenTrueAndCommitRefused() throws Exception {
        Subject subject = new Subject();
        SamlecLoginModule module = alice(subject);
        module.login();

        assertThat(module.abort()).isTrue();

        assertThat(module.commit()).isFalse();
        assertThat(subject.getPrincipals()).isEmpty();
        assertThat(subject.getPrivateCredentials()).isEmpty();
    }

    @Test
    void abortWhenCommittedThenEntriesRemovedAndCredentialDestroyed() throws Exception {
        Subject subject = new Subject();
        SamlecLoginModule module = alice(subject);
        module.login();
        module.commit();
        SamlecCredential credential = credentials(subject).iterator().next();

        assertThat(module.abort()).isTrue();

        assertThat(subject.getPrincipals()).isEmpty();
        assertThat(subject.getPrivateCredentials()).isEmpty();
        assertThat(credential.isDestroyed()).isTrue();
    }

    @Test
    void logoutWhenCommittedThenEntriesRemovedAndPasswordWiped() throws Exception {
        Subject subject = new Subject();
        SamlecLoginModule module = alice(subject);
        module.login();
        module.commit();
        SamlecCredential credential = credentials(subject).iterator().next();
        IdpCredentials.Basic basic = (IdpCredentials.Basic) credential.idps().get(0).credentials();
        assertThat(basic.password()).containsExactly("alicepw".toCharArray());

        assertThat(module.logout()).isTrue();

        assertThat(subject.getPrincipals()).isEmpty();
        assertThat(subject.getPrivateCredentials()).isEmpty();
        assertThat(credential.isDestroyed()).isTrue();
        assertThat(basic.password()).containsOnly('\0');
        assertThatThrownBy(credential::idps).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void loginWhenCalledTwiceBeforeCommitThenOnlyTheSecondIsCommitted() throws Exception {
        Subject subject = new Subject();
        SamlecLoginModule module = alice(subject);

        module.login();
        module.login();
        module.commit();

        assertThat(credentials(subject)).hasSize(1);
        assertThat(subject.getPrincipals()).hasSize(1);
    }

    @Test
    void loginWhenCalledAgainAfterCommitThenBothKeptAndLogoutRemovesBoth() throws Exception {
        Subject subject = new Subject();
        SamlecLoginModule module = alice(subject);
        module.login();
        module.commit();
        module.login();
        module.commit();

        assertThat(credentials(subject)).hasSize(2);
        module.logout();
        assertThat(subject.getPrivateCredentials()).isEmpty();
        assertThat(subject.getPrincipals()).isEmpty();
    }

    @Test
    void loginWhenReloginFailsThenEarlierCommittedLoginStays() throws Exception {
        Subject subject = new Subject();
        Map<String, Object> options = demo.clientOptions();
        String[] password = {"alicepw"};
        SamlecLoginModule module = module(subject, callbacks -> handler("alice", password[0]).handle(callbacks),
                options);
        module.login();
        module.commit();
        password[0] = "wrong";

        assertThatThrownBy(module::login).isInstanceOf(FailedLoginException.class);
        assertThat(module.commit()).isFalse();

        assertThat(credentials(subject)).hasSize(1);
        assertThat(subject.getPrincipals()).containsExactly(new SamlecPrincipal("alice"));
    }

    @Test
    void logoutWhenTwoModulesShareASubjectThenOnlyItsOwnEntriesGo() throws Exception {
        Subject subject = new Subject();
        SamlecLoginModule first = alice(subject);
        SamlecLoginModule second = module(subject, handler("bob", "bobpw"), demo.clientOptions());
        first.login();
        first.commit();
        second.login();
        second.commit();
        SamlecCredential bobs = credentials(subject).stream().filter(c -> c.user().equals("bob")).findFirst()
                .orElseThrow();

        first.logout();

        assertThat(subject.getPrincipals()).containsExactly(new SamlecPrincipal("bob"));
        assertThat(credentials(subject)).containsExactly(bobs);
        assertThat(bobs.isDestroyed()).isFalse();
    }

    @Test
    void logoutWhenSameUserLoggedInTwiceThenTheOtherCredentialSurvives() throws Exception {
        Subject subject = new Subject();
        SamlecLoginModule first = alice(subject);
        SamlecLoginModule second = alice(subject);
        first.login();
        first.commit();
        SamlecCredential firsts = credentials(subject).iterator().next();
        second.login();
        second.commit();
        assertThat(credentials(subject)).hasSize(2);

        second.logout();

        assertThat(credentials(subject)).containsExactly(firsts);
        assertThat(firsts.isDestroyed()).isFalse();
        // the principal was added by the first module (the second found an equal one) and stays with it
        assertThat(subject.getPrincipals()).containsExactly(new SamlecPrincipal("alice"));
    }

    @Test
    void logoutWhenSubjectAlreadyHadAnEqualPrincipalThenItIsKept() throws Exception {
        Subject subject = new Subject();
        SamlecPrincipal existing = new SamlecPrincipal("alice");
        subject.getPrincipals().add(existing);
        SamlecLoginModule module = alice(subject);
        module.login();
        module.commit();

        module.logout();

        assertThat(subject.getPrincipals()).singleElement().isSameAs(existing);
    }

    @Test
    void commitWhenSubjectReadOnlyThenLoginExceptionAndNothingKept() throws Exception {
        Subject subject = new Subject();
        subject.setReadOnly();
        SamlecLoginModule module = alice(subject);
        module.login();

        assertThatThrownBy(module::commit).isInstanceOf(LoginException.class)
                .hasMessageStartingWith("invalid_configuration: the Subject is read-only");
        assertThat(module.abort()).isFalse();
    }

    @Test
    void loginWhenOptionsInvalidThenEveryCallReportsThem() {
        SamlecLoginModule module = module(new Subject(), handler("alice", "alicepw"), Map.of("idpUrl", "ftp://x"));

        assertThatThrownBy(module::login).hasMessageStartingWith("option ").hasMessageContaining("option idpUrl:");
        assertThatThrownBy(module::login).hasMessageContaining("option idpUrl:");
        assertThat(module.toString()).contains("options invalid");
    }

    @Test
    void loginWhenNotInitializedThenLoginException() {
        assertThatThrownBy(() -> new SamlecLoginModule().login()).isInstanceOf(LoginException.class)
                .hasMessageContaining("before initialize()");
    }
}
