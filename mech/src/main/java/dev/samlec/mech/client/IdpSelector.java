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
final class IdpSelector {
    private final List<IdpEndpoint> configured;

    IdpSelector(List<IdpEndpoint> configured) {
        this.configured = List.copyOf(configured);
    }

    IdpEndpoint choose(EcpRequestHeader request) throws EcpException {
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
