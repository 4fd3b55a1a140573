package dev.samlec.jaas;

import static dev.samlec.jaas.SaslExchanges.exchange;
import static dev.samlec.jaas.SaslExchanges.refusal;
import static dev.samlec.jaas.SaslExchanges.user;
import static dev.samlec.testkit.FederationMetadataBuilder.ENTITY_CATEGORY;
import static dev.samlec.testkit.FederationMetadataBuilder.REFEDS_RS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlAttribute;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.metadata.RefreshedIdpTrust;
import dev.samlec.mech.service.IdpTrustSource;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSaslProvider;
import dev.samlec.testkit.DemoAttributes;
import dev.samlec.testkit.DemoDirectory;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.FederationMetadataBuilder;
import dev.samlec.testkit.GeneratedKeys;
import dev.samlec.testkit.ServiceProviderRegistration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service trusting a whole federation, end to end with real parts: three running demo IdPs (different entityIDs,
 * keys and scopes) in a signed aggregate the test generates, a JAAS acceptor reading it with the federation's
 * certificate, and SAML20EC exchanges through the real SASL provider. Rogue demo IdPs forge assertions: one
 * naming IdP 2 as Issuer but signed with IdP 1's key, one naming IdP 1 signed with the encryption-only key IdP 1's
 * metadata lists.
 */
class FederationLoginTest {
    private static final SigningKey FEDERATION = GeneratedKeys.rsa("test federation");
    private static final SigningKey KEY1 = GeneratedKeys.rsa("idp1");
    private static final SigningKey KEY2 = GeneratedKeys.ec("idp2");
    private static final SigningKey KEY3 = GeneratedKeys.rsa("idp3");
    private static final SigningKey ENCRYPTION1 = GeneratedKeys.rsa("idp1 encryption");
    private static final String AUTHORITY = "https://registrar.example.org/";

    @TempDir
    static Path dir;
    private static DemoDirectory directory;
    private static final List<DemoIdp> IDPS = new ArrayList<>();
    private static DemoIdp idp1;
    private static DemoIdp idp2;
    private static DemoIdp idp3;
    private static Path aggregate;
    private static Path federationPem;

    @BeforeAll
    static void start() throws Exception {
        SamlecSaslProvider.install();
        directory = DemoDirectory.start();
        idp1 = idp(DemoIdp.builder().entityId("https://idp1.example.org/idp").signingKey(KEY1)
                .scope("idp1.example.org"));
        idp2 = idp(DemoIdp.builder().entityId("https://idp2.example.edu/idp").signingKey(KEY2)
                .scope("idp2.example.edu"));
        idp3 = idp(DemoIdp.builder().entityId("https://idp3.example.net/idp").signingKey(KEY3)
                .scope("idp3.example.net"));
        byte[] xml = FederationMetadataBuilder.aggregate("urn:test:federation")
                .add(FederationMetadataBuilder.Idp.of(idp1).encryptionCertificate(ENCRYPTION1.certificate())
                        .registrationAuthority(AUTHORITY).entityAttribute(ENTITY_CATEGORY, REFEDS_RS))
                .add(FederationMetadataBuilder.Idp.of(idp2).displayName("en", "Second University")
                        .registrationAuthority(AUTHORITY).entityAttribute(ENTITY_CATEGORY, REFEDS_RS))
                // IdP 3's metadata vouches for another scope than the one it asserts.
                .add(FederationMetadataBuilder.idp(idp3.entityId()).signingCertificate(KEY3.certificate())
                        .ecp(idp3.ssoUrl()).scope("elsewhere.example.net").registrationAuthority(AUTHORITY))
                .rawEntity(FederationMetadataBuilder.serviceProvider(DemoSetup.SERVICE_ENTITY_ID,
                        "https://kafka.localhost/acs"))
                .signedWith(FEDERATION).toBytes();
        aggregate = Files.write(dir.resolve("federation.xml"), xml);
        federationPem = SaslExchanges.pemFile(dir, "federation.pem", FEDERATION.certificate());
    }

