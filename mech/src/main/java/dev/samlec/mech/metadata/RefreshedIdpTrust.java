package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.service.IdpTrustSource;
import dev.samlec.mech.service.TrustedIdp;
import java.util.Objects;
import java.util.Optional;

/**
 * The IdPs of a metadata document kept fresh by {@link RefreshingMetadata}, as the trust a service validates with:
 * each lookup answers from the snapshot in hand (never waiting for a refresh), so an IdP's new key is used as soon as
 * the document that carries it has been loaded and its old key no longer once that copy replaced the old one; once
 * the copy in hand has expired every lookup fails closed with {@code metadata_unavailable}.
 *
 * <pre>{@code
 * MetadataAggregateReader reader = MetadataAggregateReader.builder().verifySignatureWith(federationCerts).build();
 * RefreshedIdpTrust trust = RefreshedIdpTrust.of(RefreshingMetadata.builder(MetadataParser.idpTrust(reader, clock))
 *         .url(URI.create("https://mds.example.org/aggregate.xml")).clock(clock).start());
 * }</pre>
 *
 * <p>Thread-safe; {@link #close()} stops the refresh.
 */
public final class RefreshedIdpTrust implements IdpTrustSource, AutoCloseable {
    private final RefreshingMetadata<? extends IdpTrustSource> metadata;

    private RefreshedIdpTrust(RefreshingMetadata<? extends IdpTrustSource> metadata) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
    }

    /** Trust in whatever the refreshed document's current copy trusts. */
    public static RefreshedIdpTrust of(RefreshingMetadata<? extends IdpTrustSource> metadata) {
        return new RefreshedIdpTrust(metadata);
    }

    @Override
    public Optional<TrustedIdp> find(String entityId) throws EcpException {
        return metadata.current().find(entityId);
    }

    /** The refreshed document behind this trust. */
    public RefreshingMetadata<? extends IdpTrustSource> metadata() {
        return metadata;
    }

    @Override
    public boolean federated() {
        try {
            return metadata.current().federated();
        } catch (EcpException e) {
            return true; // cannot tell: assume the stricter case
        }
    }

    /** What the copy in hand says (a refresh can add or drop the flag); empty when no copy can be used now. */
    @Override
    public Optional<String> idpWantingSignedRequests() {
        try {
            return metadata.current().idpWantingSignedRequests();
        } catch (EcpException e) {
            return Optional.empty(); // no usable copy: every login fails anyway
        }
    }

    @Override
    public String describe() {
        return metadata.describe();
    }

    @Override
    public void close() {
        metadata.close();
    }

    @Override
    public String toString() {
        return "RefreshedIdpTrust[" + describe() + "]";
    }
}
