package dev.samlec.jaas;

import static dev.samlec.jaas.DemoSetup.handler;
import static dev.samlec.jaas.DemoSetup.module;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.testing.DripServer;
import dev.samlec.mech.testing.DripServer.Mode;
import dev.samlec.sasl.SamlecCredential;
import dev.samlec.testkit.DemoTls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The initiator option {@code callTimeout}: {@code login()} against an IdP or a metadata URL that drips its answer
 * one byte at a time, or stalls the TLS handshake, fails with the code within the option's deadline plus a generous
 * margin; the credential it commits carries the option, so later SAML20EC exchanges are bounded the same way.
 */
class CallTimeoutLoginTest {
    private static final Duration BOUND = Duration.ofSeconds(1 + 5);
    private static DemoSetup demo;
    private DripServer drip;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoSetup.http();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @AfterEach
    void stopDrip() {
        if (drip != null) {
            drip.close();
        }
    }

    private static Map<String, Object> options(String option, String value) {
        Map<String, Object> options = demo.clientOptions();
        options.put("callTimeout", "PT1S");
        options.put("responseTimeout", "PT30S");
        options.put(option, value);
        return options;
    }

    private static void assertFailsInTime(Map<String, Object> options, EcpError code) {
        LoginException e = assertTimeoutPreemptively(BOUND, () -> {
            try {
                module(new Subject(), handler("alice", "alicepw"), options).login();
                return null;
            } catch (LoginException failure) {
                return failure;
            }
        });
        assertThat(e).as("login() must fail").isNotNull().isNotInstanceOf(FailedLoginException.class)
                .hasMessageStartingWith(code.code() + ": ").hasMessageContaining("call timeout of 1000 ms");
        assertThat(e.getCause()).isInstanceOfSatisfying(EcpException.class, c -> assertThat(c.error()).isEqualTo(code));
    }

    @Test
    void loginWhenIdpDripsItsAnswerThenIdpTimeoutAtTheCallTimeout() throws Exception {
        drip = DripServer.plain(Mode.BODY);
        assertFailsInTime(options("idpUrl", drip.uri("http", "/ecp").toString()), EcpError.IDP_TIMEOUT);
    }

    @Test
    void loginWhenIdpStallsTheTlsHandshakeThenIdpTimeoutAtTheCallTimeout() throws Exception {
        drip = DripServer.plain(Mode.SILENT);
        Map<String, Object> options = options("idpUrl", drip.uri("https", "/ecp").toString());
        options.put("idpTrustAnchors", demo.writePem("ca.pem", List.of(DemoTls.generate().caCertificate()))
                .toString());
        assertFailsInTime(options, EcpError.IDP_TIMEOUT);
    }

    @Test
    void loginWhenMetadataUrlDripsThenMetadataInvalidAtTheCallTimeout() throws Exception {
        drip = DripServer.plain(Mode.HEADERS);
        Map<String, Object> options = options("idpMetadata", drip.uri("http", "/md").toString());
        options.remove("idpUrl");
        assertFailsInTime(options, EcpError.METADATA_INVALID);
    }

    @Test
    void commitWhenCallTimeoutSetThenTheCredentialsEndpointCarriesIt() throws Exception {
        Subject subject = new Subject();
        Map<String, Object> options = demo.clientOptions();
        options.put("callTimeout", "PT7S");
        SamlecLoginModule module = module(subject, handler("alice", "alicepw"), options);
        module.login();
        module.commit();
        SamlecCredential credential = subject.getPrivateCredentials(SamlecCredential.class).iterator().next();
        assertThat(credential.idps().get(0).callTimeout()).isEqualTo(Duration.ofSeconds(7));
    }
}