    private static DemoIdp idp(DemoIdp.Builder builder) throws Exception {
        DemoIdp idp = builder.directory(directory).start();
        idp.registerServiceProvider(ServiceProviderRegistration.builder(DemoSetup.SERVICE_ENTITY_ID)
                .acsUrls(List.of(DemoSetup.SERVICE_NAME)).signingCertificate(TestCredentials.spSigning().certificate())
                .build());
        IDPS.add(idp);
        return idp;
    }

    @AfterAll
    static void stop() {
        IDPS.forEach(DemoIdp::close);
        if (directory != null) {
            directory.close();
        }
        SamlecSaslProvider.uninstall();
    }

    private static Map<String, Object> acceptorOptions(String... extra) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("isInitiator", "false");
        options.put("serviceEntityId", DemoSetup.SERVICE_ENTITY_ID);
        options.put("serviceName", DemoSetup.SERVICE_NAME);
        options.put("idpMetadata", aggregate.toString());
        options.put("idpMetadataSigningCertificate", federationPem.toString());
        // A federation's IdPs can each assert any NameID: the user name is the scope-checked ePPN.
        options.put("principalAttribute", "eduPersonPrincipalName");
        for (int i = 0; i < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return options;
    }

    private static SamlecAcceptor acceptor(String... extra) throws Exception {
        return SaslExchanges.acceptor(acceptorOptions(extra));
    }

    private static List<String> values(SamlIdentity identity, String name) {
        return identity.attribute(name).map(SamlAttribute::values).orElse(List.of());
    }

    @Test
    void saslWhenUserLogsInAtIdp2ThenAcceptedFromIdp2WithItsScopedAttributes() throws Exception {
        SamlIdentity identity = exchange(acceptor(), user(idp2, "alice"));

        assertThat(identity.issuer()).isEqualTo(idp2.entityId());
        assertThat(identity.nameId().value()).isEqualTo("alice");
        assertThat(values(identity, DemoAttributes.EPPN)).containsExactly("alice@idp2.example.edu");
        assertThat(values(identity, DemoAttributes.EPSA)).containsExactly("member@idp2.example.edu");
    }

    @Test
    void saslWhenUsersOfEachIdpLogInThenEachIsAcceptedFromItsOwnIdp() throws Exception {
        SamlecAcceptor acceptor = acceptor();
        assertThat(exchange(acceptor, user(idp1, "bob")).issuer()).isEqualTo(idp1.entityId());
        // IdP 3 asserts its users' ePPN outside its metadata scope, so they have no user name here.
        assertThat(refusal(acceptor, user(idp3, "carol"))).isEqualTo(EcpError.AUTHORIZATION_REFUSED);
    }

    @Test
    void loginWhenFederationTrustedAndNameIdIsThePrincipalThenInvalidConfiguration() throws Exception {
        Map<String, Object> options = acceptorOptions();
        options.remove("principalAttribute");
        SamlecLoginModule module = DemoSetup.module(new Subject(), null, options);
        assertThatThrownBy(module::login).hasMessageStartingWith("invalid_configuration: option principalAttribute: ")
                .hasMessageContaining("eduPersonPrincipalName");
        Map<String, Object> uid = acceptorOptions("principalAttribute", "uid");
        assertThatThrownBy(DemoSetup.module(new Subject(), null, uid)::login)
                .hasMessageStartingWith("invalid_configuration: option principalAttribute: ");
    }

    @Test
    void saslWhenIdpAssertsOutsideItsMetadataScopeThenValuesDroppedOrLoginRefused() throws Exception {
        // Dropped by default: the user name attribute is gone, so the login names nobody.
        assertThat(refusal(acceptor(), user(idp3, "alice"))).isEqualTo(EcpError.AUTHORIZATION_REFUSED);

        assertThat(refusal(acceptor("scopedAttributes", "refuse"), user(idp3, "alice")))
                .isEqualTo(EcpError.ATTRIBUTE_OUT_OF_SCOPE);
        assertThat(exchange(acceptor("scopedAttributes", "refuse"), user(idp2, "alice")).issuer())
                .isEqualTo(idp2.entityId());
    }

    @Test
    void saslWhenAssertionNamesIdp2ButIsSignedWithIdp1sKeyThenInvalidSignature() throws Exception {
        DemoIdp rogue = idp(DemoIdp.builder().entityId(idp2.entityId()).signingKey(KEY1).scope("idp2.example.edu"));

        assertThat(refusal(acceptor(), user(rogue, "alice"))).isEqualTo(EcpError.INVALID_SIGNATURE);
    }

