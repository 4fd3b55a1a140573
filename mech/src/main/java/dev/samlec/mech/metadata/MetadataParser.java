package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.service.IdpTrustSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Builds what a {@link RefreshingMetadata} serves (an aggregate, a trust source, a client's IdP directory) from the
 * bytes of one metadata document, and says how long the document may be used. It must verify what it reads (the
 * signature, the document's own {@code validUntil}) and throw rather than return something partly trusted.
 *
 * @param <T> what is built from the document
 */
@FunctionalInterface
public interface MetadataParser<T> {
    /**
     * Reads one document.
     *
     * @param source names the document in messages, e.g. "metadata from https://mds.example.org/"
     * @throws EcpConfigurationException when the document is not acceptable (the code says why)
     */
    Parsed<T> parse(byte[] xml, String source) throws EcpConfigurationException;

    /**
     * What was built from a document, with the document's {@code validUntil} (after it nothing built from it may be
     * used) and {@code cacheDuration} (when to look for a newer copy), either may be null, and the number of entities
     * for log lines.
     */
    record Parsed<T>(T value, Instant validUntil, Duration cacheDuration, int entities) {
        /** Checks that {@code value} is present. */
        public Parsed {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The aggregate itself, read (and its signature verified) by {@code reader}. */
    static MetadataParser<MetadataAggregate> aggregate(MetadataAggregateReader reader) {
        Objects.requireNonNull(reader, "reader");
        return (xml, source) -> {
            MetadataAggregate aggregate = reader.read(xml, source);
            return new Parsed<>(aggregate, aggregate.validUntil().orElse(null),
                    aggregate.cacheDuration().orElse(null), aggregate.size());
        };
    }

    /**
     * Every IdP of the aggregate {@code reader} reads, trusted with its own signing keys and scopes; an IdP whose own
     * {@code validUntil} passes while the document is in use is no longer found ({@code clock} decides).
     */
    static MetadataParser<IdpTrustSource> idpTrust(MetadataAggregateReader reader, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        MetadataParser<MetadataAggregate> aggregates = aggregate(reader);
        return (xml, source) -> {
            Parsed<MetadataAggregate> parsed = aggregates.parse(xml, source);
            return new Parsed<>(new AggregateTrust(parsed.value(), clock), parsed.validUntil(),
                    parsed.cacheDuration(), parsed.entities());
        };
    }

    /**
     * The IdPs of the aggregate {@code reader} reads that pass {@code filter} (entityID allow-list, registration
     * authority, entity attributes), as a {@link FederationTrust} snapshot: the federation filters applied to every
     * refreshed copy.
     */
    static MetadataParser<IdpTrustSource> federation(MetadataAggregateReader reader, FederationFilter filter,
            Clock clock) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(clock, "clock");
        MetadataParser<MetadataAggregate> aggregates = aggregate(reader);
        return (xml, source) -> {
            Parsed<MetadataAggregate> parsed = aggregates.parse(xml, source);
            return new Parsed<>(FederationTrust.of(parsed.value(), filter, clock), parsed.validUntil(),
                    parsed.cacheDuration(), parsed.entities());
        };
    }
}
