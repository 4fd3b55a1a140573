package dev.samlec.sasl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.NameId;
import dev.samlec.mech.SamlAttribute;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.IdpTrustSource;
import dev.samlec.mech.service.TrustedIdp;
import dev.samlec.mech.testing.TestCredentials;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The authentication ID taken from the principal attribute: exactly one Attribute, exactly one usable value. */
class ServerAuthorizationTest {
    private static final String UID_OID = "urn:oid:0.9.2342.19200300.100.1.1";

    private static final IdpTrustSource ONE_IDP = IdpTrust.of("https://idp.example.org",
            List.of(TestCredentials.idp().certificate()));
    /** A source that now trusts several IdPs (a federation). */
    private static final IdpTrustSource FEDERATION = new IdpTrustSource() {
        @Override
        public Optional<TrustedIdp> find(String entityId) {
            return Optional.empty();
        }

        @Override
        public boolean federated() {
            return true;
        }

        @Override
        public String describe() {
            return "test federation";
        }
    };

    @Test
    void authorizeWhenFederatedAndPrincipalNotAScopedUserNameThenInvalidConfiguration() throws Exception {
        SamlIdentity identity = identity(new SamlAttribute(
                "urn:oid:1.3.6.1.4.1.5923.1.1.1.6", "eduPersonPrincipalName", List.of("alice@example.org")),
                new SamlAttribute("uid", null, List.of("alice")));
        for (Optional<String> unscoped : List.of(Optional.<String>empty(), Optional.of("uid"))) {
            assertThatThrownBy(() -> new ServerAuthorization(null, unscoped, FEDERATION)
                    .authorize(identity, Optional.empty())).isInstanceOf(EcpException.class)
                    .extracting(e -> ((EcpException) e).error()).isEqualTo(EcpError.INVALID_CONFIGURATION);
        }
        assertThat(new ServerAuthorization(null, Optional.of("eduPersonPrincipalName"), FEDERATION)
                .authorize(identity, Optional.empty())).isEqualTo("alice@example.org");
    }

    private static SamlIdentity identity(SamlAttribute... attributes) {
        SamlIdentity.Builder b = SamlIdentity.builder().nameId(new NameId("_transient1", null, null, null, null))
                .issuer("https://idp.example.org").assertionId("_a").responseId("_r")
                .expiry(Instant.parse("2030-01-01T00:00:00Z"));
        for (SamlAttribute a : attributes) {
            b.attribute(a);
        }
        return b.build();
    }

    private static String authorize(String attribute, SamlIdentity identity) throws EcpException {
        return new ServerAuthorization(null, Optional.of(attribute), ONE_IDP).authorize(identity, Optional.empty());
    }

    @Test
    void authorizeWhenNoPrincipalAttributeThenNameId() throws Exception {
        assertThat(new ServerAuthorization(null, Optional.empty(), ONE_IDP).authorize(identity(), Optional.empty()))
                .isEqualTo("_transient1");
    }

    @Test
    void authorizeWhenAttributeNamedByNameThenItWinsOverAFriendlyNameMatch() throws Exception {
        SamlIdentity identity = identity(new SamlAttribute("urn:example:other", "uid", List.of("mallory")),
                new SamlAttribute("uid", null, List.of("alice")));

        assertThat(authorize("uid", identity)).isEqualTo("alice");
    }

    @Test
    void authorizeWhenOnlyFriendlyNameMatchesThenItsValue() throws Exception {
        assertThat(authorize("uid", identity(new SamlAttribute(UID_OID, "uid", List.of("alice"))))).isEqualTo("alice");
    }

    @Test
    void authorizeWhenTwoAttributeElementsMatchThenRefusedAsAmbiguous() {
        SamlIdentity identity = identity(new SamlAttribute(UID_OID, "uid", List.of("alice")),
                new SamlAttribute(UID_OID, "uid", List.of("bob")));

        assertThatThrownBy(() -> authorize(UID_OID, identity)).isInstanceOfSatisfying(EcpException.class,
                e -> assertThat(e.error()).isEqualTo(EcpError.AUTHORIZATION_REFUSED))
                .hasMessageContaining("2 Attribute elements");
    }

    @Test
    void authorizeWhenValueBlankOverlongOrWithControlCharactersThenRefused() {
        for (String bad : List.of(" ", "a".repeat(ServerAuthorization.MAX_NAME_LENGTH + 1), "alice\nUser:admin")) {
            assertThatThrownBy(() -> authorize("uid", identity(new SamlAttribute("uid", null, List.of(bad)))))
                    .as(bad).hasMessageContaining("blank, overlong");
        }
        assertThat(authorize0("a".repeat(ServerAuthorization.MAX_NAME_LENGTH))).hasSize(256);
    }

    private static String authorize0(String value) {
        try {
            return authorize("uid", identity(new SamlAttribute("uid", null, List.of(value))));
        } catch (EcpException e) {
            throw new AssertionError(e);
        }
    }
}
