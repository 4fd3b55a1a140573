package dev.samlec.jaas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslProvider;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.LoginContext;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * The README's sample {@code jaas.conf}, read from the README itself, with only its example hosts and paths
 * replaced: both entries log in through {@code java.security.auth.login.config} against the demo IdP over HTTPS
 * (the initiator trusts its CA through {@code idpTrustAnchors}), and the two Subjects then run a SAML20EC exchange
 * with mutual authentication, which needs the acceptor's {@code signingKey} and the IdP's RequestAuthenticated.
 */
@Timeout(120)
class ReadmeJaasSampleTest {
    private static final DemoTls TLS = DemoTls.generate();
    private static DemoSetup demo;

    @BeforeAll
    static void start() throws Exception {
        demo = new DemoSetup(DemoIdp.builder().https(TLS.serverKeyStore(), DemoTls.password()).start());
        SamlecSaslProvider.install();
    }

    @AfterAll
    static void stop() {
        demo.close();
        SamlecSaslProvider.uninstall();
    }

    /** The text between the README's "Sample jaas.conf" heading's fence and its closing fence. */
    static String readmeSample() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int heading = readme.indexOf("### Sample `jaas.conf`");
        assertThat(heading).as("the README's sample jaas.conf heading").isPositive();
        int start = readme.indexOf("```text\n", heading) + "```text\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private static Path sampleWithDemoValues() throws Exception {
        Map<String, String> replace = new LinkedHashMap<>();
        replace.put("https://idp.example.org/idp/profile/SAML2/SOAP/ECP", demo.idp.ssoUrl().toString());
        replace.put("https://idp.example.org/idp/shibboleth", demo.idp.entityId());
        replace.put("/etc/samlec/idp-ca.pem", demo.writePem("idp-ca.pem", List.of(TLS.caCertificate())).toString());
        replace.put("https://broker.example.org/samlec", DemoSetup.SERVICE_ENTITY_ID);
        replace.put("kafka@broker.example.org", DemoSetup.SERVICE_NAME);
        replace.put("/etc/samlec/idp-metadata.xml", demo.write("idp-metadata.xml", demo.idp.metadata()).toString());
        replace.put("/etc/samlec/broker-signing.key",
                demo.write("broker-signing.key", TestCredentials.read("sp-signing.key")).toString());
        replace.put("/etc/samlec/broker-signing.crt",
                demo.write("broker-signing.crt", TestCredentials.read("sp-signing.crt")).toString());
        String conf = readmeSample();
        for (Map.Entry<String, String> e : replace.entrySet()) {
            assertThat(conf).as("the README sample names " + e.getKey()).contains(e.getKey());
            conf = conf.replace(e.getKey(), e.getValue());
        }
        return demo.write("jaas.conf", conf);
    }

    @Test
    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    void readmeJaasConfWhenBothEntriesLogInThenMutualSaml20EcExchangeCompletes() throws Exception {
        DemoSetup.withJaasConfigFile(sampleWithDemoValues(), () -> {
            LoginContext client = new LoginContext("SamlecClient", DemoSetup.handler("alice", "alicepw"));
            client.login();
            LoginContext service = new LoginContext("SamlecService");
            service.login();
            SamlecAcceptor acceptor = service.getSubject().getPublicCredentials(SamlecAcceptor.class).iterator()
                    .next();

            SaslServer server = Sasl.createSaslServer(SamlecSasl.SAML20EC, "kafka", "localhost",
                    Map.of(SamlecSasl.ACCEPTOR, acceptor), null);
            SaslClient saslClient = SamlecLogin.runAs(client.getSubject(), () -> {
                SaslClient c = Sasl.createSaslClient(new String[] {SamlecSasl.SAML20EC}, null, "kafka", "localhost",
                        Map.of(Sasl.SERVER_AUTH, "true"), null);
                byte[] challenge = server.evaluateResponse(c.evaluateChallenge(new byte[0]));
                assertThat(server.evaluateResponse(c.evaluateChallenge(challenge))).isNull();
                return c;
            });

            assertThat(saslClient.isComplete()).isTrue();
            assertThat(server.isComplete()).isTrue();
            assertThat(server.getAuthorizationID()).isEqualTo("alice");
            client.logout();
            assertThat(client.getSubject().getPrivateCredentials()).isEmpty();
        });
    }

    @Test
    void readmeSampleWhenReadThenHasBothEntriesAndTheHttpsOptions() throws Exception {
        assertThat(readmeSample()).contains("SamlecClient {").contains("SamlecService {")
                .contains("idpTrustAnchors=").contains("signingKey=").doesNotContain("allowInsecureHttp");
    }
}
