package dev.samlec.mech.metadata;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SAML 2.0 identity providers of one verified metadata document (usually a federation's signed
 * {@code md:EntitiesDescriptor}), looked up by entityID in O(1), with the document's own {@code validUntil} and
 * {@code cacheDuration} and what was left out of it and why. Made by {@link MetadataAggregateReader}. Immutable.
 */
public final class MetadataAggregate {
    private final String source;
    private final Map<String, FederationEntity> idps;
    private final Instant validUntil;
    private final Duration cacheDuration;
    private final List<String> skipped;
    private final int skippedTotal;

    MetadataAggregate(String source, Map<String, FederationEntity> idps, Instant validUntil, Duration cacheDuration,
            List<String> skipped, int skippedTotal) {
        this.source = source;
        this.idps = Map.copyOf(idps);
        this.validUntil = validUntil;
        this.cacheDuration = cacheDuration;
        this.skipped = List.copyOf(skipped);
        this.skippedTotal = skippedTotal;
    }

    /** Where the document came from, as given to the reader (for messages). */
    public String source() {
        return source;
    }

    /** The IdP named {@code entityId}, if the document holds it (and it was not left out). */
    public Optional<FederationEntity> find(String entityId) {
        return entityId == null ? Optional.empty() : Optional.ofNullable(idps.get(entityId));
    }

    /** Every IdP the document holds, in no particular order. */
    public Collection<FederationEntity> idps() {
        return idps.values();
    }

    /** The number of IdPs. */
    public int size() {
        return idps.size();
    }

    /** The root element's {@code validUntil}, if set. */
    public Optional<Instant> validUntil() {
        return Optional.ofNullable(validUntil);
    }

    /** The root element's {@code cacheDuration}, if set. */
    public Optional<Duration> cacheDuration() {
        return Optional.ofNullable(cacheDuration);
    }

    /**
     * One line per IdP left out of the document and why (expired, no signing key, a duplicated entityID...), at most
     * {@link MetadataAggregateReader#MAX_SKIPPED_REASONS}; {@link #skippedCount()} has the total.
     */
    public List<String> skippedReasons() {
        return skipped;
    }

    /** How many IdPs were left out. */
    public int skippedCount() {
        return skippedTotal;
    }

    @Override
    public String toString() {
        return "MetadataAggregate[" + source + ", idps=" + idps.size() + ", skipped=" + skippedTotal + ", validUntil="
                + validUntil + "]";
    }
}
