package dev.samlec.mech.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.metadata.MetadataFetcher.HttpValidators;
import dev.samlec.mech.service.TrustedIdp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The MDQ cache rules without a server: how long an answer is used ({@link MdqFreshness}), what counts as a rollback
 * ({@link MdqEntry}) and the two LRUs ({@link MdqCache}). {@link MdqTrustSourceTest} checks the same rules end to end.
 */
class MdqFreshnessTest {
    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private static final Duration MIN = Duration.ofMinutes(1);
    private static final Duration MAX = Duration.ofHours(4);
    private static final Duration NEGATIVE = Duration.ofMinutes(10);
    private static final Duration RETRY = Duration.ofSeconds(60);
    private static final TrustedIdp IDP = idp();

    private final MdqFreshness freshness = new MdqFreshness(MIN, MAX, NEGATIVE, RETRY);

    private static TrustedIdp idp() {
        try {
            return new TrustedIdp("https://idp.example.org/idp", List.of(Federation.signerCertificate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void loadedWhenNoLifetimesThenMaxCache() {
        MdqEntry entry = freshness.loaded(IDP, NOW, null, null, null);

        assertThat(entry.freshUntil()).isEqualTo(NOW.plus(MAX));
        assertThat(entry.fetchedAt()).isEqualTo(NOW);
        assertThat(entry.trusted()).isTrue();
    }

    @Test
    void loadedWhenCacheDurationShorterThanMinimumThenMinimum() {
        MdqEntry entry = freshness.loaded(IDP, NOW, null, Duration.ofSeconds(5), null);

        assertThat(entry.freshUntil()).isEqualTo(NOW.plus(MIN));
    }

    @Test
    void loadedWhenValidUntilBeforeMinimumThenValidUntil() {
        Instant validUntil = NOW.plusSeconds(20);

        MdqEntry entry = freshness.loaded(IDP, NOW, validUntil, Duration.ofHours(1), null);

        assertThat(entry.freshUntil()).isEqualTo(validUntil);
    }

    @Test
    void loadedWhenCacheDurationBetweenLimitsThenCacheDuration() {
        MdqEntry entry = freshness.loaded(IDP, NOW, NOW.plus(Duration.ofDays(7)), Duration.ofHours(1), null);

        assertThat(entry.freshUntil()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void notModifiedWhenNoValidUntilThenNeverPastMaxCacheAfterLast200() {
        MdqEntry first = freshness.loaded(IDP, NOW, null, null, new HttpValidators("\"a\"", null));
        Instant later = NOW.plus(Duration.ofHours(3));

        MdqEntry kept = freshness.notModified(first, later);

        assertThat(kept.freshUntil()).isEqualTo(NOW.plus(MAX));
        assertThat(kept.fetchedAt()).isEqualTo(NOW);
        assertThat(freshness.needsUnconditional(kept, later)).isFalse();
        assertThat(freshness.needsUnconditional(kept, NOW.plus(MAX))).isTrue();
    }

    @Test
    void notModifiedWhenValidUntilThenNeverPastIt() {
        Instant validUntil = NOW.plus(Duration.ofHours(5));
        MdqEntry first = freshness.loaded(IDP, NOW, validUntil, null, null);

        MdqEntry kept = freshness.notModified(first, NOW.plus(Duration.ofHours(3)));

        assertThat(kept.freshUntil()).isEqualTo(validUntil);
        assertThat(freshness.needsUnconditional(kept, NOW.plus(Duration.ofHours(6)))).isFalse();
    }

    @Test
    void afterFailureWhenValidUntilSoonerThanRetryThenValidUntil() {
        MdqEntry near = freshness.loaded(IDP, NOW, NOW.plusSeconds(30), null, null);
        MdqEntry far = freshness.loaded(IDP, NOW, NOW.plus(Duration.ofDays(1)), null, null);

        assertThat(freshness.afterFailure(near, NOW).freshUntil()).isEqualTo(NOW.plusSeconds(30));
        assertThat(freshness.afterFailure(far, NOW).freshUntil()).isEqualTo(NOW.plus(RETRY));
    }

    @Test
    void unknownWhenCreatedThenNotTrustedForNegativeCache() {
        MdqEntry entry = freshness.unknown(NOW);

        assertThat(entry.trusted()).isFalse();
        assertThat(entry.freshAt(NOW.plus(NEGATIVE).minusMillis(1))).isTrue();
        assertThat(entry.freshAt(NOW.plus(NEGATIVE))).isFalse();
        assertThat(entry.withinValidUntil(NOW)).isFalse();
    }

    @Test
    void outlivesWhenNewerEndsEarlierThenRollback() {
        Instant validUntil = NOW.plus(Duration.ofDays(7));
        MdqEntry inHand = freshness.loaded(IDP, NOW, validUntil, null, null);

        assertThat(inHand.outlives(validUntil.minusSeconds(1))).isTrue();
        assertThat(inHand.outlives(validUntil)).isFalse();
        assertThat(inHand.outlives(null)).isFalse();
        assertThat(freshness.loaded(IDP, NOW, null, null, null).outlives(NOW)).isFalse();
    }

    @Test
    void expiredAtWhenValidUntilReachedThenExpired() {
        MdqEntry entry = freshness.loaded(IDP, NOW, NOW.plusSeconds(10), null, null);

        assertThat(entry.expiredAt(NOW.plusSeconds(9))).isFalse();
        assertThat(entry.withinValidUntil(NOW.plusSeconds(9))).isTrue();
        assertThat(entry.expiredAt(NOW.plusSeconds(10))).isTrue();
        assertThat(entry.withinValidUntil(NOW.plusSeconds(10))).isFalse();
    }

    @Test
    void cacheWhenFloodOfUnknownNamesThenTrustedEntryKept() {
        MdqCache cache = new MdqCache(2, 3);
        cache.put("trusted", freshness.loaded(IDP, NOW, null, null, null));

        for (int i = 0; i < 100; i++) {
            cache.put("unknown-" + i, freshness.unknown(NOW));
        }

        assertThat(cache.get("trusted").trusted()).isTrue();
        assertThat(cache.get("unknown-0")).isNull();
        assertThat(cache.describe()).isEqualTo("1 entities cached, 3 not trusted");
    }

    @Test
    void cacheWhenEntityChangesKindThenInOneLruOnly() {
        MdqCache cache = new MdqCache(2, 2);
        cache.put("e", freshness.unknown(NOW));

        cache.put("e", freshness.loaded(IDP, NOW, null, null, null));

        assertThat(cache.get("e").trusted()).isTrue();
        assertThat(cache.describe()).isEqualTo("1 entities cached, 0 not trusted");
        cache.put("e", freshness.unknown(NOW));
        assertThat(cache.get("e").trusted()).isFalse();
        assertThat(cache.describe()).isEqualTo("0 entities cached, 1 not trusted");
    }
}
