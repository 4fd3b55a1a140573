package dev.samlec.mech.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.samlec.mech.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The bounded, expiring, fail-closed in-memory replay cache. */
class InMemoryReplayCacheTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(T0);

    @Test
    void checkAndStoreWhenNewThenTrueAndWhenSeenThenFalse() {
        InMemoryReplayCache cache = new InMemoryReplayCache(clock, 10);

        assertThat(cache.checkAndStore("idp!a", T0.plusSeconds(60))).isTrue();
        assertThat(cache.checkAndStore("idp!a", T0.plusSeconds(60))).isFalse();
        assertThat(cache.checkAndStore("idp!b", T0.plusSeconds(60))).isTrue();
    }

    @Test
    void checkAndStoreWhenEntryExpiredThenForgotten() {
        InMemoryReplayCache cache = new InMemoryReplayCache(clock, 10);
        cache.checkAndStore("idp!a", T0.plusSeconds(60));

        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.checkAndStore("idp!a", T0.plusSeconds(120))).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.size()).isZero();
        assertThat(cache.checkAndStore("idp!a", T0.plusSeconds(120))).isTrue();
    }

    @Test
    void checkAndStoreWhenFullOfLiveEntriesThenRefusesNewKeysAndKeepsOldOnes() {
        InMemoryReplayCache cache = new InMemoryReplayCache(clock, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(cache.checkAndStore("k" + i, T0.plusSeconds(60))).isTrue();
        }

        assertThat(cache.checkAndStore("k3", T0.plusSeconds(60))).isFalse();
        assertThat(cache.checkAndStore("k0", T0.plusSeconds(60))).as("k0 still remembered").isFalse();
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void checkAndStoreWhenFullButSomeExpiredThenEvictsExpiredFirst() {
        InMemoryReplayCache cache = new InMemoryReplayCache(clock, 2);
        cache.checkAndStore("short", T0.plusSeconds(10));
        cache.checkAndStore("long", T0.plusSeconds(100));
        clock.advance(Duration.ofSeconds(10));

        assertThat(cache.checkAndStore("new", T0.plusSeconds(100))).isTrue();
        assertThat(cache.checkAndStore("long", T0.plusSeconds(100))).isFalse();
    }

    @Test
    void checkAndStoreWhenLaterExpiryStoredFirstThenEarlierOneStillPurgedOnTime() {
        InMemoryReplayCache cache = new InMemoryReplayCache(clock, 2);
        cache.checkAndStore("long", T0.plusSeconds(100));
        cache.checkAndStore("short", T0.plusSeconds(10));
        clock.advance(Duration.ofSeconds(10));

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.checkAndStore("new", T0.plusSeconds(100))).as("room made by the expired entry").isTrue();
    }

    @Test
    void checkAndStoreWhenKeyExactlyAtTheLengthLimitThenStored() {
        InMemoryReplayCache cache = new InMemoryReplayCache(clock, 10);
        String key = "x".repeat(InMemoryReplayCache.MAX_KEY_LENGTH);

        assertThat(cache.checkAndStore(key, T0.plusSeconds(1))).isTrue();
        assertThat(cache.checkAndStore(key, T0.plusSeconds(1))).isFalse();
    }

    @Test
    void checkAndStoreWhenKeyTooLongThenRefused() {
        InMemoryReplayCache cache = new InMemoryReplayCache(clock, 10);

        assertThat(cache.checkAndStore("x".repeat(InMemoryReplayCache.MAX_KEY_LENGTH + 1), T0.plusSeconds(1)))
                .isFalse();
        assertThat(cache.size()).isZero();
        assertThat(cache.record("x".repeat(InMemoryReplayCache.MAX_KEY_LENGTH + 1), T0.plusSeconds(1)))
                .isEqualTo(ReplayCache.Outcome.ALREADY_SEEN);
    }

    @Test
    void constructorWhenBoundNotPositiveThenRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryReplayCache(clock, 0));
    }

    @Test
    void checkAndStoreWhenManyThreadsRaceForSameKeysThenEachKeyAcceptedExactlyOnce() throws Exception {
        InMemoryReplayCache cache = new InMemoryReplayCache(clock, 10_000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                tasks.add(() -> {
                    int accepted = 0;
                    for (int k = 0; k < 500; k++) {
                        if (cache.checkAndStore("idp!" + k, T0.plusSeconds(60))) {
                            accepted++;
                        }
                    }
                    return accepted;
                });
            }
            int total = 0;
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                total += f.get();
            }
            assertThat(total).isEqualTo(500);
            assertThat(cache.size()).isEqualTo(500);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void recordWhenFullOfLiveEntriesThenFullNotAlreadySeenAndCounted() {
        InMemoryReplayCache cache = new InMemoryReplayCache(clock, 2);
        cache.record("a", T0.plusSeconds(60));
        cache.record("b", T0.plusSeconds(60));

        assertThat(cache.record("c", T0.plusSeconds(60))).isEqualTo(ReplayCache.Outcome.FULL);
        assertThat(cache.record("a", T0.plusSeconds(60))).as("a replay stays a replay when full")
                .isEqualTo(ReplayCache.Outcome.ALREADY_SEEN);
        assertThat(cache.record("d", T0.plusSeconds(60))).isEqualTo(ReplayCache.Outcome.FULL);
        assertThat(cache.fullRefusals()).isEqualTo(2);
    }

    @Test
    void recordWhenFullThenRoomAgainOnceTheFirstEntryExpires() {
        InMemoryReplayCache cache = new InMemoryReplayCache(clock, 2);
        cache.record("early", T0.plusSeconds(30));
        cache.record("late", T0.plusSeconds(90));
        assertThat(cache.record("x", T0.plusSeconds(90))).isEqualTo(ReplayCache.Outcome.FULL);

        clock.advance(Duration.ofSeconds(29));
        assertThat(cache.record("x", T0.plusSeconds(90))).isEqualTo(ReplayCache.Outcome.FULL);
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.record("x", T0.plusSeconds(90))).isEqualTo(ReplayCache.Outcome.STORED);
        assertThat(cache.record("late", T0.plusSeconds(90))).isEqualTo(ReplayCache.Outcome.ALREADY_SEEN);
    }

    @Test
    void recordWhenExpiryHasFractionalSecondsThenKeptUntilAfterIt() {
        InMemoryReplayCache cache = new InMemoryReplayCache(clock, 10);
        cache.record("a", T0.plusMillis(10_500));

        clock.advance(Duration.ofMillis(10_400));
        assertThat(cache.record("a", T0.plusSeconds(60))).isEqualTo(ReplayCache.Outcome.ALREADY_SEEN);
    }

    @Test
    void defaultBoundCostsAtMost48BytesAnEntryAndAnIdleCacheLittle() {
        InMemoryReplayCache cache = new InMemoryReplayCache(clock);

        assertThat(cache.maxEntries()).isGreaterThanOrEqualTo(1_000_000);
        assertThat(cache.bytesPerEntryAtBound()).isLessThanOrEqualTo(48.0);
        assertThat(cache.tableBytes()).isLessThanOrEqualTo(32 * 1024);
        assertThat(new InMemoryReplayCache(clock, 524_289).bytesPerEntryAtBound()).as("any bound, not only 2^k")
                .isLessThanOrEqualTo(48.0);
    }

    @Test
    void constructorWhenBoundAboveTheLargestThenRejected() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> new InMemoryReplayCache(clock, InMemoryReplayCache.LARGEST_MAX_ENTRIES + 1));
    }

    /**
     * A random walk of stores, replays and clock steps, checked against a plain map of key to expiry; each seed also
     * fixes the fingerprint salt, so the table layouts differ from run to run of the loop but not between builds.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {42, 7, 1234, 99, 2026})
    void recordWhenManyKeysGrowAndExpireThenAgreesWithAModelAtEveryStep(long seed) throws Exception {
        int bound = 5_000;
        java.security.SecureRandom salt = java.security.SecureRandom.getInstance("SHA1PRNG");
        salt.setSeed(seed);
        InMemoryReplayCache cache = new InMemoryReplayCache(clock, bound, salt);
        java.util.Map<String, Instant> model = new java.util.HashMap<>();
        java.util.Random random = new java.util.Random(seed);
        for (int step = 0; step < 200_000; step++) {
            Instant now = clock.instant();
            if (random.nextInt(100) == 0) {
                clock.advance(Duration.ofSeconds(random.nextInt(5)));
                Instant later = clock.instant();
                model.values().removeIf(expiry -> !expiry.isAfter(later));
                now = later;
            }
            String key = "idp!" + random.nextInt(20_000);
            Instant expiry = now.plusSeconds(1 + random.nextInt(120));
            ReplayCache.Outcome expected = model.containsKey(key) ? ReplayCache.Outcome.ALREADY_SEEN
                    : model.size() >= bound ? ReplayCache.Outcome.FULL : ReplayCache.Outcome.STORED;

            assertThat(cache.record(key, expiry)).as("step %d, key %s", step, key).isEqualTo(expected);
            if (expected == ReplayCache.Outcome.STORED) {
                model.put(key, expiry);
            }
        }
        assertThat(cache.size()).isEqualTo(model.size());
    }
}
