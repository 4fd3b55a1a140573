package dev.samlec.mech.service;

import dev.samlec.mech.EcpException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a service's AuthnRequest must be signed because the IdP it is addressed to says so in its metadata
 * ({@code WantAuthnRequestsSigned="true"} on its IDPSSODescriptor, carried by {@link TrustedIdp}).
 *
 * <p>The request is made before the client picks its IdP, so "the IdP it is addressed to" is:
 * <ul>
 *   <li>with an IDPList, every IdP on it: the request is signed when one of them wants it (looked up in what the
 *       trust source holds now, {@link IdpTrustSource#findWithoutFetching}: a challenge never waits for MDQ; an
 *       entity the source cannot answer for now counts as not wanting it);
 *   <li>without one, the IdPs of a source that names them one by one (not {@link IdpTrustSource#federated()}: a
 *       single IdP's metadata, a certificate, a hand-made {@link IdpTrust}): signed when one of them wants it
 *       ({@link IdpTrustSource#idpWantingSignedRequests()});
 *   <li>a federation (an aggregate of several IdPs, MDQ) without an IDPList: this rule does not sign, since any of
 *       thousands of IdPs may be picked and most federations hold some that want signed requests, which would sign
 *       every request. Such a service signs with {@code signEveryRequest} (SAML20EC) or by default
 *       ({@link IssueOptions#signWhenKeyConfigured()}, HTTP ECP).
 * </ul>
 *
 * <p>Without a signing key the requests go out unsigned, with one WARN per such IdP: at start-up
 * ({@link #checkSigningKey(String)}) or when refreshed metadata gains the flag ({@link #signNow()}). Thread-safe.
 */
public final class RequestSigningRule {
    private static final Logger LOG = LoggerFactory.getLogger(RequestSigningRule.class);

    private final IdpTrustSource trust;
    private final List<String> idpList;
    private final boolean canSign;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private RequestSigningRule(IdpTrustSource trust, List<String> idpList, boolean canSign) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.idpList = List.copyOf(idpList);
        this.canSign = canSign;
    }

    /** The rule for a service trusting {@code settings}' IdPs that sends {@code idpList} (empty: none). */
    public static RequestSigningRule of(ServiceProviderSettings settings, List<String> idpList) {
        return of(settings.idpTrust(), idpList, settings.signingKey().isPresent());
    }

    /** The rule for a service trusting {@code trust}, sending {@code idpList}, with or without a signing key. */
    public static RequestSigningRule of(IdpTrustSource trust, List<String> idpList, boolean canSign) {
        return new RequestSigningRule(trust, idpList, canSign);
    }

    /** An IdP the next request may be addressed to that wants it signed, if any (see the class comment). */
    public Optional<String> wantingIdp() {
        if (idpList.isEmpty()) {
            return trust.idpWantingSignedRequests();
        }
        for (String entityId : idpList) {
            try {
                if (trust.findWithoutFetching(entityId).map(TrustedIdp::wantAuthnRequestsSigned).orElse(false)) {
                    return Optional.of(entityId);
                }
            } catch (EcpException e) {
                // the source cannot answer now; the login's validation will say so
            }
        }
        return Optional.empty();
    }

    /**
     * Warns once, at start-up, when an IdP the requests go to wants them signed and the service has no signing key:
     * the requests go out unsigned. Not an error: IdPs publish the flag without always enforcing it (Keycloak puts
     * it in every realm's metadata and enforces it per client, "Client signature required"), and refusing to start
     * would break services those IdPs accept; one that does enforce it refuses the login, which the WARN explains.
     *
     * @param keyOption how the caller names the setting to fix, e.g. {@code "ServiceProviderSettings.signingKey
     *     (JAAS options signingKey and signingCertificate)"}
     */
    public void checkSigningKey(String keyOption) {
        if (canSign) {
            return;
        }
        Optional<String> idp = wantingIdp();
        if (idp.isPresent() && warned.add(idp.get())) {
            LOG.warn("IdP {} says WantAuthnRequestsSigned=\"true\" in its metadata, but this service has no signing"
                    + " key: its AuthnRequests go unsigned, and an IdP that enforces the flag refuses them (Keycloak"
                    + " publishes it for every realm and enforces it per client); if logins through it fail, set {}",
                    idp.get(), keyOption);
        }
    }

    /**
     * Whether this request is to be signed because its IdP wants it. Without a signing key it is not (the request
     * goes unsigned), and the first time an IdP is seen to want it a WARN says the IdP will refuse the logins.
     */
    public boolean signNow() {
        Optional<String> idp = wantingIdp();
        if (idp.isEmpty()) {
            return false;
        }
        if (!canSign && warned.add(idp.get())) {
            LOG.warn("IdP {} now wants signed AuthnRequests (WantAuthnRequestsSigned=\"true\" in its refreshed"
                    + " metadata), but this service has no signing key: its requests stay unsigned and the IdP will"
                    + " refuse them, so logins through it fail until a signing key (JAAS options signingKey and"
                    + " signingCertificate) is configured and the service restarted", idp.get());
        }
        return canSign;
    }

    @Override
    public String toString() {
        return "RequestSigningRule[" + trust.describe() + (idpList.isEmpty() ? "" : ", idpList=" + idpList)
                + (canSign ? "" : ", no signing key") + "]";
    }
}
