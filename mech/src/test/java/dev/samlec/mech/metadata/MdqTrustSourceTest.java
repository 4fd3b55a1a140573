package dev.samlec.mech.metadata;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.service.TrustedIdp;
import dev.samlec.mech.service.ValidationContext;
import dev.samlec.mech.testing.CapturedStandardError;
import dev.samlec.mech.testing.MutableClock;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The MDQ trust source against a loopback MDQ-style server with signed per-entity answers. */
class MdqTrustSourceTest {
    private static final String IDP = TestSamlObjects.IDP;
    private static final String IDP2 = TestSamlObjects.IDP2;
    private static final Instant NOW = TestSamlObjects.NOW;
    private static final Instant VALID_UNTIL = NOW.plus(Duration.ofDays(7));

    private final MutableClock clock = new MutableClock(NOW);
    private final MdqServer server = newServer();
    // its own threads: CompletableFuture's default on two cores is one thread on JDK 25 (a new one per task on 17)
    private final ExecutorService lookupThreads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        lookupThreads.shutdownNow();
        server.close();
    }

    private static MdqServer newServer() {
        try {
            return new MdqServer();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private MdqTrustSource.Builder builder() throws Exception {
        return MdqTrustSource.builder().baseUrl(server.base()).allowInsecureHttp(true).clock(clock)
                .verifySignatureWith(List.of(Federation.signerCertificate()))
                .timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(700));
    }

    private MdqTrustSource source() throws Exception {
        return builder().build();
    }

    private void serve(String entityId, SigningKey idpKey, Instant validUntil, Duration cacheDuration)
            throws Exception {
        server.serve(entityId, Federation.entity(entityId, idpKey.certificate(), validUntil, cacheDuration,
                Federation.signer()));
    }

    private static List<java.security.cert.X509Certificate> keysOf(Optional<TrustedIdp> idp) {
        return idp.orElseThrow().signingCertificates();
    }

    @Test
    void findWhenKnownThenFetchedOnceAsSamlMetadataAndCached() throws Exception {
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, Duration.ofHours(1));
        MdqTrustSource mdq = source();

        assertThat(keysOf(mdq.find(IDP))).containsExactly(TestCredentials.idp().certificate());
        assertThat(keysOf(mdq.find(IDP))).containsExactly(TestCredentials.idp().certificate());

        assertThat(server.requests()).isEqualTo(1);
        assertThat(server.paths()).containsExactly("/mdq/entities/https%3A%2F%2Fidp.example.org%2Fidp%2Fshibboleth");
        assertThat(server.accepts().get(0)).startsWith("application/samlmetadata+xml");
        assertThat(mdq.describe()).contains(server.base().toString()).contains("1 entities cached");
    }

    @Test
    void findWhenSha1IdentifiersThenTransformedIdentifierAsked() throws Exception {
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, null);
        MdqTrustSource mdq = builder().sha1Identifiers().build();

        assertThat(mdq.find(IDP)).isPresent();

        assertThat(server.paths()).containsExactly("/mdq/entities/%7Bsha1%7D" + MdqServer.sha1(IDP));
    }

    @Test
    void findWhenCacheDurationPassedThenAskedAgainConditionallyAnd304KeepsIt() throws Exception {
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, Duration.ofMinutes(10));
        MdqTrustSource mdq = source();
        mdq.find(IDP);

        clock.advance(Duration.ofMinutes(9));
        mdq.find(IDP);
        assertThat(server.requests()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        assertThat(mdq.find(IDP)).isPresent();
        assertThat(server.requests()).isEqualTo(2);
        assertThat(server.notModified()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(9));
        mdq.find(IDP);
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void findWhenCacheDurationLongerThanMaximumThenMaximumApplies() throws Exception {
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, Duration.ofDays(1));
        MdqTrustSource mdq = builder().cacheDuration(Duration.ZERO, Duration.ofHours(1)).build();
        mdq.find(IDP);

        clock.advance(Duration.ofMinutes(59));
        mdq.find(IDP);
        assertThat(server.requests()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(2));
        mdq.find(IDP);
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void findWhenKeyRotatedAtServiceThenNewKeyAfterCacheExpiry() throws Exception {
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, Duration.ofMinutes(10));
        MdqTrustSource mdq = source();
        assertThat(keysOf(mdq.find(IDP))).containsExactly(TestCredentials.idp().certificate());

        serve(IDP, TestCredentials.attacker(), VALID_UNTIL, Duration.ofMinutes(10));
        assertThat(keysOf(mdq.find(IDP))).containsExactly(TestCredentials.idp().certificate());
        clock.advance(Duration.ofMinutes(11));

        assertThat(keysOf(mdq.find(IDP))).containsExactly(TestCredentials.attacker().certificate());
    }

    @Test
    void findWhenValidUntilPassedAndServiceDownThenMetadataUnavailable() throws Exception {
        serve(IDP, TestCredentials.idp(), NOW.plus(Duration.ofMinutes(5)), Duration.ofHours(1));
        MdqTrustSource mdq = source();
        assertThat(mdq.find(IDP)).isPresent();
        server.fail(503);

        clock.advance(Duration.ofMinutes(5));

        assertError(EcpError.METADATA_UNAVAILABLE, () -> mdq.find(IDP));
    }

    @Test
    void findWhenValidUntilPassedAndServiceAnswers304ThenMetadataUnavailable() throws Exception {
        serve(IDP, TestCredentials.idp(), NOW.plus(Duration.ofMinutes(5)), Duration.ofHours(1));
        MdqTrustSource mdq = source();
        mdq.find(IDP);
        clock.advance(Duration.ofMinutes(6));

        EcpException e = assertError(EcpError.METADATA_UNAVAILABLE, () -> mdq.find(IDP));

        assertThat(server.notModified()).isEqualTo(1);
        assertThat(e.getMessage()).contains("expired");
    }

    @Test
    void findWhenRefreshFailsWithinValidUntilThenEarlierAnswerUsedAndRetriedLater() throws Exception {
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, Duration.ofMinutes(10));
        MdqTrustSource mdq = source();
        mdq.find(IDP);
        clock.advance(Duration.ofMinutes(11));
        server.fail(500);

        String log = CapturedStandardError.during(() -> assertThat(mdq.find(IDP)).isPresent());
        assertThat(mdq.find(IDP)).isPresent();

        assertThat(server.requests()).isEqualTo(2);
        assertThat(log).contains("WARN").contains("using the earlier answer").doesNotContain("\tat ");
        clock.advance(Duration.ofSeconds(61));
        mdq.find(IDP);
        assertThat(server.requests()).isEqualTo(3);
    }

    @Test
    void findWhenNotFoundThenNotTrustedAndRememberedForNegativeCacheDuration() throws Exception {
        MdqTrustSource mdq = builder().negativeCacheDuration(Duration.ofMinutes(10)).build();

        assertThat(mdq.find(IDP)).isEmpty();
        assertThat(mdq.find(IDP)).isEmpty();
        assertThat(server.requests()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(11));
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, null);
        assertThat(mdq.find(IDP)).isPresent();
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void findWhenServerErrorThenMetadataUnavailableAndNotCached() throws Exception {
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, null);
        server.fail(500);
        MdqTrustSource mdq = source();

        String log = CapturedStandardError.during(
                () -> assertError(EcpError.METADATA_UNAVAILABLE, () -> mdq.find(IDP)));
        assertThat(log).contains("WARN").contains("metadata_invalid").doesNotContain("\tat ");

        server.serve(IDP, Federation.entity(IDP, TestCredentials.idp().certificate(), VALID_UNTIL, null,
                Federation.signer()));
        assertThat(mdq.find(IDP)).isPresent();
    }

    @Test
    void findWhenServerTooSlowThenMetadataUnavailableWithinTheDeadline() throws Exception {
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, null);
        server.holdAnswers();
        MdqTrustSource mdq = source();

        long start = System.nanoTime();
        EcpException e = assertError(EcpError.METADATA_UNAVAILABLE, () -> mdq.find(IDP));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(millis).isLessThan(3000);
        assertThat(e.getMessage()).contains("call timeout of 700 ms");
    }

    @Test
    void findWhenAnswerSignedByAnotherKeyOrUnsignedThenMetadataUnavailable() throws Exception {
        server.serve(IDP, Federation.entity(IDP, TestCredentials.attacker().certificate(), VALID_UNTIL, null,
                Federation.other()));
        MdqTrustSource mdq = source();
        EcpException e = assertError(EcpError.METADATA_UNAVAILABLE, () -> mdq.find(IDP));
        assertThat(e.getMessage()).contains("metadata_signature_invalid");

        server.serve(IDP2, MetadataFixtures.utf8(MetadataFixtures.simpleIdp(IDP2, "idp2.example.net",
                TestCredentials.attacker().certificate())));
        e = assertError(EcpError.METADATA_UNAVAILABLE, () -> mdq.find(IDP2));
        assertThat(e.getMessage()).contains("not signed");
    }

    @Test
    void findWhenAnswerExpiredThenMetadataUnavailable() throws Exception {
        serve(IDP, TestCredentials.idp(), NOW, null);

        assertError(EcpError.METADATA_UNAVAILABLE, () -> source().find(IDP));
    }

    @Test
    void findWhenAnswerDescribesAnotherEntityThenNotTrusted() throws Exception {
        server.serve(IDP, Federation.entity(IDP2, TestCredentials.attacker().certificate(), VALID_UNTIL, null,
                Federation.signer()));
        server.serve(IDP2, MetadataSigning.signValidUntil(MetadataFixtures.utf8(MetadataFixtures.sp(IDP2)),
                Federation.signer().privateKey(), Federation.signerCertificate(), VALID_UNTIL));
        MdqTrustSource mdq = source();

        assertThat(mdq.find(IDP)).isEmpty();
        assertThat(mdq.find(IDP2)).isEmpty();
    }

    @Test
    void findWhenConcurrentLookupsOfOneEntityThenOneRequestInFlight() throws Exception {
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, null);
        MdqTrustSource mdq = builder().timeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5))
                .build();
        server.holdAnswers();
        List<CompletableFuture<Optional<TrustedIdp>>> lookups = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            lookups.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return mdq.find(IDP);
                } catch (EcpException e) {
                    throw new IllegalStateException(e);
                }
            }, lookupThreads));
        }
        assertThat(server.awaitArrival()).isTrue();
        Thread.sleep(200);
        server.release();

        for (CompletableFuture<Optional<TrustedIdp>> lookup : lookups) {
            assertThat(lookup.get(10, TimeUnit.SECONDS)).isPresent();
        }
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void findWhenWaitingForASlowRequestThenWaitersFailWithinTheirDeadline() throws Exception {
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, null);
        MdqTrustSource mdq = source();
        server.holdAnswers();
        CompletableFuture<Throwable> first = CompletableFuture.supplyAsync(() -> catchIt(mdq), lookupThreads);
        assertThat(server.awaitArrival()).isTrue();

        long start = System.nanoTime();
        Throwable waiter = catchIt(mdq);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(waiter).isInstanceOf(EcpException.class);
        assertThat(((EcpException) waiter).error()).isEqualTo(EcpError.METADATA_UNAVAILABLE);
        assertThat(millis).isLessThan(3000);
        assertThat(((EcpException) first.get(10, TimeUnit.SECONDS)).error()).isEqualTo(EcpError.METADATA_UNAVAILABLE);
        assertThat(server.requests()).isEqualTo(1);
    }

    private static Throwable catchIt(MdqTrustSource mdq) {
        try {
            mdq.find(IDP);
            return null;
        } catch (EcpException e) {
            return e;
        }
    }

    @Test
    void findWhenMoreEntitiesThanTheBoundThenLeastRecentlyUsedForgotten() throws Exception {
        String idp3 = "https://idp3.example.com/idp";
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, null);
        serve(IDP2, TestCredentials.idp2(), VALID_UNTIL, null);
        serve(idp3, TestCredentials.idpEc(), VALID_UNTIL, null);
        MdqTrustSource mdq = builder().maxEntries(2).build();

        mdq.find(IDP);
        mdq.find(IDP2);
        mdq.find(IDP);
        mdq.find(idp3);
        mdq.find(IDP);
        mdq.find(IDP2);

        assertThat(server.requests(IDP)).isEqualTo(1);
        assertThat(server.requests(IDP2)).isEqualTo(2);
        assertThat(mdq.describe()).contains("2 entities cached");
    }

    @Test
    void findWhenFloodOfUnknownIssuersThenTrustedEntitiesNotEvicted() throws Exception {
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, null);
        serve(IDP2, TestCredentials.idp2(), VALID_UNTIL, null);
        MdqTrustSource mdq = builder().maxEntries(2).maxNegativeEntries(3).build();
        mdq.find(IDP);
        mdq.find(IDP2);

        for (int i = 0; i < 20; i++) {
            assertThat(mdq.find("https://random-" + i + ".example.net/idp")).isEmpty();
        }
        assertThat(mdq.find(IDP)).isPresent();
        assertThat(mdq.find(IDP2)).isPresent();

        assertThat(server.requests(IDP)).isEqualTo(1);
        assertThat(server.requests(IDP2)).isEqualTo(1);
        assertThat(mdq.describe()).contains("2 entities cached, 3 not trusted");
        mdq.find("https://random-0.example.net/idp"); // pushed out of the negative LRU: asked again
        assertThat(server.requests("https://random-0.example.net/idp")).isEqualTo(2);
    }

    @Test
    void findWhenConcurrentFetchCapReachedThenUncachedEntityFailsFastAndCachedStillAnswers() throws Exception {
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, null);
        MdqTrustSource mdq = builder().maxConcurrentFetches(2)
                .timeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5)).build();
        assertThat(mdq.find(IDP)).isPresent();
        server.holdAnswers();
        List<CompletableFuture<Throwable>> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String name = "https://held-" + i + ".example.net/idp";
            held.add(CompletableFuture.supplyAsync(() -> catchIt(mdq, name), lookupThreads));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.requests() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.requests()).isEqualTo(3);

        long start = System.nanoTime();
        Throwable third = catchIt(mdq, "https://third.example.net/idp");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String log = CapturedStandardError.during(() -> {
            for (int i = 0; i < 50; i++) {
                catchIt(mdq, "https://flood-" + i + ".example.net/idp");
            }
        });

        assertThat(third).isInstanceOf(EcpException.class);
        assertThat(((EcpException) third).error()).isEqualTo(EcpError.METADATA_UNAVAILABLE);
        assertThat(third.getMessage()).contains("maxConcurrentFetches");
        assertThat(millis).isLessThan(500);
        assertThat(server.requests()).isEqualTo(3);
        assertThat(log.lines().filter(l -> l.contains("WARN") && l.contains("maxConcurrentFetches")))
                .hasSizeLessThan(2);
        assertThat(mdq.find(IDP)).isPresent();

        server.release();
        for (CompletableFuture<Throwable> lookup : held) {
            assertThat(lookup.get(10, TimeUnit.SECONDS)).isNull();
        }
        assertThat(catchIt(mdq, "https://third.example.net/idp")).isNull();
        assertThat(server.requests()).isEqualTo(4);
    }

    @Test
    void findWhen404WhileSignedAnswerStillValidThenKeptAsRefreshFailureAndRetried() throws Exception {
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, Duration.ofMinutes(10));
        MdqTrustSource mdq = source();
        mdq.find(IDP);
        clock.advance(Duration.ofMinutes(11));
        server.fail(404);

        String log = CapturedStandardError.during(() -> assertThat(mdq.find(IDP)).isPresent());

        assertThat(log).contains("WARN").contains("404").contains("using the earlier answer");
        assertThat(server.requests()).isEqualTo(2);
        assertThat(mdq.find(IDP)).isPresent();
        assertThat(server.requests()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(61));
        mdq.find(IDP);
        assertThat(server.requests()).isEqualTo(3);
    }

    @Test
    void findWhen304ForAnswerWithoutValidUntilThenKeptAtMostMaxCacheAfterTheLast200() throws Exception {
        serve(IDP, TestCredentials.idp(), null, Duration.ofMinutes(10));
        MdqTrustSource mdq = builder().cacheDuration(Duration.ZERO, Duration.ofHours(1))
                .validity(MetadataValidity.notRequired()).build();
        mdq.find(IDP);
        for (int i = 0; i < 5; i++) { // 304s at 11, 22, 33, 44, 55 min
            clock.advance(Duration.ofMinutes(11));
            mdq.find(IDP);
        }
        assertThat(server.notModified()).isEqualTo(5);
        assertThat(server.requests()).isEqualTo(6);

        clock.advance(Duration.ofMinutes(6)); // 61 min after the 200: asked again unconditionally
        assertThat(mdq.find(IDP)).isPresent();

        assertThat(server.requests()).isEqualTo(7);
        assertThat(server.notModified()).isEqualTo(5);
    }

    @Test
    void findWhenOlderSignedAnswerReplayedThenRollbackRefusedAndAnswerInHandKept() throws Exception {
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, Duration.ofMinutes(10));
        MdqTrustSource mdq = source();
        mdq.find(IDP);
        serve(IDP, TestCredentials.attacker(), VALID_UNTIL.minusSeconds(60), Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(11));

        String log = CapturedStandardError.during(
                () -> assertThat(keysOf(mdq.find(IDP))).containsExactly(TestCredentials.idp().certificate()));

        assertThat(log).contains("WARN").contains("metadata_invalid").contains("rollback refused");
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void findWhenAnswerWithoutValidUntilReplacesOneStillValidThenRefusedAndAnswerInHandKept() throws Exception {
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, Duration.ofMinutes(10));
        MdqTrustSource mdq = source();
        mdq.find(IDP);
        serve(IDP, TestCredentials.attacker(), null, Duration.ofMinutes(10)); // signed, but without validUntil
        clock.advance(Duration.ofMinutes(11));

        String log = CapturedStandardError.during(
                () -> assertThat(keysOf(mdq.find(IDP))).containsExactly(TestCredentials.idp().certificate()));

        assertThat(log).contains("WARN").contains("signed metadata without validUntil is refused");
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void findWhenAnswerWithoutValidUntilFirstThenNotTrusted() throws Exception {
        serve(IDP, TestCredentials.idp(), null, Duration.ofMinutes(10));

        EcpException e = assertError(EcpError.METADATA_UNAVAILABLE, () -> source().find(IDP));

        assertThat(e.getMessage()).contains("metadata_invalid").contains("without validUntil");
    }

    @Test
    void findWhenAnswerValidLongerThanTheLimitThenNotTrustedUnlessTheLimitIsRaised() throws Exception {
        serve(IDP, TestCredentials.idp(), NOW.plus(Duration.ofDays(30)), Duration.ofMinutes(10));

        EcpException e = assertError(EcpError.METADATA_UNAVAILABLE, () -> source().find(IDP));
        assertThat(e.getMessage()).contains("30 days after the current time").contains("allowed, 14 days");

        MdqTrustSource longer = builder().validity(MetadataValidity.requiredWithin(Duration.ofDays(31))).build();
        assertThat(keysOf(longer.find(IDP))).containsExactly(TestCredentials.idp().certificate());
    }

    @Test
    void findWhenAnswerWithoutValidUntilReplacesOneStillValidAndNoneRequiredThenRollbackRefused() throws Exception {
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, Duration.ofMinutes(10));
        MdqTrustSource mdq = builder().validity(MetadataValidity.notRequired()).build();
        mdq.find(IDP);
        serve(IDP, TestCredentials.attacker(), null, Duration.ofMinutes(10)); // signed, but without validUntil
        clock.advance(Duration.ofMinutes(11));

        String log = CapturedStandardError.during(
                () -> assertThat(keysOf(mdq.find(IDP))).containsExactly(TestCredentials.idp().certificate()));

        assertThat(log).contains("rollback refused").contains("without validUntil");
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void findWhenOlderAnswerFailingTheFilterReplayedThenRollbackRefusedAndIdpStillTrusted() throws Exception {
        String category = "http://macedir.org/entity-category";
        String researchAndScholarship = "http://refeds.org/category/research-and-scholarship";
        server.serve(IDP, Federation.entityWithAttribute(IDP, TestCredentials.idp().certificate(), VALID_UNTIL,
                category, researchAndScholarship, Federation.signer()));
        MdqTrustSource mdq = builder().filter(FederationFilter.builder()
                .entityAttribute(category + "=" + researchAndScholarship).build()).build();
        assertThat(mdq.find(IDP)).isPresent();
        // an older copy, correctly signed, from before the IdP had the category: replayed, it must not revoke it
        serve(IDP, TestCredentials.idp(), VALID_UNTIL.minus(Duration.ofDays(4)), null);
        clock.advance(Duration.ofMinutes(MdqTrustSource.DEFAULT_MAX_CACHE_HOURS * 60L + 1));

        String log = CapturedStandardError.during(() -> assertThat(mdq.find(IDP)).isPresent());

        assertThat(log).contains("rollback refused");
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void findWhenFilterAllowsOneEntityIdThenOthersNeverAskedAndSourceNotFederated() throws Exception {
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, null);
        serve(IDP2, TestCredentials.idp2(), VALID_UNTIL, null);
        MdqTrustSource mdq = builder().filter(FederationFilter.builder().entityIds(List.of(IDP)).build()).build();

        assertThat(mdq.find(IDP2)).isEmpty();
        assertThat(server.requests()).isZero(); // an Issuer off the allow-list costs the MDQ service nothing
        assertThat(mdq.find(IDP)).isPresent();
        assertThat(server.requests()).isEqualTo(1);
        assertThat(mdq.federated()).isFalse(); // only one IdP can ever be trusted: NameIDs cannot collide
        assertThat(source().federated()).isTrue();
        assertThat(mdq.describe()).contains("entityIds=[" + IDP + "]");
    }

    @Test
    void findWhenAnswerFailsEntityAttributeFilterThenNotTrustedAndRemembered() throws Exception {
        String category = "http://macedir.org/entity-category";
        String researchAndScholarship = "http://refeds.org/category/research-and-scholarship";
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, null); // signed, valid, but without the category
        server.serve(IDP2, Federation.entityWithAttribute(IDP2, TestCredentials.idp2().certificate(), VALID_UNTIL,
                category, researchAndScholarship, Federation.signer()));
        MdqTrustSource mdq = builder().filter(FederationFilter.builder()
                .entityAttribute(category + "=" + researchAndScholarship).build()).build();

        assertThat(mdq.find(IDP)).isEmpty();
        assertThat(keysOf(mdq.find(IDP2))).containsExactly(TestCredentials.idp2().certificate());
        assertThat(mdq.find(IDP)).isEmpty();
        assertThat(server.requests()).isEqualTo(2); // the refusal is remembered like a 404
        assertThat(mdq.federated()).isTrue();
    }

    @Test
    void buildWhenPlainHttpWithoutOptInThenInvalidConfigurationNamingTheOption() throws Exception {
        MdqTrustSource.Builder b = MdqTrustSource.builder().baseUrl(server.base())
                .verifySignatureWith(List.of(Federation.signerCertificate()));

        EcpException e = assertError(EcpError.METADATA_INVALID, b::build);

        assertThat(e.getMessage()).contains("allowInsecureHttp(true)").contains(server.base().toString());
    }

    private static Throwable catchIt(MdqTrustSource mdq, String entityId) {
        try {
            mdq.find(entityId);
            return null;
        } catch (EcpException e) {
            return e;
        }
    }

    @Test
    void findWhenEntityIdBlankOrHugeThenNotTrustedWithoutAsking() throws Exception {
        MdqTrustSource mdq = source();

        assertThat(mdq.find(null)).isEmpty();
        assertThat(mdq.find(" ")).isEmpty();
        assertThat(mdq.find("https://x.example.org/" + "a".repeat(MdqTrustSource.MAX_ENTITY_ID_LENGTH))).isEmpty();
        assertThat(server.requests()).isZero();
    }

    @Test
    void entityUrlWhenSpecialCharactersThenPercentEncoded() throws Exception {
        MdqTrustSource mdq = MdqTrustSource.builder().baseUrl(URI.create("https://mdq.example.org/global/"))
                .verifySignatureWith(List.of(Federation.signerCertificate())).build();

        assertThat(mdq.entityUrl("urn:mace:example.org idp/a?b#c").toString())
                .isEqualTo("https://mdq.example.org/global/entities/urn%3Amace%3Aexample.org%20idp%2Fa%3Fb%23c");
    }

    @Test
    void buildWhenBaseUrlNotHttpThenMetadataInvalid() throws Exception {
        MdqTrustSource.Builder b = MdqTrustSource.builder().baseUrl(URI.create("file:///etc/mdq"))
                .verifySignatureWith(List.of(Federation.signerCertificate()));

        assertThat(assertError(EcpError.METADATA_INVALID, b::build)).isInstanceOf(EcpConfigurationException.class);
    }

    @Test
    void validatorWhenTrustFromMdqThenResponseAcceptedAndServiceDownRefusesNewIdp() throws Exception {
        serve(IDP, TestCredentials.idp(), VALID_UNTIL, null);
        MdqTrustSource mdq = builder().build();
        ServiceFixture service = new ServiceFixture().configure(b -> b.idpTrust(mdq));

        assertThat(service.validate(TestSamlObjects.signedAssertion().bytes()).nameId().value()).isEqualTo("alice");

        server.fail(503);
        service.tracker().track("_request-2");
        byte[] fromIdp2 = TestSamlObjects.signedAssertion().answering("_request-2").responseIssuer(IDP2)
                .assertion(a -> a.id("_assertion-2").issuer(IDP2)).signAssertionWith(TestCredentials.idp2()).bytes();
        assertError(EcpError.METADATA_UNAVAILABLE,
                () -> service.validate(fromIdp2, ValidationContext.expect("_request-2")));
    }
}
