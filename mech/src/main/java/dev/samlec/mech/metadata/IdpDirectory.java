package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpException;

/**
 * Finds the identity provider a user means: by entityID, or (where the source lists IdPs) by name. Implementations:
 * {@link FederationIdpDirectory} over a federation aggregate (entityID or {@code mdui:DisplayName}), and
 * {@link MdqIdpDirectory} over a Metadata Query service (entityID only: MDQ cannot be searched).
 */
public interface IdpDirectory {
    /**
     * The ECP-capable IdP {@code text} names.
     *
     * @param text an entityID or, where the directory supports it, a name or part of one
     * @throws EcpException {@code idp_not_found} when nothing matches, {@code idp_ambiguous} when several IdPs do
     *     (the message lists candidates), or the source's own metadata error when it cannot answer
     */
    IdpChoice resolve(String text) throws EcpException;

    /** Where the IdPs come from, for messages, e.g. "metadata file /etc/samlec/federation.xml". */
    String describe();
}
