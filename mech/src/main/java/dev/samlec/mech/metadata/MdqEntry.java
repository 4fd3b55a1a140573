package dev.samlec.mech.metadata;

import dev.samlec.mech.metadata.MetadataFetcher.HttpValidators;
import dev.samlec.mech.service.TrustedIdp;
import java.time.Duration;
import java.time.Instant;

/**
 * One entity's MDQ answer as {@link MdqTrustSource} keeps it: the IdP ({@code null}: not trusted), until when it is
 * used without asking again ({@code freshUntil}), the answer's own {@code validUntil} and {@code cacheDuration}, its
 * version for a conditional request and the time of its last 200 ({@code null} for "not trusted").
 */
record MdqEntry(TrustedIdp idp, Instant freshUntil, Instant validUntil, Duration cacheDuration,
        HttpValidators version, Instant fetchedAt) {

    /** "Not trusted" (a 404, or an answer without that IdP) until {@code until}. */
    static MdqEntry unknown(Instant until) {
        return new MdqEntry(null, until, null, null, null, null);
    }

    /** The same answer, used until {@code value}. */
    MdqEntry until(Instant value) {
        return new MdqEntry(idp, value, validUntil, cacheDuration, version, fetchedAt);
    }

    boolean trusted() {
        return idp != null;
    }

    /** Used as it is at {@code now}, without asking the service. */
    boolean freshAt(Instant now) {
        return now.isBefore(freshUntil);
    }

    /** A signed answer still within its own validUntil at {@code now} (one without validUntil never is). */
    boolean withinValidUntil(Instant now) {
        return validUntil != null && now.isBefore(validUntil);
    }

    /** Its validUntil has passed at {@code now} (one without validUntil never expires this way). */
    boolean expiredAt(Instant now) {
        return validUntil != null && !now.isBefore(validUntil);
    }

    /** A newer answer valid until {@code newer} would be a rollback: it ends before this one does. */
    boolean outlives(Instant newer) {
        return validUntil != null && newer != null && newer.isBefore(validUntil);
    }
}
