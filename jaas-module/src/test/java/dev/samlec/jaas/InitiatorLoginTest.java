package dev.samlec.jaas;

import static dev.samlec.jaas.DemoSetup.handler;
import static dev.samlec.jaas.DemoSetup.module;
import static dev.samlec.jaas.DemoSetup.noPrompt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.metadata.MetadataSigning;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.sasl.SamlecCredential;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The initiator's login-time check against the demo IdP (configured by URL or metadata) and its callbacks. */
class InitiatorLoginTest {
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
    void loginWhenPasswordRightThenOneAssertionIssuedAndDiscarded() throws Exception {
        long before = demo.idp.assertionCount();

        assertThat(module(new Subject(), handler("carol", "carolpw"), demo.clientOptions()).login()).isTrue();

        assertThat(demo.idp.assertionCount()).isEqualTo(before + 1);
    }

    @Test
    void loginWhenPasswordWrongThenFailedLoginExceptionWithCode() {
        FailedLoginException e = catchThrowableOfType(FailedLoginException.class,
                () -> module(new Subject(), handler("alice", "wrong"), demo.clientOptions()).login());

        assertThat(e).hasMessageStartingWith("idp_authentication_failed: ");
        assertThat(e.getCause()).isInstanceOfSatisfying(EcpException.class,
                c -> assertThat(c.error()).isEqualTo(EcpError.IDP_AUTHENTICATION_FAILED));
    }

    @Test
    void authenticateWhenRefusedThenTheAttemptsPasswordIsWiped() throws Exception {
        IdpCredentials.Basic basic = IdpCredentials.basic("alice", "wrong".toCharArray());
        IdpEndpoint idp = IdpEndpoint.builder(demo.idp.entityId(), demo.idp.ssoUrl()).allowInsecureHttp(true)
                .credentials(basic).build();
        IdpLogin login = new IdpLogin(Optional.of(new CredentialCheck(new CheckService(DemoSetup.SERVICE_ENTITY_ID,
                DemoSetup.SERVICE_NAME), Clock.systemUTC(), new SecureRandom(), true)));

        assertThatThrownBy(() -> login.authenticate(idp, "alice")).isInstanceOf(FailedLoginException.class);

        assertThat(basic.password()).containsOnly('\0');
    }

    @Test
    void loginWhenCredentialsInOptionsThenNoPromptAndPrincipalIsThatUser() throws Exception {
        Map<String, Object> options = demo.clientOptions();
        options.put("username", "bob");
        options.put("password", "bobpw");
        Subject subject = new Subject();
        SamlecLoginModule module = module(subject, noPrompt(), options);

        module.login();
        module.commit();

        assertThat(subject.getPrincipals(SamlecPrincipal.class)).extracting(SamlecPrincipal::getName)
                .containsExactly("bob");
        assertThat(subject.getPrivateCredentials(SamlecCredential.class)).hasSize(1);
    }

    @Test
    void loginWhenPasswordInOptionsWrongThenFailedLoginException() {
        Map<String, Object> options = demo.clientOptions();
        options.put("username", "bob");
        options.put("password", "wrong");

        assertThatThrownBy(() -> module(new Subject(), noPrompt(), options).login())
                .isInstanceOf(FailedLoginException.class).hasMessageStartingWith("idp_authentication_failed: ");
    }

    @Test
    void loginWhenUserUnknownThenFailedLoginException() {
        assertThatThrownBy(() -> module(new Subject(), handler("mallory", "x"), demo.clientOptions()).login())
                .isInstanceOf(FailedLoginException.class).hasMessageStartingWith("idp_authentication_failed: ");
    }

    @Test
    void loginWhenCheckDisabledThenNoIdpRequestAndCredentialCommitted() throws Exception {
        Map<String, Object> options = demo.clientOptions();
        options.put("checkCredentials", "false");
        options.remove("checkServiceEntityId");
        options.remove("checkServiceName");
        long before = demo.idp.requestCount();
        Subject subject = new Subject();
        SamlecLoginModule module = module(subject, handler("alice", "not checked"), options);

        module.login();
        module.commit();

        assertThat(demo.idp.requestCount()).isEqualTo(before);
        assertThat(subject.getPrivateCredentials(SamlecCredential.class)).hasSize(1);
    }

