package dev.samlec.mech.service;

import dev.samlec.mech.EcpException;
import java.util.Optional;

/**
 * Where a service looks up the identity providers it trusts, by the entityID a Response's Issuer names: a fixed
 * {@link IdpTrust}, a federation aggregate refreshed in the background, or a Metadata Query (MDQ) service.
 *
 * <p>Implementations are thread-safe and answer from a consistent snapshot; a lookup that cannot be answered
 * (metadata expired, the MDQ service down) throws rather than pretending the IdP is unknown or trusted, so a login
 * fails closed with a coded error.
 */
public interface IdpTrustSource {
    /**
     * The trusted IdP named {@code entityId}; empty when it is not trusted.
     *
     * @throws EcpException when the source cannot answer now (for instance {@code metadata_unavailable})
     */
    Optional<TrustedIdp> find(String entityId) throws EcpException;

    /** The only trusted IdP when the source holds exactly one (every Response must then come from it). */
    default Optional<String> soleIdp() {
        return Optional.empty();
    }

    /**
     * Whether the source trusts IdPs the service did not name one by one: an aggregate holding more than one IdP
     * now, or an MDQ service. Any of them can then assert any NameID, so a user name must come from an attribute
     * each IdP may only assert within its own {@code shibmd:Scope} (eduPersonPrincipalName, subject-id,
     * pairwise-id). May change when refreshed metadata changes. Default false.
     */
    default boolean federated() {
        return false;
    }

    /**
     * An IdP of this source that wants signed AuthnRequests ({@code WantAuthnRequestsSigned} in its metadata), when
     * the source names its IdPs one by one (not {@link #federated()}): a request of a service trusting this source
     * may be addressed to it, so {@link RequestSigningRule} signs. Empty when none wants it, and always for a
     * federated source (which of its IdPs a client picks is not known when the request is made; such a service signs
     * with {@code signEveryRequest}). Answers from the snapshot in hand, never waiting; empty when it cannot tell.
     */
    default Optional<String> idpWantingSignedRequests() {
        return Optional.empty();
    }

    /** A short description for messages and logs, e.g. {@code IdpTrust[https://idp.example.org/idp]} or the
     * aggregate's source and entity count; never the whole list of a federation. */
    String describe();
}
