package dev.samlec.mech.metadata;

import dev.samlec.mech.service.IdpTrustSource;
import dev.samlec.mech.service.TrustedIdp;
import java.time.Clock;
import java.util.Optional;

/**
 * Every IdP of one aggregate snapshot as an {@link IdpTrustSource}, each with only its own keys; an IdP past its own
 * {@code validUntil} is not found. The minimal trust {@link RefreshingMetadata} serves by default; filters
 * (allow-lists, registration authority, entity categories) belong in a richer source built from the same aggregate.
 */
final class AggregateTrust implements IdpTrustSource {
    private final MetadataAggregate aggregate;
    private final Clock clock;

    AggregateTrust(MetadataAggregate aggregate, Clock clock) {
        this.aggregate = aggregate;
        this.clock = clock;
    }

    @Override
    public Optional<TrustedIdp> find(String entityId) {
        return aggregate.find(entityId)
                .filter(e -> e.validUntil().map(until -> until.isAfter(clock.instant())).orElse(true))
                .map(FederationEntity::toTrustedIdp);
    }

    @Override
    public boolean federated() {
        return aggregate.size() > 1;
    }

    /** The aggregate's only IdP, when it wants signed requests; an aggregate of several says nothing here. */
    @Override
    public Optional<String> idpWantingSignedRequests() {
        return aggregate.size() == 1 ? aggregate.idps().stream().filter(FederationEntity::wantAuthnRequestsSigned)
                .map(FederationEntity::entityId).findFirst() : Optional.empty();
    }

    @Override
    public String describe() {
        return aggregate.source() + " (" + aggregate.size() + " IdPs)";
    }
}
