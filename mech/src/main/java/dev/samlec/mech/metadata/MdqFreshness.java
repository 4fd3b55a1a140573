package dev.samlec.mech.metadata;

import dev.samlec.mech.metadata.MetadataFetcher.HttpValidators;
import dev.samlec.mech.service.TrustedIdp;
import java.time.Duration;
import java.time.Instant;

/**
 * How long {@link MdqTrustSource} uses an MDQ answer before asking again: a good answer until {@code min(validUntil,
 * now + cacheDuration, now + maxCache)}, at least {@code now + minCache} unless its validUntil is sooner; a 304 keeps
 * it for another such period (one without validUntil never past {@code maxCache} after its last 200, and asked for
 * unconditionally after that); "not trusted" for {@code negativeCache}; after a failed refresh, a still-valid answer
 * for {@code retryAfterFailure}, never past its validUntil. Immutable.
 */
final class MdqFreshness {
    private final Duration minCache;
    private final Duration maxCache;
    private final Duration negativeCache;
    private final Duration retryAfterFailure;

    MdqFreshness(Duration minCache, Duration maxCache, Duration negativeCache, Duration retryAfterFailure) {
        this.minCache = minCache;
        this.maxCache = maxCache;
        this.negativeCache = negativeCache;
        this.retryAfterFailure = retryAfterFailure;
    }

    Duration negativeCache() {
        return negativeCache;
    }

    Duration retryAfterFailure() {
        return retryAfterFailure;
    }

    /** A good 200 answer at {@code now}. */
    MdqEntry loaded(TrustedIdp idp, Instant now, Instant validUntil, Duration cacheDuration,
            HttpValidators version) {
        return new MdqEntry(idp, freshUntil(now, validUntil, cacheDuration), validUntil, cacheDuration, version, now);
    }

    /** "Not trusted" from {@code now} on. */
    MdqEntry unknown(Instant now) {
        return MdqEntry.unknown(now.plus(negativeCache));
    }

    /** {@code previous} confirmed by a 304 at {@code now}. */
    MdqEntry notModified(MdqEntry previous, Instant now) {
        Instant until = freshUntil(now, previous.validUntil(), previous.cacheDuration());
        if (previous.validUntil() == null) {
            until = earliest(until, previous.fetchedAt().plus(maxCache));
        }
        return previous.until(until);
    }

    /** {@code previous}, still within its validUntil, kept after a failed refresh at {@code now}. */
    MdqEntry afterFailure(MdqEntry previous, Instant now) {
        return previous.until(earliest(now.plus(retryAfterFailure), previous.validUntil()));
    }

    /**
     * Whether {@code previous} must be asked for without its ETag / Last-Modified: an answer without validUntil,
     * once {@code maxCache} has passed since its last 200.
     */
    boolean needsUnconditional(MdqEntry previous, Instant now) {
        return previous.validUntil() == null && !now.isBefore(previous.fetchedAt().plus(maxCache));
    }

    /** The earlier of two instants, either of which may be null (no limit). */
    static Instant earliestNullable(Instant a, Instant b) {
        return a == null ? b : b == null ? a : earliest(a, b);
    }

    /** min(validUntil, now + cacheDuration, now + maxCache), at least now + minCache unless validUntil is sooner. */
    private Instant freshUntil(Instant now, Instant validUntil, Duration cacheDuration) {
        Instant until = now.plus(maxCache);
        if (cacheDuration != null) {
            until = earliest(until, now.plus(cacheDuration));
        }
        Instant floor = now.plus(minCache);
        if (until.isBefore(floor)) {
            until = floor;
        }
        return validUntil == null ? until : earliest(until, validUntil);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
