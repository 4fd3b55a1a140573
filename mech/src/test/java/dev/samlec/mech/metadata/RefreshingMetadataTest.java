package dev.samlec.mech.metadata;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.service.IdpTrustSource;
import dev.samlec.mech.testing.CapturedStandardError;
import dev.samlec.mech.testing.MutableClock;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import dev.samlec.mech.service.ValidationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Background refresh of a signed aggregate served by a loopback HTTP server with ETag/Last-Modified and 304. */
class RefreshingMetadataTest {
    private static final String IDP = TestSamlObjects.IDP;
    private static final String IDP2 = TestSamlObjects.IDP2;
    private static final Instant NOW = TestSamlObjects.NOW;
    private static final Instant VALID_UNTIL = NOW.plus(Duration.ofDays(7));

    private final MutableClock clock = new MutableClock(NOW);
    private final MetadataServer server = newServer();
    private RefreshingMetadata<IdpTrustSource> metadata;

    @AfterEach
    void stop() {
        if (metadata != null) {
            metadata.close();
        }
        server.close();
    }

    private static MetadataServer newServer() {
        try {
            return new MetadataServer();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Federation federation() {
        return new Federation().idp(IDP, TestCredentials.idp().certificate())
                .idp(IDP2, TestCredentials.idp2().certificate()).validUntil(VALID_UNTIL)
                .cacheDuration(Duration.ofHours(1));
    }

    private MetadataParser<IdpTrustSource> parser() throws Exception {
        return MetadataParser.idpTrust(MetadataAggregateReader.builder().clock(clock)
                .verifySignatureWith(List.of(Federation.signerCertificate())).build(), clock);
    }

    private RefreshingMetadata.Builder<IdpTrustSource> builder() throws Exception {
        return RefreshingMetadata.builder(parser()).url(server.url()).allowInsecureHttp(true).clock(clock)
                .random(new Random(1))
                .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private RefreshingMetadata<IdpTrustSource> started() throws Exception {
        server.serve(federation().signed());
        metadata = builder().start();
        return metadata;
    }

    @Test
    void startWhenServedThenIdpsTrustedWithTheirOwnKeysAndRefreshPlannedFromCacheDuration() throws Exception {
        started();

        assertThat(metadata.current().find(IDP).orElseThrow().signingCertificates())
                .containsExactly(TestCredentials.idp().certificate());
        assertThat(metadata.current().find(IDP2).orElseThrow().signingCertificates())
                .containsExactly(TestCredentials.idp2().certificate());
        assertThat(metadata.current().find("https://unknown.example.org/idp")).isEmpty();
        assertThat(metadata.entities()).isEqualTo(2);
        assertThat(metadata.validUntil()).contains(VALID_UNTIL);
        assertThat(metadata.nextDelay()).isEqualTo(Duration.ofHours(1));
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void refreshWhenUnchangedThenConditionalGetAnswered304AndCopyKept() throws Exception {
        started();
        String etag = server.etag();

        metadata.refreshNow();
        metadata.refreshNow();

        assertThat(server.requests()).isEqualTo(3);
        assertThat(server.ifNoneMatchSeen()).containsExactly(etag, etag);
        assertThat(server.notModified()).isEqualTo(2);
        assertThat(metadata.current().find(IDP)).isPresent();
        assertThat(metadata.loadedAt()).isEqualTo(NOW);
    }

    @Test
    void refreshWhenOnlyLastModifiedThenIfModifiedSinceSentAnd304() throws Exception {
        server.sendEtag(false);
        started();

        metadata.refreshNow();

        assertThat(server.ifNoneMatchSeen()).isEmpty();
        assertThat(server.ifModifiedSinceSeen()).containsExactly("Tue, 1 Jan 2030 00:00:00 GMT");
        assertThat(server.notModified()).isEqualTo(1);
    }

    @Test
    void refreshWhenEtagOversizedThenNotSentBackButLastModifiedStillValidates() throws Exception {
        server.etagOverride("\"" + "e".repeat(300) + "\"");
        started();

        metadata.refreshNow();

        assertThat(server.ifNoneMatchSeen()).isEmpty();
        assertThat(server.ifModifiedSinceSeen()).hasSize(1);
        assertThat(server.notModified()).isEqualTo(1);
    }

    @Test
    void refreshWhenIdpKeyRotatedThenNewKeyAcceptedAndOldKeyRefusedWithoutRestart() throws Exception {
        started();
        ServiceFixture service = new ServiceFixture();
        service.clock.set(NOW);
        service.configure(b -> b.idpTrust(RefreshedIdpTrust.of(metadata)));
        AtomicInteger n = new AtomicInteger();

        assertThat(validate(service, n, TestCredentials.idp()).nameId().value()).isEqualTo("alice");
        assertError(EcpError.INVALID_SIGNATURE, () -> validate(service, n, TestCredentials.attacker()));

        // the federation publishes IDP with a new key (the attacker's stands in for it)
        server.serve(new Federation().idp(IDP, TestCredentials.attacker().certificate())
                .idp(IDP2, TestCredentials.idp2().certificate()).validUntil(VALID_UNTIL.plusSeconds(60)).signed());
        assertError(EcpError.INVALID_SIGNATURE, () -> validate(service, n, TestCredentials.attacker()));

        clock.advance(Duration.ofHours(1));
        service.clock.advance(Duration.ofHours(1));
        metadata.refreshNow();

        assertThat(validate(service, n, TestCredentials.attacker()).nameId().value()).isEqualTo("alice");
        assertError(EcpError.INVALID_SIGNATURE, () -> validate(service, n, TestCredentials.idp()));
        assertThat(metadata.validUntil()).contains(VALID_UNTIL.plusSeconds(60));
    }

    private static dev.samlec.mech.SamlIdentity validate(ServiceFixture service, AtomicInteger n,
            dev.samlec.mech.SigningKey key) throws EcpException {
        String request = TestSamlObjects.REQUEST_ID + "-" + n.incrementAndGet();
        service.tracker().track(request);
        Instant now = service.clock.instant();
        byte[] response = TestSamlObjects.signedAssertion().answering(request).issueInstant(now)
                .assertion(a -> a.id("_assertion-" + n.get()).issueInstant(now)
                        .notBefore(now.minusSeconds(60)).notOnOrAfter(now.plusSeconds(600))
                        .confirmationNotOnOrAfter(now.plusSeconds(300)))
                .signAssertionWith(key).bytes();
        return service.validate(response, ValidationContext.expect(request));
    }

    @Test
    void findWhenAnIdpsOwnValidUntilPassesWhileTheCopyIsInUseThenThatIdpNoLongerTrusted() throws Exception {
        Instant idpUntil = NOW.plus(Duration.ofHours(2));
        String shortLived = MetadataFixtures.idp(IDP, " validUntil=\"" + idpUntil + "\"", "",
                MetadataFixtures.keyDescriptor("signing", TestCredentials.idp().certificate()));
        String other = MetadataFixtures.simpleIdp(IDP2, "idp2.example.net", TestCredentials.idp2().certificate());
        server.serve(MetadataSigning.signRsaSha256(MetadataFixtures.utf8(MetadataFixtures.aggregate(
                " validUntil=\"" + VALID_UNTIL + "\"", shortLived, other)), Federation.signer().privateKey(),
                Federation.signerCertificate()));
        metadata = builder().start();
        assertThat(metadata.current().find(IDP)).isPresent();

        clock.set(idpUntil);

        assertThat(metadata.current().find(IDP)).isEmpty();
        assertThat(metadata.current().find(IDP2)).isPresent();
    }

    @Test
    void refreshWhenBadSignatureThenGoodCopyKeptAndOneWarnWithCodeAndNoStackTrace() throws Exception {
        started();
        server.serve(new Federation().idp(IDP, TestCredentials.attacker().certificate())
                .validUntil(VALID_UNTIL).signedBy(Federation.other()));

        String log = CapturedStandardError.during(metadata::refreshNow);

        assertThat(metadata.current().find(IDP).orElseThrow().signingCertificates())
                .containsExactly(TestCredentials.idp().certificate());
        // Santuario adds its own "Signature verification failed." WARN line, which samlec cannot silence
        assertThat(log.lines().filter(l -> l.contains("WARN") && l.contains("RefreshingMetadata"))).hasSize(1);
        assertThat(log).contains("refresh failed: metadata_signature_invalid").contains("keeping the copy in hand")
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(metadata.nextDelay()).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    @Test
    void refreshWhenOlderSignedDocumentReplayedThenRollbackRefusedAndCurrentCopyKept() throws Exception {
        started();
        // a genuine, correctly signed but older aggregate (earlier validUntil) carrying a rotated-out key
        server.serve(new Federation().idp(IDP, TestCredentials.attacker().certificate())
                .validUntil(VALID_UNTIL.minusSeconds(60)).signed());

        String log = CapturedStandardError.during(metadata::refreshNow);

        assertThat(metadata.current().find(IDP).orElseThrow().signingCertificates())
                .containsExactly(TestCredentials.idp().certificate());
        assertThat(metadata.validUntil()).contains(VALID_UNTIL);
        assertThat(log).contains("WARN").contains("refresh failed: metadata_invalid").contains("rollback refused")
                .contains("keeping the copy in hand").doesNotContain("\tat ");
        assertThat(metadata.nextDelay()).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));

        server.serve(new Federation().idp(IDP, TestCredentials.attacker().certificate())
                .validUntil(VALID_UNTIL).signed());
        metadata.refreshNow();
        assertThat(metadata.current().find(IDP).orElseThrow().signingCertificates())
                .containsExactly(TestCredentials.attacker().certificate());
    }

    @Test
    void startWhenPlainHttpUrlWithoutOptInThenInvalidConfigurationNamingTheOption() throws Exception {
        server.serve(federation().signed());

        EcpException e = assertError(EcpError.METADATA_INVALID,
                () -> RefreshingMetadata.builder(parser()).url(server.url()).clock(clock).start());

        assertThat(e.getMessage()).contains("allowInsecureHttp(true)").contains(server.url().toString());
        assertThat(server.requests()).isZero();
    }

    @Test
    void refreshWhenMalformedOrErrorStatusThenGoodCopyKept() throws Exception {
        started();
        server.serve("<md:EntitiesDescriptor".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        metadata.refreshNow();
        server.fail(503);
        metadata.refreshNow();

        assertThat(metadata.current().find(IDP)).isPresent();
    }

    @Test
    void refreshWhenFailuresRepeatThenBackoffDoublesUpToMaxAndResetsAfterSuccess() throws Exception {
        server.serve(federation().signed());
        metadata = builder().backoff(Duration.ofMinutes(1), Duration.ofMinutes(8)).start();
        server.fail(500);
        long[] expectedUpperSeconds = {60, 120, 240, 480, 480};

        for (long upper : expectedUpperSeconds) {
            metadata.refreshNow();
            assertThat(metadata.nextDelay()).isBetween(Duration.ofSeconds(upper / 2), Duration.ofSeconds(upper));
        }
        server.serve(federation().cacheDuration(Duration.ofMinutes(30)).signed());
        metadata.refreshNow();
        assertThat(metadata.nextDelay()).isEqualTo(Duration.ofMinutes(30));
        server.fail(500);
        metadata.refreshNow();
        assertThat(metadata.nextDelay()).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    @Test
    void currentWhenCopyExpiredAndNoNewerCopyThenMetadataUnavailable() throws Exception {
        started();
        server.fail(500);
        clock.set(VALID_UNTIL.minusSeconds(1));
        metadata.refreshNow();
        assertThat(metadata.current().find(IDP)).isPresent();

        clock.set(VALID_UNTIL);

        EcpException e = assertError(EcpError.METADATA_UNAVAILABLE, () -> RefreshedIdpTrust.of(metadata).find(IDP));
        assertThat(e.getMessage()).contains("expired at " + VALID_UNTIL).contains("metadata_invalid")
                .contains(server.url().toString());
    }

    @Test
    void currentWhenExpiredCopyStillServedAsNotModifiedThenMetadataUnavailable() throws Exception {
        started();
        clock.set(VALID_UNTIL.plusSeconds(1));

        String log = CapturedStandardError.during(metadata::refreshNow);

        assertThat(server.notModified()).isEqualTo(1);
        assertThat(log).contains("WARN").contains("expired");
        assertError(EcpError.METADATA_UNAVAILABLE, () -> metadata.current());
    }

    @Test
    void refreshWhenExpiredCopyThenNewerCopyRestoresLookups() throws Exception {
        started();
        clock.set(VALID_UNTIL.plusSeconds(1));
        assertError(EcpError.METADATA_UNAVAILABLE, () -> metadata.current());

        server.serve(federation().validUntil(VALID_UNTIL.plus(Duration.ofDays(7))).signed());
        metadata.refreshNow();

        assertThat(metadata.current().find(IDP)).isPresent();
    }

    @Test
    void startWhenFirstLoadFailsThenCodedErrorAndNoThreadLeft() throws Exception {
        server.fail(500);
        assertError(EcpError.METADATA_INVALID, () -> builder().start());

        server.serve(federation().signedBy(Federation.other()));
        assertError(EcpError.METADATA_SIGNATURE_INVALID, () -> builder().start());

        server.serve(federation().validUntil(NOW).signed());
        assertError(EcpError.METADATA_INVALID, () -> builder().start());

        assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("samlec-metadata-refresh") && t.isAlive())).isEmpty();
    }

    @Test
    void refreshWhenServerSlowThenLookupsAnswerFromOldCopyAtOnce() throws Exception {
        started();
        server.serve(new Federation().idp(IDP, TestCredentials.attacker().certificate())
                .validUntil(VALID_UNTIL.plusSeconds(60)).signed());
        server.holdAnswers();
        CompletableFuture<Void> refresh = CompletableFuture.runAsync(metadata::refreshNow);
        assertThat(server.awaitArrival()).isTrue();

        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            assertThat(metadata.current().find(IDP).orElseThrow().signingCertificates())
                    .containsExactly(TestCredentials.idp().certificate());
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(refresh).isNotDone();
        assertThat(elapsedMillis).isLessThan(2000);
        server.release();
        refresh.get(10, TimeUnit.SECONDS);
        assertThat(metadata.current().find(IDP).orElseThrow().signingCertificates())
                .containsExactly(TestCredentials.attacker().certificate());
    }

    @Test
    void schedulerWhenRunningThenRefreshesInBackgroundAndCloseStopsIt() throws Exception {
        server.serve(federation().signed());
        metadata = builder().refreshInterval(Duration.ofMillis(50), Duration.ofMillis(50)).start();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.requests() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.requests()).isGreaterThanOrEqualTo(4);
        assertThat(server.notModified()).isGreaterThanOrEqualTo(3);

        metadata.close();
        Thread.sleep(100);
        int after = server.requests();
        Thread.sleep(300);
        assertThat(server.requests()).isEqualTo(after);
        assertError(EcpError.METADATA_UNAVAILABLE, () -> metadata.current());
    }

    @Test
    void fileWhenUnchangedThenNotReparsedAndWhenChangedThenReloaded(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("federation.xml");
        Files.write(file, federation().signed());
        AtomicInteger parses = new AtomicInteger();
        MetadataParser<IdpTrustSource> parser = parser();
        MetadataParser<IdpTrustSource> counting = (xml, source) -> {
            parses.incrementAndGet();
            return parser.parse(xml, source);
        };
        metadata = RefreshingMetadata.builder(counting).file(file).clock(clock).start();

        metadata.refreshNow();
        assertThat(parses).hasValue(1);

        Files.write(file, new Federation().idp(IDP, TestCredentials.attacker().certificate())
                .validUntil(VALID_UNTIL).signed());
        Files.setLastModifiedTime(file, FileTime.from(NOW.plusSeconds(5)));
        metadata.refreshNow();

        assertThat(parses).hasValue(2);
        assertThat(metadata.current().find(IDP).orElseThrow().signingCertificates())
                .containsExactly(TestCredentials.attacker().certificate());
        assertThat(metadata.current().find(IDP2)).isEmpty();
    }

    @Test
    void fileWhenReplacedByBadDocumentThenGoodCopyKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("federation.xml");
        Files.write(file, federation().signed());
        metadata = RefreshingMetadata.builder(parser()).file(file).clock(clock).start();

        Files.write(file, federation().signedBy(Federation.other()));
        Files.setLastModifiedTime(file, FileTime.from(NOW.plusSeconds(5)));
        metadata.refreshNow();

        assertThat(metadata.current().find(IDP)).isPresent();
        assertThat(metadata.describe()).contains(file.toString()).contains("2 entities");
    }
}
