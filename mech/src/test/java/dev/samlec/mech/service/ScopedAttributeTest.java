package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SamlAttribute;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Scoped attributes (eduPersonPrincipalName, eduPersonScopedAffiliation, subject-id, pairwise-id) are accepted only
 * within the issuing IdP's scopes: values outside are dropped, or the login refused by option; an IdP from metadata
 * without scopes may assert none; an IdP configured by hand without scopes is not checked.
 */
class ScopedAttributeTest {
    private static final String EPPN = "urn:oid:1.3.6.1.4.1.5923.1.1.1.6";
    private static final String EPSA = "urn:oid:1.3.6.1.4.1.5923.1.1.1.9";
    private static final String SUBJECT_ID = "urn:oasis:names:tc:SAML:attribute:subject-id";
    private static final String PAIRWISE_ID = "urn:oasis:names:tc:SAML:attribute:pairwise-id";

    private static IdpTrust trust(TrustedIdp idp) {
        return IdpTrust.builder().add(idp).build();
    }

    private static TrustedIdp scoped(IdpScope... scopes) {
        return new TrustedIdp(TestSamlObjects.IDP, List.of(TestCredentials.idp().certificate()), List.of(scopes));
    }

    private static ServiceFixture fixture(TrustedIdp idp, ScopedAttributePolicy policy) {
        return new ServiceFixture().configure(b -> b.idpTrust(trust(idp)).scopedAttributes(policy));
    }

    private static byte[] response(String name, String friendlyName, String... values) {
        return TestSamlObjects.signedAssertion().assertion(a -> a.attribute(name, friendlyName, values)).bytes();
    }

    private static Optional<SamlAttribute> attribute(SamlIdentity identity, String name) {
        return identity.attributes().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {EPPN, EPSA, SUBJECT_ID, PAIRWISE_ID})
    void validateWhenValuesInAndOutOfScopeThenOnlyInScopeKept(String name) throws Exception {
        SamlIdentity identity = fixture(scoped(IdpScope.literal("example.org")), ScopedAttributePolicy.DROP)
                .validate(response(name, null, "alice@example.org", "alice@EXAMPLE.ORG", "mallory@evil.org",
                        "noscope", "trailing@", "a@evil.org@example.org"));
        assertThat(attribute(identity, name).orElseThrow().values())
                .containsExactly("alice@example.org", "alice@EXAMPLE.ORG", "a@evil.org@example.org");
        assertThat(identity.attribute(TestSamlObjects.MAIL_OID)).isPresent();
    }

    @Test
    void validateWhenEveryValueIsOutOfScopeThenTheAttributeIsGone() throws Exception {
        SamlIdentity identity = fixture(scoped(IdpScope.literal("example.org")), ScopedAttributePolicy.DROP)
                .validate(response(EPPN, "eduPersonPrincipalName", "admin@other.edu"));
        assertThat(identity.attribute("eduPersonPrincipalName")).isEmpty();
        assertThat(identity.attribute(EPPN)).isEmpty();
        assertThat(identity.nameId().value()).isEqualTo(TestSamlObjects.NAME_ID);
    }

    @Test
    void validateWhenRefusePolicyAndAValueIsOutOfScopeThenAttributeOutOfScope() {
        assertError(EcpError.ATTRIBUTE_OUT_OF_SCOPE, () -> fixture(scoped(IdpScope.literal("example.org")),
                ScopedAttributePolicy.REFUSE).validate(response(EPSA, null, "member@example.org", "staff@evil.org")));
    }