    @Test
    void loginWhenCheckServiceUnknownToIdpThenLoginExceptionNotFailedLogin() {
        Map<String, Object> options = demo.clientOptions();
        options.put("checkServiceName", "unregistered@localhost");

        LoginException e = catchThrowableOfType(LoginException.class,
                () -> module(new Subject(), handler("alice", "alicepw"), options).login());

        assertThat(e).isNotInstanceOf(FailedLoginException.class).hasMessageStartingWith("idp_soap_fault: ");
    }

    @Test
    void loginWhenIdpEntityIdIsNotTheIssuerOfTheAnswerThenInvalidIssuerNamingBoth() {
        Map<String, Object> options = demo.clientOptions();
        options.put("idpEntityId", "https://idp.example.org/not-this-one");

        LoginException e = catchThrowableOfType(LoginException.class,
                () -> module(new Subject(), handler("alice", "alicepw"), options).login());

        assertThat(e).isNotInstanceOf(FailedLoginException.class).hasMessageStartingWith("invalid_issuer: ")
                .hasMessageContaining("'https://idp.example.org/not-this-one'")
                .hasMessageContaining("'" + demo.idp.entityId() + "'");
    }

    @Test
    void loginWhenIdpFromMetadataFileThenUsesItsSoapEndpoint() throws Exception {
        Map<String, Object> options = demo.clientOptions();
        options.remove("idpUrl");
        options.remove("idpEntityId");
        options.put("idpMetadata", demo.write("md-initiator.xml", demo.idp.metadata()).toString());
        Subject subject = new Subject();
        SamlecLoginModule module = module(subject, handler("alice", "alicepw"), options);

        module.login();
        module.commit();

        SamlecCredential credential = subject.getPrivateCredentials(SamlecCredential.class).iterator().next();
        assertThat(credential.idps().get(0).soapUrl()).isEqualTo(demo.idp.ssoUrl());
        assertThat(credential.idps().get(0).entityId()).isEqualTo(demo.idp.entityId());
    }

    @Test
    void loginWhenMetadataSignedAndSigningCertificateGivenThenLoggedIn() throws Exception {
        Map<String, Object> options = demo.clientOptions();
        options.remove("idpUrl");
        options.put("idpMetadata", demo.write("md-signed.xml", MetadataSigning.signRsaSha256(demo.idp.metadata(),
                TestCredentials.idp2().privateKey(), TestCredentials.idp2().certificate())).toString());
        options.put("idpMetadataSigningCertificate", demo.writePem("md-fed.pem",
                List.of(TestCredentials.idp2().certificate())).toString());

        assertThat(module(new Subject(), handler("alice", "alicepw"), options).login()).isTrue();
    }

    @Test
    void loginWhenMetadataSignedWithoutValidUntilThenRefusedBeforeAnyPasswordUnlessMaxValidityNone()
            throws Exception {
        Map<String, Object> options = demo.clientOptions();
        options.remove("idpUrl");
        options.put("idpMetadata", demo.write("md-lifelong.xml", MetadataSigning.signWithoutValidUntil(
                demo.idp.metadata(), TestCredentials.idp2().privateKey(), TestCredentials.idp2().certificate()))
                .toString());
        options.put("idpMetadataSigningCertificate", demo.writePem("md-fed.pem",
                List.of(TestCredentials.idp2().certificate())).toString());
        long before = demo.idp.requestCount();

        assertThatThrownBy(() -> module(new Subject(), handler("alice", "alicepw"), options).login())
                .hasMessageStartingWith("metadata_invalid: option idpMetadata: ")
                .hasMessageContaining("signed metadata without validUntil");
        assertThat(demo.idp.requestCount()).isEqualTo(before);

        options.put("idpMetadataMaxValidity", "none");
        assertThat(module(new Subject(), handler("alice", "alicepw"), options).login()).isTrue();
    }

    @Test
    void loginWhenMetadataSigningCertificateGivenAndMetadataUnsignedThenRefusedBeforeAnyPassword() {
        Map<String, Object> options = demo.clientOptions();
        options.remove("idpUrl");
        options.put("idpMetadata", demo.write("md-unsigned.xml", demo.idp.metadata()).toString());
        options.put("idpMetadataSigningCertificate", demo.writePem("md-fed.pem",
                List.of(TestCredentials.idp2().certificate())).toString());
        long before = demo.idp.requestCount();

        assertThatThrownBy(() -> module(new Subject(), handler("alice", "alicepw"), options).login())
                .isNotInstanceOf(javax.security.auth.login.FailedLoginException.class)
                .hasMessageStartingWith("metadata_signature_invalid: option idpMetadata: ");
        assertThat(demo.idp.requestCount()).isEqualTo(before);
    }

