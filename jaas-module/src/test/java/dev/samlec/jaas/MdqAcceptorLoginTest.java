package dev.samlec.jaas;

import static dev.samlec.jaas.SaslExchanges.exchange;
import static dev.samlec.jaas.SaslExchanges.refusal;
import static dev.samlec.jaas.SaslExchanges.user;
import static dev.samlec.testkit.FederationMetadataBuilder.ENTITY_CATEGORY;
import static dev.samlec.testkit.FederationMetadataBuilder.REFEDS_RS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.metadata.MdqTrustSource;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSaslProvider;
import dev.samlec.testkit.DemoDirectory;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoMdq;
import dev.samlec.testkit.FederationMetadataBuilder;
import dev.samlec.testkit.GeneratedKeys;
import dev.samlec.testkit.ServiceProviderRegistration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.LoginContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * A JAAS acceptor trusting the IdPs a Metadata Query (MDQ) service describes ({@code idpMdq}), end to end: running
 * demo IdPs, a loopback MDQ service answering each IdP's EntityDescriptor signed by the federation's key (one of
 * them without the research category, one signed by another key, one running IdP it does not know), and SAML20EC
 * exchanges through the real SASL provider.
 */
class MdqAcceptorLoginTest {
    private static final SigningKey FEDERATION = GeneratedKeys.rsa("mdq signer");

    @TempDir
    static Path dir;
    private static DemoDirectory directory;
    private static final List<DemoIdp> IDPS = new ArrayList<>();
    private static DemoIdp research;
    private static DemoIdp plain;
    private static DemoIdp badlySigned;
    private static DemoIdp unknown;
    private static DemoIdp signedOnly;
    private static DemoIdp lifelong;
    private static DemoMdq mdq;
    private static Path federationPem;

    @BeforeAll
    static void start() throws Exception {
        SamlecSaslProvider.install();
        directory = DemoDirectory.start();
        research = idp("https://idp1.example.org/idp", "idp1.example.org");
        plain = idp("https://idp2.example.edu/idp", "idp2.example.edu");
        badlySigned = idp("https://idp3.example.net/idp", "idp3.example.net");
        unknown = idp("https://idp4.example.com/idp", "idp4.example.com");
        signedOnly = idp(DemoIdp.builder().requireSignedRequests(), "https://idp5.example.org/idp",
                "idp5.example.org");
        lifelong = idp("https://idp6.example.org/idp", "idp6.example.org");
        federationPem = SaslExchanges.pemFile(dir, "mdq.pem", FEDERATION.certificate());
        mdq = DemoMdq.http();
        mdq.serve(research.entityId(), answer(FederationMetadataBuilder.Idp.of(research)
                .entityAttribute(ENTITY_CATEGORY, REFEDS_RS), FEDERATION));
        mdq.serve(plain.entityId(), answer(FederationMetadataBuilder.Idp.of(plain), FEDERATION));
        mdq.serve(signedOnly.entityId(), answer(FederationMetadataBuilder.Idp.of(signedOnly)
                .wantAuthnRequestsSigned(true), FEDERATION));
        mdq.serve(lifelong.entityId(), FederationMetadataBuilder.aggregate("urn:test:mdq")
                .add(FederationMetadataBuilder.Idp.of(lifelong)).validUntil(null).signedWith(FEDERATION).toBytes());
        mdq.serve(badlySigned.entityId(), answer(FederationMetadataBuilder.Idp.of(badlySigned)
                .entityAttribute(ENTITY_CATEGORY, REFEDS_RS), GeneratedKeys.rsa("not the mdq signer")));
    }

    private static DemoIdp idp(String entityId, String scope) throws Exception {
        return idp(DemoIdp.builder(), entityId, scope);
    }

    private static DemoIdp idp(DemoIdp.Builder builder, String entityId, String scope) throws Exception {
        DemoIdp idp = builder.entityId(entityId).signingKey(GeneratedKeys.rsa(entityId)).scope(scope)
                .directory(directory).start();
        idp.registerServiceProvider(ServiceProviderRegistration.builder(DemoSetup.SERVICE_ENTITY_ID)
                .acsUrls(List.of(DemoSetup.SERVICE_NAME)).signingCertificate(TestCredentials.spSigning().certificate())
                .build());
        IDPS.add(idp);
        return idp;
    }

