package dev.samlec.mech.client;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.message.EcpRequestHeader;
import dev.samlec.mech.message.IdpEntry;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses the IdP for a challenge: the first configured IdP, or, when the SP sent an IDPList, the first configured
 * IdP whose entity ID the list names. The SP's list only filters: credentials never go to an IdP that is not
 * configured locally, whatever the list's Loc says (attacks.md ECP-4).
 */
public final class IdpSelector {
    private final List<IdpEndpoint> configured;

    /** A selector over the configured IdPs, most preferred first; at least one. */
    public IdpSelector(List<IdpEndpoint> configured) {
        if (configured.isEmpty()) {
            throw new IllegalArgumentException("at least one identity provider must be configured");
        }
        this.configured = List.copyOf(configured);
    }

    /**
     * The IdP to use for a challenge with this ecp:Request header.
     *
     * @throws EcpException {@code NO_ACCEPTABLE_IDP} if the SP's IDPList names none of the configured IdPs
     */
    public IdpEndpoint choose(EcpRequestHeader request) throws EcpException {
        if (request.idpList().isEmpty() || configured.size() == 1 && !configured.get(0).entityIdKnown()) {
            return configured.get(0);
        }
        Set<String> acceptable = request.idpList().stream().map(IdpEntry::providerId).collect(Collectors.toSet());
        for (IdpEndpoint idp : configured) {
            if (acceptable.contains(idp.entityId())) {
                return idp;
            }
        }
        throw new EcpException(EcpError.NO_ACCEPTABLE_IDP, "none of the configured identity providers "
                + configured.stream().map(IdpEndpoint::entityId).toList() + " is in the IDPList of service provider "
                + Excerpts.clean(request.issuer(), 200) + ": " + request.idpList().stream()
                .map(e -> Excerpts.clean(e.providerId(), 200)).toList());
    }
}