    @Test
    void loginWhenIdpFromMetadataUrlThenLoggedIn() throws Exception {
        Map<String, Object> options = demo.clientOptions();
        options.remove("idpUrl");
        options.put("idpMetadata", demo.idp.metadataUrl().toString());

        assertThat(module(new Subject(), handler("alice", "alicepw"), options).login()).isTrue();
    }

    @Test
    void loginWhenEntityNotInMetadataThenLoginExceptionNamingIt() {
        Map<String, Object> options = demo.clientOptions();
        options.remove("idpUrl");
        options.put("idpEntityId", "https://unknown.example.org/idp");
        options.put("idpMetadata", demo.write("md-unknown.xml", demo.idp.metadata()).toString());

        LoginException e = catchThrowableOfType(LoginException.class,
                () -> module(new Subject(), handler("alice", "alicepw"), options).login());

        assertThat(e).isNotInstanceOf(FailedLoginException.class)
                .hasMessageStartingWith("metadata_invalid: option idpMetadata: ")
                .hasMessageContaining("https://unknown.example.org/idp");
    }

    @Test
    void loginWhenMetadataFileMissingThenLoginExceptionNamingOption() {
        Map<String, Object> options = demo.clientOptions();
        options.remove("idpUrl");
        options.put("idpMetadata", demo.dir.resolve("absent.xml").toString());

        assertThatThrownBy(() -> module(new Subject(), handler("alice", "alicepw"), options).login())
                .hasMessageStartingWith("metadata_invalid: option idpMetadata: ");
    }

    @Test
    void loginWhenPromptedThenPasswordCallbackCleared() throws Exception {
        AtomicReference<PasswordCallback> seen = new AtomicReference<>();
        SamlecLoginModule module = module(new Subject(), callbacks -> {
            handler("alice", "alicepw").handle(callbacks);
            for (Callback c : callbacks) {
                if (c instanceof PasswordCallback pw) {
                    seen.set(pw);
                } else {
                    assertThat(((NameCallback) c).getPrompt()).contains(demo.idp.entityId());
                }
            }
        }, demo.clientOptions());

        module.login();

        assertThat(seen.get().getPassword()).as("PasswordCallback.clearPassword() blanks it").containsOnly(' ');
    }

    @Test
    void loginWhenNoHandlerThenCredentialsUnavailable() {
        assertThatThrownBy(() -> module(new Subject(), null, demo.clientOptions()).login())
                .isInstanceOf(LoginException.class).isNotInstanceOf(FailedLoginException.class)
                .hasMessageStartingWith("credentials_unavailable: no CallbackHandler");
    }

    @Test
    void loginWhenHandlerCannotAskThenCredentialsUnavailable() {
        assertThatThrownBy(() -> module(new Subject(), callbacks -> {
            throw new UnsupportedCallbackException(callbacks[0]);
        }, demo.clientOptions()).login()).hasMessageStartingWith("credentials_unavailable: ")
                .hasMessageContaining("NameCallback");
    }

    @Test
    void loginWhenHandlerFailsThenCredentialsUnavailable() {
        assertThatThrownBy(() -> module(new Subject(), callbacks -> {
            throw new IOException("console closed");
        }, demo.clientOptions()).login()).hasMessage("credentials_unavailable: the CallbackHandler failed: console"
                + " closed");
    }

    @Test
    void loginWhenHandlerGivesNoPasswordThenCredentialsUnavailable() {
        assertThatThrownBy(() -> module(new Subject(), callbacks -> ((NameCallback) callbacks[0]).setName("alice"),
                demo.clientOptions()).login()).hasMessageStartingWith("credentials_unavailable: ");
    }

    @Test
    void loginWhenUserNameHasColonThenCredentialsUnavailable() {
        assertThatThrownBy(() -> module(new Subject(), handler("ali:ce", "alicepw"), demo.clientOptions()).login())
                .hasMessageStartingWith("credentials_unavailable: ").hasMessageNotContaining("alicepw");
    }
}
