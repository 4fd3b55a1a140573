package dev.samlec.jaas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslProvider;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoTls;
import dev.samlec.testkit.MitKdc;
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
 * The README's Kerberos {@code jaas.conf} sample, read from the README, with its example hosts and paths replaced and
 * the test's credential cache named (a test cannot set {@code KRB5CCNAME}): it logs in against the demo IdP over
 * HTTPS with Negotiate (real MIT KDC), and the Subject then completes a SAML20EC exchange.
 */
@Timeout(120)
class ReadmeKerberosSampleTest {
    private static final DemoTls TLS = DemoTls.generate();
    private static MitKdc kdc;
    private static DemoSetup demo;
    private static SamlecAcceptor acceptor;

    @BeforeAll
    static void start() throws Exception {
        kdc = MitKdc.shared();
        demo = new DemoSetup(DemoIdp.builder().https(TLS.serverKeyStore(), DemoTls.password())
                .kerberos(kdc.idpKeytab(), MitKdc.IDP_SERVICE).start());
        SamlecSaslProvider.install();
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

    /** The README's {@code ```text} block that holds the {@code SamlecKerberos} entry. */
    static String readmeSample() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int entry = readme.indexOf("```text\nSamlecKerberos {");
        assertThat(entry).as("the README's Kerberos jaas.conf sample").isPositive();
        int start = entry + "```text\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private static Path sampleWithDemoValues(Path ticketCache) throws Exception {
        Map<String, String> replace = new LinkedHashMap<>();
        replace.put("https://idp.example.org/idp/profile/SAML2/SOAP/ECP", demo.idp.ssoUrl().toString());
        replace.put("https://idp.example.org/idp/shibboleth", demo.idp.entityId());
        replace.put("/etc/samlec/idp-ca.pem", demo.writePem("idp-ca.pem", List.of(TLS.caCertificate())).toString());
        replace.put("https://broker.example.org/samlec", DemoSetup.SERVICE_ENTITY_ID);
        replace.put("kafka@broker.example.org", DemoSetup.SERVICE_NAME);
        replace.put("useTicketCache=true", "useTicketCache=true ticketCache=\"" + ticketCache + "\"");
        String conf = readmeSample();
        for (Map.Entry<String, String> e : replace.entrySet()) {
            assertThat(conf).as("the README sample names " + e.getKey()).contains(e.getKey());
            conf = conf.replace(e.getKey(), e.getValue());
        }
        return demo.write("kerberos-jaas.conf", conf);
    }

    @Test
    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    void readmeKerberosJaasConfWhenLoggedInThenSaml20EcCompletesWithoutPrompt() throws Exception {
        DemoSetup.withJaasConfigFile(sampleWithDemoValues(kdc.ticketCache("1h")), () -> {
            LoginContext client = new LoginContext("SamlecKerberos", DemoSetup.noPrompt());
            client.login();

            SaslServer server = Sasl.createSaslServer(SamlecSasl.SAML20EC, "kafka", "localhost",
                    Map.of(SamlecSasl.ACCEPTOR, acceptor), null);
            SamlecLogin.runAs(client.getSubject(), () -> {
                SaslClient c = Sasl.createSaslClient(new String[] {SamlecSasl.SAML20EC}, null, "kafka", "localhost",
                        Map.of(), null);
                byte[] challenge = server.evaluateResponse(c.evaluateChallenge(new byte[0]));
                assertThat(server.evaluateResponse(c.evaluateChallenge(challenge))).isNull();
                return null;
            });

            assertThat(server.getAuthorizationID()).isEqualTo("alice");
            client.logout();
        });
    }
}
