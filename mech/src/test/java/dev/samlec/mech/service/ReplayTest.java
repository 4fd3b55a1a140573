package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestSamlObjects.IDP;
import static dev.samlec.mech.testing.TestSamlObjects.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.testing.MutableClock;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestSamlObjects;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** attacks.md PROTO-1: each assertion is accepted once; failed Responses leave nothing in the replay cache. */
class ReplayTest {
    private static final String SECOND_ID = "_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private final RecordingCache cache = new RecordingCache();
    private final ServiceFixture fixture = new ServiceFixture().configure(b -> b.replayCache(cache));

    @Test
    void replayWhenSameAssertionPresentedForSecondRequestThenReplayedAssertion() throws Exception {
        fixture.validate(TestSamlObjects.signedAssertion().bytes());
        fixture.tracker().track(SECOND_ID);
        byte[] replay = TestSamlObjects.signedAssertion().answering(SECOND_ID).bytes();

        assertError(EcpError.REPLAYED_ASSERTION, () -> fixture.validate(replay, ValidationContext.tracked()));
    }

    @Test
    void replayWhenUncheckedContextThenStillReplayedAssertion() throws Exception {
        byte[] xml = TestSamlObjects.signedAssertion().bytes();
        fixture.validate(xml, ValidationContext.unchecked());

        assertError(EcpError.REPLAYED_ASSERTION, () -> fixture.validate(xml, ValidationContext.unchecked()));
    }

    @Test
    void replayWhenSameResponseTwiceThenRejected() throws Exception {
        byte[] xml = TestSamlObjects.signedBoth().bytes();
        fixture.validate(xml);

        // The request ID was consumed by the first presentation, so the request binding fails first.
        assertError(EcpError.INVALID_IN_RESPONSE_TO, () -> fixture.validate(xml));
    }

    @Test
    void cacheWhenAcceptedThenKeyIsIssuerAndAssertionIdUntilLatestExpiryPlusSkewPlusMargin() throws Exception {
        fixture.validate(TestSamlObjects.signedAssertion().bytes());

        assertThat(cache.keys).containsExactly(IDP + "!_assert-8d3c2b1a0f9e8d7c6b5a");
        // Conditions NotOnOrAfter (NOW + 600 s) is later than the confirmation's (NOW + 300 s); skew 180 s; margin 60 s.
        assertThat(cache.expiries).containsExactly(NOW.plusSeconds(600).plus(Duration.ofSeconds(180))
                .plus(Duration.ofSeconds(60)));
    }

    /** Review finding: a replay sent just before the accept window closes, with the cache's clock a little later. */
    @Test
    void replayWhenSentJustBeforeTheWindowClosesAndTheCacheJudgesLaterThenStillReplayed() throws Exception {
        MutableClock cacheClock = new MutableClock(NOW);
        ServiceFixture edge = new ServiceFixture().configure(b -> b.replayCache(new InMemoryReplayCache(cacheClock)));
        // Both NotOnOrAfter equal (NOW + 300 s), skew 180 s: the window closes at NOW + 480 s.
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.notOnOrAfter(NOW.plusSeconds(300))).bytes();
        edge.validate(xml, ValidationContext.unchecked());
        edge.clock.advance(Duration.ofSeconds(479));
        cacheClock.advance(Duration.ofSeconds(481));

        assertError(EcpError.REPLAYED_ASSERTION, () -> edge.validate(xml, ValidationContext.unchecked()));
    }

    @Test
    void cacheWhenResponseFailsAnyCheckThenNothingRecorded() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.audienceRestrictions(List.of("urn:other")))
                .bytes();

        assertError(EcpError.INVALID_AUDIENCE, () -> fixture.validate(xml));
        assertThat(cache.keys).isEmpty();
    }

    @Test
    void cacheWhenFullThenFailsClosedWithItsOwnCode() {
        cache.full = true;

        assertError(EcpError.REPLAY_CACHE_FULL, () -> fixture.validate(TestSamlObjects.signedAssertion().bytes()));
    }

    @Test
    void cacheWhenOnlyCheckAndStoreImplementedAndItRefusesThenReplayed() {
        cache.refuse = true;

        assertError(EcpError.REPLAYED_ASSERTION, () -> fixture.validate(TestSamlObjects.signedAssertion().bytes()));
    }

    /** Records what the validator stores; can be told to refuse (like a full cache). */
    private static final class RecordingCache implements ReplayCache {
        final List<String> keys = new ArrayList<>();
        final List<Instant> expiries = new ArrayList<>();
        boolean refuse;
        boolean full;

        @Override
        public Outcome record(String key, Instant expiresAt) {
            return full ? Outcome.FULL : ReplayCache.super.record(key, expiresAt);
        }

        @Override
        public synchronized boolean checkAndStore(String key, Instant expiresAt) {
            if (refuse || keys.contains(key)) {
                return false;
            }
            keys.add(key);
            expiries.add(expiresAt);
            return true;
        }
    }
}