    /** An MDQ answer: the IdP's entity in a one-entity aggregate signed by {@code signer}. */
    private static byte[] answer(FederationMetadataBuilder.Idp idp, SigningKey signer) {
        return FederationMetadataBuilder.aggregate("urn:test:mdq").add(idp).signedWith(signer).toBytes();
    }

    @AfterAll
    static void stop() {
        if (mdq != null) {
            mdq.close();
        }
        IDPS.forEach(DemoIdp::close);
        if (directory != null) {
            directory.close();
        }
        SamlecSaslProvider.uninstall();
    }

    private int askedBefore;

    @BeforeEach
    void mark() {
        askedBefore = mdq.asked().size();
    }

    /** The entityIDs the MDQ service was asked for since this test began. */
    private List<String> askedNow() {
        List<String> all = mdq.asked();
        return all.subList(askedBefore, all.size());
    }

    private static Map<String, Object> options(String... extra) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("isInitiator", "false");
        options.put("serviceEntityId", DemoSetup.SERVICE_ENTITY_ID);
        options.put("serviceName", DemoSetup.SERVICE_NAME);
        options.put("idpMdq", mdq.url());
        options.put("idpMetadataSigningCertificate", federationPem.toString());
        options.put("allowInsecureHttp", "true");
        options.put("principalAttribute", "eduPersonPrincipalName");
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                options.remove(extra[i]);
            } else {
                options.put(extra[i], extra[i + 1]);
            }
        }
        return options;
    }

    @Test
    void saslWhenIdpKnownToMdqThenAcceptedAndLookedUpOnceAtItsFirstLogin() throws Exception {
        SamlecAcceptor acceptor = SaslExchanges.acceptor(options());
        assertThat(acceptor.provider().settings().idpTrust()).isInstanceOf(MdqTrustSource.class);
        assertThat(askedNow()).isEmpty(); // login() fetches nothing: IdPs are looked up when a Response names them

        assertThat(exchange(acceptor, user(plain, "alice")).issuer()).isEqualTo(plain.entityId());
        assertThat(exchange(acceptor, user(plain, "bob")).issuer()).isEqualTo(plain.entityId());
        assertThat(exchange(acceptor, user(research, "alice")).issuer()).isEqualTo(research.entityId());

        assertThat(askedNow()).containsExactly(plain.entityId(), research.entityId());
    }

    @Test
    void saslWhenMdqDoesNotKnowTheIssuerThenInvalidIssuer() throws Exception {
        assertThat(refusal(SaslExchanges.acceptor(options()), user(unknown, "alice")))
                .isEqualTo(EcpError.INVALID_ISSUER);
        assertThat(askedNow()).containsExactly(unknown.entityId());
    }

    @Test
    void saslWhenMdqAnswerSignedByAnotherKeyThenRefusedAsMetadataUnavailable() throws Exception {
        assertThat(refusal(SaslExchanges.acceptor(options()), user(badlySigned, "alice")))
                .isEqualTo(EcpError.METADATA_UNAVAILABLE);
    }

    @Test
    void saslWhenMdqAnswerSignedWithoutValidUntilThenRefusedUnlessMaxValidityNone() throws Exception {
        assertThat(refusal(SaslExchanges.acceptor(options()), user(lifelong, "alice")))
                .isEqualTo(EcpError.METADATA_UNAVAILABLE);

        SamlecAcceptor lenient = SaslExchanges.acceptor(options("idpMetadataMaxValidity", "none"));
        assertThat(exchange(lenient, user(lifelong, "alice")).issuer()).isEqualTo(lifelong.entityId());
    }

    @Test
    void saslWhenIdpEntityIdGivenThenOnlyThatIdpTrustedByNameIdAndOthersNeverAsked() throws Exception {
        // One IdP only: not a federation, so the NameID may name the user.
        SamlecAcceptor onlyResearch = SaslExchanges.acceptor(options("idpEntityId", research.entityId(),
                "principalAttribute", null));

        assertThat(refusal(onlyResearch, user(plain, "alice"))).isEqualTo(EcpError.INVALID_ISSUER);
        assertThat(exchange(onlyResearch, user(research, "alice")).nameId().value()).isEqualTo("alice");
        assertThat(askedNow()).containsExactly(research.entityId());
    }

    @Test
    void saslWhenTheOneIdpWantsSignedRequestsThenTheFirstRequestIsSigned() throws Exception {
        // The IdP refuses unsigned requests: without it looked up at login(), no Response would ever name it.
        Path key = Files.writeString(dir.resolve("sp-signing.key"), TestCredentials.read("sp-signing.key"));
        Path certificate = Files.writeString(dir.resolve("sp-signing.crt"), TestCredentials.read("sp-signing.crt"));
        SamlecAcceptor acceptor = SaslExchanges.acceptor(options("idpEntityId", signedOnly.entityId(),
                "principalAttribute", null, "signingKey", key.toString(), "signingCertificate",
                certificate.toString()));
        // looked up by login() itself, not later by a background refresh
        assertThat(acceptor.provider().settings().idpTrust().findWithoutFetching(signedOnly.entityId())).isPresent();
        assertThat(askedNow()).containsExactly(signedOnly.entityId());

        assertThat(exchange(acceptor, SaslExchanges.uncheckedUser(signedOnly, "alice")).issuer())
                .isEqualTo(signedOnly.entityId());
    }

    @Test
    void loginWhenTheOneIdpIsUnknownToMdqThenInvalidConfigurationNamingIdpEntityId() {
        SamlecLoginModule module = DemoSetup.module(new Subject(), null, options("idpEntityId",
                unknown.entityId(), "principalAttribute", null));
        assertThatThrownBy(module::login).hasMessageStartingWith("invalid_configuration: option idpEntityId: is not"
                + " an IdP the MDQ service");
    }

    @Test
    void saslWhenEntityAttributeFilterThenIdpWithoutTheCategoryRefused() throws Exception {
        SamlecAcceptor researchOnly = SaslExchanges.acceptor(options("federationEntityAttribute",
                ENTITY_CATEGORY + "=" + REFEDS_RS));

        assertThat(refusal(researchOnly, user(plain, "alice"))).isEqualTo(EcpError.INVALID_ISSUER);
        assertThat(exchange(researchOnly, user(research, "alice")).issuer()).isEqualTo(research.entityId());
    }

    @Test
    void loginWhenMdqTrustedAndNameIdIsThePrincipalThenInvalidConfiguration() {
        SamlecLoginModule module = DemoSetup.module(new Subject(), null, options("principalAttribute", null));
        assertThatThrownBy(module::login).hasMessageStartingWith("invalid_configuration: option principalAttribute: ")
                .hasMessageContaining("eduPersonPrincipalName");
    }

    @Test
    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    void readmeMdqSampleWhenItsHostsReplacedThenResearchIdpAcceptedAndOthersRefused() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int intro = readme.indexOf("In `jaas.conf`, an acceptor's `idpMdq=");
        assertThat(intro).as("the README's MDQ sample").isPositive();
        int start = readme.indexOf("```text\n", intro) + "```text\n".length();
        String conf = readme.substring(start, readme.indexOf("```", start));
        Map<String, String> replace = new LinkedHashMap<>();
        replace.put("https://mdq.example.org/global", mdq.url());
        replace.put("isInitiator=false", "isInitiator=false allowInsecureHttp=true"); // the test's MDQ is http
        replace.put("/etc/samlec/mdq-signer.pem", federationPem.toString());
        replace.put("https://broker.example.org/samlec", DemoSetup.SERVICE_ENTITY_ID);
        replace.put("kafka@broker.example.org", DemoSetup.SERVICE_NAME);
        for (Map.Entry<String, String> e : replace.entrySet()) {
            assertThat(conf).as("the README sample names " + e.getKey()).contains(e.getKey());
            conf = conf.replace(e.getKey(), e.getValue());
        }
        Path jaasConf = Files.writeString(dir.resolve("jaas-mdq.conf"), conf);

        DemoSetup.withJaasConfigFile(jaasConf, () -> {
            LoginContext service = new LoginContext("SamlecService");
            service.login();
            SamlecAcceptor acceptor = service.getSubject().getPublicCredentials(SamlecAcceptor.class).iterator()
                    .next();
            assertThat(exchange(acceptor, user(research, "alice")).issuer()).isEqualTo(research.entityId());
            assertThat(refusal(acceptor, user(plain, "alice"))).isEqualTo(EcpError.INVALID_ISSUER);
            service.logout();
        });
    }
}
