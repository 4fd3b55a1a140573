package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.metadata.IdpMetadata;
import dev.samlec.mech.metadata.MetadataAggregateReader;
import dev.samlec.mech.metadata.MetadataLoader;
import dev.samlec.mech.metadata.MetadataParser;
import dev.samlec.mech.metadata.RefreshedIdpTrust;
import dev.samlec.mech.metadata.RefreshingMetadata;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.IdpTrustSource;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.mech.testing.CapturedStandardError;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.FederationMetadataBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SAML20EC without {@code mut} or channel binding against demo IdPs, the acceptor trusting each through the metadata
 * it serves: an IdP whose metadata says {@code WantAuthnRequestsSigned="true"} (and which refuses unsigned requests)
 * gets a signed request and the login works; one that does not gets an unsigned request; no signing key for such an
 * IdP is refused when the acceptor is built, or, when refreshed metadata gains the flag later, warned about once
 * while the IdP refuses the unsigned requests.
 */
class SaslWantSignedRequestsTest {
    private static SaslFixture wanting;
    private static SaslFixture plain;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        wanting = new SaslFixture(DemoIdp.builder().requireSignedRequests());
        plain = new SaslFixture();
    }

    @AfterAll
    static void stop() {
        wanting.close();
        plain.close();
    }

    /** The IdP as its own metadata describes it: signing certificate and WantAuthnRequestsSigned. */
    private static IdpTrust trustFromMetadata(DemoIdp idp) throws Exception {
        IdpMetadata metadata = MetadataLoader.builder().build().load(idp.metadata(), "demo IdP metadata");
        return IdpTrust.of(metadata.toTrustedIdp());
    }

    private static SamlecAcceptor acceptor(SaslFixture fixture, IdpTrustSource trust,
            Consumer<ServiceProviderSettings.Builder> settings) throws Exception {
        return fixture.acceptor(s -> settings.accept(s.idpTrust(trust)), a -> { });
    }

    private static String challenge(SaslClient client, SaslServer server) throws Exception {
        return new String(server.evaluateResponse(client.evaluateChallenge(new byte[0])), StandardCharsets.UTF_8);
    }

    @Test
    void loginWhenIdpMetadataWantsSignedRequestsThenRequestSignedAndIdpAccepts() throws Exception {
        assertThat(new String(wanting.idp.metadata(), StandardCharsets.UTF_8))
                .contains("WantAuthnRequestsSigned=\"true\"");
        SamlecAcceptor acceptor = acceptor(wanting, trustFromMetadata(wanting.idp),
                s -> s.signingKey(TestCredentials.spSigning()));
        SaslClient client = wanting.client("alice", "alicepw");
        SaslServer server = wanting.server(acceptor);

        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
        assertThat(new String(challenge, StandardCharsets.UTF_8)).contains("SignatureValue");
        byte[] response = client.evaluateChallenge(challenge);

        assertThat(server.evaluateResponse(response)).isNull();
        assertThat(server.isComplete()).isTrue();
        assertThat(server.getAuthorizationID()).isEqualTo("alice");
    }

    @Test
    void loginWhenIdpMetadataDoesNotWantSignedRequestsThenUnsignedAlthoughKeyConfigured() throws Exception {
        assertThat(new String(plain.idp.metadata(), StandardCharsets.UTF_8))
                .contains("WantAuthnRequestsSigned=\"false\"");
        SamlecAcceptor acceptor = acceptor(plain, trustFromMetadata(plain.idp),
                s -> s.signingKey(TestCredentials.spSigning()));
        SaslClient client = plain.client("alice", "alicepw");
        SaslServer server = plain.server(acceptor);

        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
        assertThat(new String(challenge, StandardCharsets.UTF_8)).doesNotContain("Signature");
        server.evaluateResponse(client.evaluateChallenge(challenge));

        assertThat(server.isComplete()).isTrue();
    }

    @Test
    void acceptorWhenIdpWantsSignedRequestsAndNoSigningKeyThenWarningAndTheEnforcingIdpRefuses() throws Exception {
        IdpTrust trust = trustFromMetadata(wanting.idp);

        String log = CapturedStandardError.during(() -> {
            SamlecAcceptor acceptor = acceptor(wanting, trust, s -> { });
            SaslClient client = wanting.client("alice", "alicepw");
            String challenge = challenge(client, wanting.server(acceptor));
            assertThat(challenge).doesNotContain("Signature");
            assertThatThrownBy(() -> client.evaluateChallenge(challenge.getBytes(StandardCharsets.UTF_8)))
                    .hasMessageContaining("not signed");
        });

        assertThat(log).contains(wanting.idp.entityId()).contains("WantAuthnRequestsSigned")
                .contains("JAAS options signingKey");
    }

    @Test
    void loginWhenRefreshedMetadataGainsFlagWithoutKeyThenOneWarningAndIdpRefusesUnsigned() throws Exception {
        DemoIdp idp = wanting.idp;
        Path file = dir.resolve("idp.xml");
        Files.writeString(file, FederationMetadataBuilder.aggregate("urn:test").unsigned()
                .add(FederationMetadataBuilder.Idp.of(idp).wantAuthnRequestsSigned(false)).toXml());
        Clock clock = Clock.systemUTC();
        MetadataAggregateReader reader = MetadataAggregateReader.builder().unsigned().clock(clock).build();
        try (RefreshedIdpTrust trust = RefreshedIdpTrust.of(RefreshingMetadata.builder(
                MetadataParser.idpTrust(reader, clock)).file(file).clock(clock).start())) {
            SamlecAcceptor acceptor = acceptor(wanting, trust, s -> { }); // the copy in hand does not want signing

            Files.writeString(file, FederationMetadataBuilder.aggregate("urn:test").unsigned()
                    .add(FederationMetadataBuilder.Idp.of(idp)).toXml());
            trust.metadata().refreshNow();

            String log = CapturedStandardError.during(() -> {
                for (int i = 0; i < 2; i++) {
                    SaslClient client = wanting.client("alice", "alicepw");
                    String challenge = challenge(client, wanting.server(acceptor));
                    assertThat(challenge).doesNotContain("Signature");
                    assertThatThrownBy(() -> client.evaluateChallenge(challenge.getBytes(StandardCharsets.UTF_8)))
                            .hasMessageContaining("not signed");
                }
            });
            assertThat(log.lines().filter(l -> l.contains("WARN") && l.contains("RequestSigningRule")).count())
                    .isEqualTo(1);
            assertThat(log).contains(idp.entityId() + " now wants signed AuthnRequests").contains("will refuse");
        }
    }
}