    @Test
    void saslWhenAssertionIsSignedWithTheEncryptionKeyOfTrustedIdp1ThenInvalidSignature() throws Exception {
        DemoIdp rogue = idp(DemoIdp.builder().entityId(idp1.entityId()).signingKey(ENCRYPTION1));

        assertThat(refusal(acceptor(), user(rogue, "alice"))).isEqualTo(EcpError.INVALID_SIGNATURE);
    }

    @Test
    void saslWhenIdpIsFilteredOutThenInvalidIssuer() throws Exception {
        SamlecAcceptor researchOnly = acceptor("federationEntityAttribute", ENTITY_CATEGORY + "=" + REFEDS_RS);
        assertThat(refusal(researchOnly, user(idp3, "alice"))).isEqualTo(EcpError.INVALID_ISSUER);
        assertThat(exchange(researchOnly, user(idp2, "alice")).issuer()).isEqualTo(idp2.entityId());

        SamlecAcceptor onlyIdp1 = acceptor("federationEntityIds", idp1.entityId(),
                "federationRegistrationAuthority", AUTHORITY);
        assertThat(refusal(onlyIdp1, user(idp2, "alice"))).isEqualTo(EcpError.INVALID_ISSUER);
        assertThat(exchange(onlyIdp1, user(idp1, "alice")).issuer()).isEqualTo(idp1.entityId());
    }

    @Test
    void loginWhenAggregateValidLongerThanIdpMetadataMaxValidityThenMetadataInvalid() {
        // the aggregate is valid for a week (FederationMetadataBuilder's default for a signed root)
        Throwable t = catchThrowable(() -> acceptor("idpMetadataMaxValidity", "PT12H"));
        assertThat(t).hasMessageStartingWith("metadata_invalid: option idpMetadata: ")
                .hasMessageContaining("longest validity allowed, 12 hours");
        Throwable refreshed = catchThrowable(() -> acceptor("idpMetadataMaxValidity", "PT12H",
                "idpMetadataRefresh", "true"));
        assertThat(refreshed).hasMessageStartingWith("metadata_invalid: option idpMetadata: ");
    }

    @Test
    void loginWhenAggregateSignedByAnotherKeyThenMetadataSignatureInvalid() throws Exception {
        Path otherPem = SaslExchanges.pemFile(dir, "other.pem", GeneratedKeys.rsa("other").certificate());
        Throwable t = catchThrowable(() -> acceptor("idpMetadataSigningCertificate", otherPem.toString()));
        assertThat(t).hasMessageStartingWith("metadata_signature_invalid: option idpMetadata: ");
    }

    @Test
    void saslWhenAggregateKeptFreshThenFilteredIdpsAcceptedAndRefreshStoppedAtLogout() throws Exception {
        Subject service = new Subject();
        SamlecLoginModule module = DemoSetup.module(service, null, acceptorOptions("idpMetadataRefresh", "true",
                "federationEntityIds", idp2.entityId()));
        module.login();
        module.commit();
        SamlecAcceptor acceptor = service.getPublicCredentials(SamlecAcceptor.class).iterator().next();
        IdpTrustSource trust = acceptor.provider().settings().idpTrust();
        assertThat(trust).isInstanceOf(RefreshedIdpTrust.class);

        assertThat(exchange(acceptor, user(idp2, "alice")).issuer()).isEqualTo(idp2.entityId());
        assertThat(refusal(acceptor, user(idp1, "bob"))).isEqualTo(EcpError.INVALID_ISSUER);

        module.logout();
        assertThatThrownBy(() -> trust.find(idp2.entityId())).isInstanceOf(EcpException.class);
    }

    @Test
    void loginWhenRefreshAskedForOneIdpThenInvalidConfiguration() {
        SamlecLoginModule module = DemoSetup.module(new Subject(), null, acceptorOptions("idpMetadataRefresh", "true",
                "idpEntityId", idp2.entityId()));
        assertThatThrownBy(module::login).hasMessageContaining("idpMetadataRefresh");
    }
}