    @Test
    void validateWhenRefusePolicyAndEveryValueInScopeThenAccepted() throws Exception {
        SamlIdentity identity = fixture(scoped(IdpScope.literal("example.org")), ScopedAttributePolicy.REFUSE)
                .validate(response(EPSA, null, "member@example.org"));
        assertThat(attribute(identity, EPSA).orElseThrow().values()).containsExactly("member@example.org");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"dept.example.org, true", "a.b.example.org, true", "example.org, false", "dept.example.org.evil, false",
        "deptXexample.org, false"})
    void validateWhenRegexpScopeThenWholeMatchRequired(String scope, boolean kept) throws Exception {
        SamlIdentity identity = fixture(scoped(IdpScope.regexp("^.+\\.example\\.org$")), ScopedAttributePolicy.DROP)
                .validate(response(EPPN, null, "alice@" + scope));
        assertThat(attribute(identity, EPPN)).matches(a -> a.isPresent() == kept);
    }

    @ParameterizedTest(name = "Name {0} FriendlyName {1}")
    @CsvSource({"eduPersonPrincipalName, ", "urn:mace:dir:attribute-def:eduPersonPrincipalName, ",
        "urn:example:eppn, eduPersonPrincipalName", "subject-id, ", "urn:example:x, pairwise-id",
        "EDUPERSONSCOPEDAFFILIATION, "})
    void validateWhenScopedAttributeHasAnotherNameFormThenStillChecked(String name, String friendlyName)
            throws Exception {
        SamlIdentity identity = fixture(scoped(IdpScope.literal("example.org")), ScopedAttributePolicy.DROP)
                .validate(response(name, friendlyName, "root@evil.org"));
        assertThat(attribute(identity, name)).isEmpty();
    }

    @Test
    void validateWhenUnscopedAttributeLooksScopedThenUntouched() throws Exception {
        SamlIdentity identity = fixture(scoped(IdpScope.literal("example.org")), ScopedAttributePolicy.REFUSE)
                .validate(response(TestSamlObjects.MAIL_OID, "mail", "alice@evil.org"));
        assertThat(identity.attribute("mail").orElseThrow().values()).containsExactly("alice@evil.org");
    }

    @Test
    void validateWhenIdpFromMetadataHasNoScopesThenEveryScopedValueIsDropped() throws Exception {
        TrustedIdp noScopes = TrustedIdp.withMetadataScopes(TestSamlObjects.IDP,
                List.of(TestCredentials.idp().certificate()), List.of());
        SamlIdentity identity = fixture(noScopes, ScopedAttributePolicy.DROP)
                .validate(response(EPPN, null, "alice@example.org"));
        assertThat(attribute(identity, EPPN)).isEmpty();
        assertError(EcpError.ATTRIBUTE_OUT_OF_SCOPE, () -> fixture(noScopes, ScopedAttributePolicy.REFUSE)
                .validate(response(EPPN, null, "alice@example.org")));
    }

    @Test
    void validateWhenIdpConfiguredByHandWithoutScopesThenNotChecked() throws Exception {
        TrustedIdp byHand = new TrustedIdp(TestSamlObjects.IDP, List.of(TestCredentials.idp().certificate()));
        SamlIdentity identity = fixture(byHand, ScopedAttributePolicy.REFUSE)
                .validate(response(EPPN, null, "alice@anywhere.org"));
        assertThat(attribute(identity, EPPN).orElseThrow().values()).containsExactly("alice@anywhere.org");
    }

    @Test
    void validateWhenTwoIdpsThenEachIsCheckedAgainstItsOwnScopes() throws Exception {
        IdpTrust two = IdpTrust.builder()
                .add(new TrustedIdp(TestSamlObjects.IDP, List.of(TestCredentials.idp().certificate()),
                        List.of(IdpScope.literal("example.org"))))
                .add(new TrustedIdp(TestSamlObjects.IDP2, List.of(TestCredentials.idp2().certificate()),
                        List.of(IdpScope.literal("example.net"))))
                .build();
        ServiceFixture fixture = new ServiceFixture().configure(b -> b.idpTrust(two));
        byte[] fromIdp2 = TestSamlObjects.signedAssertion().issuer(TestSamlObjects.IDP2)
                .signAssertionWith(TestCredentials.idp2())
                .assertion(a -> a.attribute(EPPN, null, "bob@example.net", "alice@example.org")).bytes();
        SamlIdentity identity = fixture.validate(fromIdp2);
        assertThat(identity.issuer()).isEqualTo(TestSamlObjects.IDP2);
        assertThat(attribute(identity, EPPN).orElseThrow().values()).containsExactly("bob@example.net");
    }

    @Test
    void settingsWhenNotSetThenDrop() throws Exception {
        assertThat(new ServiceFixture().settings().scopedAttributes()).isEqualTo(ScopedAttributePolicy.DROP);
    }
}
