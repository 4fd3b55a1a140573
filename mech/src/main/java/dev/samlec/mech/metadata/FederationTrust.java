package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.service.IdpTrustSource;
import dev.samlec.mech.service.TrustedIdp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Trust in every IdP of a federation's verified {@link MetadataAggregate} that passes a {@link FederationFilter}: a
 * Response is checked only with the signing keys of the IdP its Issuer names, and its scoped attributes only against
 * that IdP's {@code shibmd:Scope}s (enforced even when it has none, see {@link TrustedIdp#withMetadataScopes}).
 *
 * <p>Lookups are O(1) in an immutable snapshot built once per aggregate. {@link #install} replaces the snapshot
 * atomically (a background refresh calls it), so a validation running meanwhile sees either the old or the new
 * aggregate, never a mix, and never waits. Once the aggregate's own {@code validUntil} has passed, every lookup fails
 * with {@link EcpError#METADATA_UNAVAILABLE} until fresh metadata is installed (fail closed); an IdP whose own
 * {@code validUntil} has passed is no longer trusted. Thread-safe.
 */
public final class FederationTrust implements IdpTrustSource {
    private final FederationFilter filter;
    private final Clock clock;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();

    private FederationTrust(FederationFilter filter, Clock clock) {
        this.filter = filter;
        this.clock = clock;
    }

    /**
     * Trust in the IdPs of {@code aggregate} that pass {@code filter}, with expiry checked on the system clock.
     *
     * @throws EcpConfigurationException ({@code metadata_invalid}) if no IdP passes the filter
     */
    public static FederationTrust of(MetadataAggregate aggregate, FederationFilter filter)
            throws EcpConfigurationException {
        return of(aggregate, filter, Clock.systemUTC());
    }

    /** As {@link #of(MetadataAggregate, FederationFilter)}, expiry checked on {@code clock}. */
    public static FederationTrust of(MetadataAggregate aggregate, FederationFilter filter, Clock clock)
            throws EcpConfigurationException {
        FederationTrust trust = new FederationTrust(Objects.requireNonNull(filter, "filter"),
                Objects.requireNonNull(clock, "clock"));
        trust.install(aggregate);
        return trust;
    }

    /**
     * Replaces the aggregate atomically (for a refresh); the filter stays.
     *
     * @throws EcpConfigurationException ({@code metadata_invalid}) if no IdP of {@code aggregate} passes the filter;
     *     the previous aggregate then stays in use
     */
    public void install(MetadataAggregate aggregate) throws EcpConfigurationException {
        current.set(new Snapshot(Objects.requireNonNull(aggregate, "aggregate"), filter));
    }

    /** The aggregate in use. */
    public MetadataAggregate aggregate() {
        return current.get().aggregate;
    }

    /** The filter. */
    public FederationFilter filter() {
        return filter;
    }

    /** How many IdPs of the current aggregate are trusted. */
    public int size() {
        return current.get().trusted.size();
    }

    /** The trusted IdP {@code entityId} as the metadata describes it (for display names in reports), if trusted. */
    public Optional<FederationEntity> entity(String entityId) {
        Snapshot snapshot = current.get();
        return entityId == null || !snapshot.trusted.containsKey(entityId) ? Optional.empty()
                : snapshot.aggregate.find(entityId);
    }

    @Override
    public Optional<TrustedIdp> find(String entityId) throws EcpException {
        Snapshot snapshot = current.get();
        Instant now = clock.instant();
        Optional<Instant> until = snapshot.aggregate.validUntil();
        if (until.isPresent() && !until.get().isAfter(now)) {
            throw new EcpException(EcpError.METADATA_UNAVAILABLE, "the federation metadata "
                    + snapshot.aggregate.source() + " expired at " + until.get()
                    + "; logins are refused until fresh metadata is loaded");
        }
        TrustedIdp idp = entityId == null ? null : snapshot.trusted.get(entityId);
        if (idp == null) {
            return Optional.empty();
        }
        Optional<Instant> entityUntil = snapshot.aggregate.find(entityId).flatMap(FederationEntity::validUntil);
        if (entityUntil.isPresent() && !entityUntil.get().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(idp);
    }

    @Override
    public Optional<String> soleIdp() {
        Map<String, TrustedIdp> trusted = current.get().trusted;
        return trusted.size() == 1 ? Optional.of(trusted.keySet().iterator().next()) : Optional.empty();
    }

    @Override
    public boolean federated() {
        return size() > 1;
    }

    /** The sole trusted IdP, when there is one and it wants signed requests; a federation says nothing here. */
    @Override
    public Optional<String> idpWantingSignedRequests() {
        Map<String, TrustedIdp> trusted = current.get().trusted;
        return trusted.size() == 1 ? trusted.values().stream().filter(TrustedIdp::wantAuthnRequestsSigned)
                .map(TrustedIdp::entityId).findFirst() : Optional.empty();
    }

    @Override
    public String describe() {
        Snapshot snapshot = current.get();
        return "federation metadata " + snapshot.aggregate.source() + " (" + snapshot.trusted.size() + " of "
                + snapshot.aggregate.size() + " IdPs trusted, " + filter.describe() + ")";
    }

    @Override
    public String toString() {
        return "FederationTrust[" + describe() + "]";
    }

    /** One aggregate with its trusted IdPs, built once. */
    private static final class Snapshot {
        final MetadataAggregate aggregate;
        final Map<String, TrustedIdp> trusted;

        Snapshot(MetadataAggregate aggregate, FederationFilter filter) throws EcpConfigurationException {
            Map<String, TrustedIdp> map = new HashMap<>();
            for (FederationEntity entity : aggregate.idps()) {
                if (filter.accepts(entity)) {
                    map.put(entity.entityId(), entity.toTrustedIdp());
                }
            }
            if (aggregate.size() == 0) {
                throw new EcpConfigurationException(EcpError.METADATA_INVALID, aggregate.source()
                        + ": holds no usable SAML 2.0 IdP" + (aggregate.skippedCount() == 0 ? ""
                        : "; left out: " + String.join("; ", aggregate.skippedReasons())));
            }
            if (map.isEmpty()) {
                throw new EcpConfigurationException(EcpError.METADATA_INVALID, aggregate.source() + ": none of its "
                        + aggregate.size() + " IdPs passes the filter (" + filter.describe() + ")");
            }
            this.aggregate = aggregate;
            this.trusted = Collections.unmodifiableMap(map);
        }
    }
}
