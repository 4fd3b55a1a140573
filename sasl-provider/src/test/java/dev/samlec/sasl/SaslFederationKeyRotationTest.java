package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.metadata.MetadataAggregateReader;
import dev.samlec.mech.metadata.MetadataParser;
import dev.samlec.mech.metadata.RefreshedIdpTrust;
import dev.samlec.mech.metadata.RefreshingMetadata;
import dev.samlec.mech.service.IdpTrustSource;
import dev.samlec.mech.service.TrustedIdp;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.FederationMetadataBuilder;
import dev.samlec.testkit.GeneratedKeys;
import dev.samlec.testkit.ServiceProviderRegistration;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An IdP's key rotation reaches a running SAML20EC service through its federation's refreshed metadata: the service
 * trusts a signed aggregate served over loopback HTTP; the demo IdP starts signing with a new key (a second demo IdP
 * with the same entityID and the new key) and the federation publishes it. Logins signed with the new key fail until
 * the refresh, then pass, and the old key is refused once the old copy is replaced, without restarting the acceptor.
 */
class SaslFederationKeyRotationTest {
    private static final SigningKey FEDERATION_KEY = GeneratedKeys.rsa("Test Federation Metadata Signer");

    private SaslFixture fixture;
    private DemoIdp rotated;
    private HttpServer federation;
    private volatile byte[] aggregate;
    private RefreshedIdpTrust trust;

    @BeforeEach
    void start() throws Exception {
        fixture = new SaslFixture();
        rotated = DemoIdp.builder().entityId(fixture.idp.entityId()).directory(fixture.idp.directory())
                .signingKey(TestCredentials.idp2()).start();
        rotated.registerServiceProvider(ServiceProviderRegistration.builder(SaslFixture.SP_ENTITY_ID)
                .acsUrls(List.of(SaslFixture.SERVICE)).build());
        aggregate = signedAggregate(fixture.idp);
        federation = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        federation.createContext("/federation.xml", exchange -> {
            byte[] body = aggregate;
            exchange.getResponseHeaders().add("Content-Type", "application/samlmetadata+xml");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        federation.start();
        Clock clock = Clock.systemUTC();
        MetadataAggregateReader reader = MetadataAggregateReader.builder().clock(clock)
                .verifySignatureWith(List.of(FEDERATION_KEY.certificate())).build();
        trust = RefreshedIdpTrust.of(RefreshingMetadata.builder(MetadataParser.idpTrust(reader, clock))
                .url(URI.create("http://127.0.0.1:" + federation.getAddress().getPort() + "/federation.xml"))
                .allowInsecureHttp(true).clock(clock).start());
    }

    @AfterEach
    void stop() {
        if (trust != null) {
            trust.close();
        }
        if (federation != null) {
            federation.stop(0);
        }
        if (rotated != null) {
            rotated.close();
        }
        fixture.close();
    }

    @Test
    void loginWhenIdpKeyRotatedThenAcceptedAfterRefreshAndOldKeyRefusedWithoutRestart() throws Exception {
        SamlecAcceptor acceptor = fixture.acceptor(s -> s.idpTrust(byNameId(trust)), a -> { });
        assertThat(login(acceptor, fixture.idp).nameId().value()).isEqualTo("alice");

        aggregate = signedAggregate(rotated);
        assertThatThrownBy(() -> login(acceptor, rotated)).hasMessageStartingWith("invalid_signature: ");

        trust.metadata().refreshNow();

        assertThat(login(acceptor, rotated).nameId().value()).isEqualTo("alice");
        assertThatThrownBy(() -> login(acceptor, fixture.idp)).hasMessageStartingWith("invalid_signature: ");
    }

    @Test
    void loginWhenRefreshedMetadataGrowsToSeveralIdpsThenNameIdPrincipalRefused() throws Exception {
        // One IdP: the NameID may name the user, as with a single IdP configured by hand.
        SamlecAcceptor acceptor = fixture.acceptor(s -> s.idpTrust(trust), a -> { });
        assertThat(login(acceptor, fixture.idp).nameId().value()).isEqualTo("alice");

        aggregate = FederationMetadataBuilder.aggregate("urn:example:federation")
                .validUntil(Instant.now().plus(Duration.ofDays(1))).add(fixture.idp)
                .add(FederationMetadataBuilder.idp("https://other.example.org/idp")
                        .signingCertificate(TestCredentials.idp2().certificate()).ecp(rotated.ssoUrl()))
                .signedWith(FEDERATION_KEY).toBytes();
        trust.metadata().refreshNow();

        // Now any of the federation's IdPs could assert NameID alice: the running acceptor refuses to map it.
        assertThatThrownBy(() -> login(acceptor, fixture.idp)).hasMessageStartingWith("invalid_configuration: ")
                .hasMessageContaining("principalAttribute");
        assertThatThrownBy(() -> fixture.acceptor(s -> s.idpTrust(trust), a -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("principalAttribute");
    }

    private SamlIdentity login(SamlecAcceptor acceptor, DemoIdp idp) throws Exception {
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, Map.of(), handler(idp));
        SaslServer server = fixture.server(acceptor);
        SaslFixture.run(client, server);
        return (SamlIdentity) server.getNegotiatedProperty(SamlecSasl.IDENTITY);
    }

    private static CallbackHandler handler(DemoIdp idp) {
        return callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof IdpCallback idps) {
                    try {
                        idps.setIdps(List.of(IdpEndpoint.builder(idp.entityId(), idp.ssoUrl()).allowInsecureHttp(true)
                                .responseTimeout(Duration.ofSeconds(10)).build()
                                .withCredentials(IdpCredentials.basic("alice", "alicepw".toCharArray()))));
                    } catch (Exception e) {
                        throw new IOException(e);
                    }
                } else if (callback instanceof NameCallback name) {
                    name.setName("alice");
                } else if (callback instanceof PasswordCallback pw) {
                    pw.setPassword("alicepw".toCharArray());
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        };
    }

    /** The federation's aggregate holding {@code idp} as it describes itself, valid for a day, signed. */
    private static byte[] signedAggregate(DemoIdp idp) {
        return FederationMetadataBuilder.aggregate("urn:example:federation")
                .validUntil(Instant.now().plus(Duration.ofDays(1))).cacheDuration(Duration.ofHours(1)).add(idp)
                .signedWith(FEDERATION_KEY).toBytes();
    }

    /**
     * The refreshed trust seen as a one-IdP source, so that this test's acceptor may name users by NameID (the demo
     * IdP of the fixture asserts no scoped attribute); the rule that a federation needs a scoped user name is tested
     * in FederationLoginTest. Lookups still go to the refreshed trust.
     */
    private static IdpTrustSource byNameId(RefreshedIdpTrust trust) {
        return new IdpTrustSource() {
            @Override
            public Optional<TrustedIdp> find(String entityId) throws EcpException {
                return trust.find(entityId);
            }

            @Override
            public String describe() {
                return trust.describe();
            }
        };
    }
}
