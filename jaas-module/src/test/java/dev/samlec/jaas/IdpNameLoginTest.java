package dev.samlec.jaas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecCredential;
import dev.samlec.sasl.SamlecSaslProvider;
import dev.samlec.testkit.DemoDirectory;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.FederationMetadataBuilder;
import dev.samlec.testkit.ServiceProviderRegistration;
import com.sun.net.httpserver.HttpServer;
import dev.samlec.mech.metadata.MetadataSigning;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The initiator's {@code idpName}: the IdP is picked by name from a signed federation aggregate holding two real
 * demo IdPs (one directory behind both), the login-time check and a SAML20EC exchange then go to that IdP only.
 */
@Timeout(120)
class IdpNameLoginTest {
    private static final dev.samlec.mech.SigningKey FEDERATION = TestCredentials.idp2();
    private static DemoDirectory directory;
    private static DemoIdp first;
    private static DemoSetup demo;
    private static Path federation;
    private static Path federationCert;
    private static HttpServer mdq;

    @BeforeAll
    static void start() throws Exception {
        SamlecSaslProvider.install();
        directory = DemoDirectory.start();
        first = DemoIdp.builder().directory(directory).start();
        first.registerServiceProvider(ServiceProviderRegistration.builder(DemoSetup.SERVICE_ENTITY_ID)
                .acsUrls(List.of(DemoSetup.SERVICE_NAME)).build());
        // the second IdP is DemoSetup's, with the check's service registered
        demo = new DemoSetup(DemoIdp.builder().directory(directory).signingKey(TestCredentials.idp()).start());
        federation = FederationMetadataBuilder.aggregate("urn:example:federation")
                .add(FederationMetadataBuilder.Idp.of(first).displayName("en", "First University"))
                .add(FederationMetadataBuilder.Idp.of(demo.idp).displayName("en", "Second University"))
                .add(FederationMetadataBuilder.idp("https://web.example.org/idp")
                        .signingCertificate(TestCredentials.idp().certificate())
                        .singleSignOnService(FederationMetadataBuilder.REDIRECT_BINDING, "https://web.example.org/sso")
                        .displayName("en", "Second Web Campus"))
                .rawEntity(FederationMetadataBuilder.serviceProvider("https://sp.example.org/shibboleth",
                        "https://sp.example.org/ECP"))
                .signedWith(FEDERATION).writeTo(demo.dir.resolve("federation.xml"));
        federationCert = demo.writePem("federation.pem", List.of(FEDERATION.certificate()));
        Map<String, byte[]> entities = Map.of(demo.idp.entityId(), MetadataSigning.signRsaSha256(demo.idp.metadata(),
                FEDERATION.privateKey(), FEDERATION.certificate()));
        mdq = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mdq.createContext("/entities/", exchange -> {
            try (exchange) {
                byte[] body = entities.get(URLDecoder.decode(exchange.getRequestURI().getRawPath()
                        .substring("/entities/".length()), StandardCharsets.UTF_8));
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        mdq.start();
    }

    @AfterAll
    static void stop() throws Exception {
        mdq.stop(0);
        demo.close();
        first.close();
        directory.close();
        SamlecSaslProvider.uninstall();
    }

    private static Map<String, Object> options(String name) {
        Map<String, Object> options = demo.clientOptions();
        options.remove("idpUrl");
        options.remove("idpEntityId");
        options.put("idpMetadata", federation.toString());
        options.put("idpMetadataSigningCertificate", federationCert.toString());
        options.put("idpName", name);
        return options;
    }

    private static LoginException failure(Map<String, Object> options) {
        return catchThrowableOfType(LoginException.class,
                () -> DemoSetup.module(new Subject(), DemoSetup.handler("alice", "alicepw"), options).login());
    }

    @Test
    void loginWhenIdpNamedByPartOfNameThenCheckAndSaslExchangeGoToThatIdpOnly() throws Exception {
        long firstBefore = first.requestCount();
        long secondBefore = demo.idp.assertionCount();
        Subject user = new Subject();
        SamlecLoginModule module = DemoSetup.module(user, DemoSetup.handler("alice", "alicepw"),
                options("second univ"));
        assertThat(module.login()).isTrue();
        assertThat(module.commit()).isTrue();
        assertThat(demo.idp.assertionCount()).isEqualTo(secondBefore + 1);
        SamlecCredential credential = SamlecCredential.newestIn(user).orElseThrow();
        assertThat(credential.idps()).singleElement().satisfies(idp -> {
            assertThat(idp.entityId()).isEqualTo(demo.idp.entityId());
            assertThat(idp.soapUrl()).isEqualTo(demo.idp.ssoUrl());
        });

        SamlIdentity identity = exchange(user);
        assertThat(identity.issuer()).isEqualTo(demo.idp.entityId());
        assertThat(identity.nameId().value()).isEqualTo("alice");
        assertThat(demo.idp.assertionCount()).isEqualTo(secondBefore + 2);
        assertThat(first.requestCount()).isEqualTo(firstBefore);
    }

    @Test
    void loginWhenIdpNamedByEntityIdThenThatIdp() throws Exception {
        long before = first.assertionCount();
        assertThat(DemoSetup.module(new Subject(), DemoSetup.handler("alice", "alicepw"),
                options(first.entityId())).login()).isTrue();
        assertThat(first.assertionCount()).isEqualTo(before + 1);
    }

    @Test
    void loginWhenNameAmbiguousThenIdpAmbiguousNamingOptionAndNoIdpContacted() {
        long before = first.requestCount() + demo.idp.requestCount();
        LoginException e = failure(options("university"));
        assertThat(e).hasMessageStartingWith("idp_ambiguous: option idpName: ")
                .hasMessageContaining("'First University' (" + first.entityId() + ")")
                .hasMessageContaining("'Second University' (" + demo.idp.entityId() + ")");
        assertThat(e.getCause()).isInstanceOfSatisfying(EcpException.class,
                c -> assertThat(c.error()).isEqualTo(EcpError.IDP_AMBIGUOUS));
        assertThat(first.requestCount() + demo.idp.requestCount()).isEqualTo(before);
    }

    @Test
    void loginWhenNameUnknownThenIdpNotFound() {
        assertThat(failure(options("Third College"))).hasMessageStartingWith("idp_not_found: option idpName: ");
    }

    @Test
    void loginWhenAggregateSignedByAnotherKeyThenSignatureInvalidBeforeAnyPassword() {
        Map<String, Object> options = options("second univ");
        options.put("idpMetadataSigningCertificate", demo.writePem("other.pem",
                List.of(TestCredentials.attacker().certificate())).toString());
        LoginException e = catchThrowableOfType(LoginException.class,
                () -> DemoSetup.module(new Subject(), DemoSetup.noPrompt(), options).login());
        assertThat(e).hasMessageStartingWith("metadata_signature_invalid: option idpMetadata: ");
    }

    @Test
    void loginWhenIdpNameWithoutMetadataThenOptionProblem() {
        Map<String, Object> options = demo.clientOptions();
        options.put("idpName", "second");
        assertThat(failure(options)).hasMessageContaining("option idpName: is only meaningful with idpMetadata");
    }

    @Test
    void loginWhenIdpNameWithIdpEntityIdThenOptionProblem() {
        Map<String, Object> options = options("second");
        options.put("idpEntityId", demo.idp.entityId());
        assertThat(failure(options)).hasMessageContaining("option idpName: cannot be combined with idpEntityId");
    }

    private static Map<String, Object> mdqOptions(String entityId) {
        Map<String, Object> options = demo.clientOptions();
        options.remove("idpUrl");
        options.put("idpEntityId", entityId);
        options.put("idpMdq", "http://127.0.0.1:" + mdq.getAddress().getPort());
        options.put("idpMetadataSigningCertificate", federationCert.toString());
        return options;
    }

    @Test
    void loginWhenIdpMdqThenEntityLookedUpAndCheckedThere() throws Exception {
        long before = demo.idp.assertionCount();
        Subject user = new Subject();
        SamlecLoginModule module = DemoSetup.module(user, DemoSetup.handler("alice", "alicepw"),
                mdqOptions(demo.idp.entityId()));
        assertThat(module.login()).isTrue();
        assertThat(module.commit()).isTrue();
        assertThat(demo.idp.assertionCount()).isEqualTo(before + 1);
        assertThat(SamlecCredential.newestIn(user).orElseThrow().idps()).singleElement()
                .satisfies(idp -> assertThat(idp.soapUrl()).isEqualTo(demo.idp.ssoUrl()));
    }

    @Test
    void loginWhenIdpMdqDoesNotKnowTheEntityThenIdpNotFoundNamingIdpEntityId() {
        assertThat(failure(mdqOptions("https://idp.unknown.example.org/idp")))
                .hasMessageStartingWith("idp_not_found: option idpEntityId: ").hasMessageContaining("HTTP 404");
    }

    @Test
    void loginWhenSignedMetadataValidLongerThanIdpMetadataMaxValidityThenMetadataInvalidBeforeAnyPassword() {
        // both fixtures are valid for a week
        long before = demo.idp.requestCount();
        Map<String, Object> aggregate = options("Second");
        aggregate.put("idpMetadataMaxValidity", "P1D");
        assertThat(failure(aggregate)).hasMessageStartingWith("metadata_invalid: option idpMetadata: ")
                .hasMessageContaining("longest validity allowed, 1 day");
        Map<String, Object> mdqAnswer = mdqOptions(demo.idp.entityId());
        mdqAnswer.put("idpMetadataMaxValidity", "P1D");
        assertThat(failure(mdqAnswer)).hasMessageStartingWith("metadata_invalid: option idpMdq: ")
                .hasMessageContaining("longest validity allowed, 1 day");
        assertThat(demo.idp.requestCount()).isEqualTo(before);
    }

    @Test
    void loginWhenIdpMdqAnswerSignedByAnotherKeyThenSignatureInvalid() {
        Map<String, Object> options = mdqOptions(demo.idp.entityId());
        options.put("idpMetadataSigningCertificate", demo.writePem("mdq-other.pem",
                List.of(TestCredentials.attacker().certificate())).toString());
        assertThat(failure(options)).hasMessageStartingWith("metadata_signature_invalid: option idpMdq: ");
    }

    @Test
    void loginWhenIdpMdqWithoutSigningCertificateOrEntityIdThenOptionProblems() {
        Map<String, Object> options = mdqOptions(demo.idp.entityId());
        options.remove("idpMetadataSigningCertificate");
        options.remove("idpEntityId");
        options.put("idpUrl", demo.idp.ssoUrl().toString());
        assertThat(failure(options)).hasMessageContaining("option idpMetadataSigningCertificate: is required with"
                + " idpMdq").hasMessageContaining("option idpEntityId: is required with idpMdq")
                .hasMessageContaining("option idpMdq: cannot be combined with idpUrl");
    }

    private static SamlIdentity exchange(Subject user) throws Exception {
        Subject service = new Subject();
        Map<String, Object> acceptorOptions = demo.acceptorOptions();
        SamlecLoginModule module = DemoSetup.module(service, null, acceptorOptions);
        module.login();
        module.commit();
        SamlecAcceptor acceptor = service.getPublicCredentials(SamlecAcceptor.class).iterator().next();
        return SaslExchanges.exchange(acceptor, user);
    }
}
