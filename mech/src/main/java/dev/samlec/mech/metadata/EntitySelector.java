package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.EntitiesDescriptor;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.IDPSSODescriptor;

/**
 * Finds the identity provider's EntityDescriptor in a metadata document: by entityID when one is configured,
 * otherwise the only entity with a SAML 2.0 IDPSSODescriptor.
 */
final class EntitySelector {
    private static final int MAX_NAMES_IN_MESSAGE = 10;

    private EntitySelector() {
    }

    /**
     * The selected entity, which is guaranteed to have a SAML 2.0 IDPSSODescriptor.
     *
     * @param entityId the wanted entityID, or {@code null} to take the only IdP
     */
    static EntityDescriptor select(XMLObject root, String entityId, String source) throws EcpConfigurationException {
        List<EntityDescriptor> all = new ArrayList<>();
        collect(root, all);
        if (entityId != null) {
            return byEntityId(all, entityId, source);
        }
        List<EntityDescriptor> idps = all.stream().filter(e -> idpDescriptor(e) != null).collect(Collectors.toList());
        if (idps.size() == 1) {
            return idps.get(0);
        }
        if (idps.isEmpty()) {
            throw invalid(source + ": no entity has an IDPSSODescriptor for SAML 2.0 (entities found: "
                    + names(all) + ")");
        }
        throw invalid(source + ": " + idps.size() + " entities have an IDPSSODescriptor; choose one with the IdP"
                + " entity ID setting (--idp-entity-id). Candidates: " + names(idps));
    }

    /** The entity's IDPSSODescriptor that supports the SAML 2.0 protocol, or {@code null}. */
    static IDPSSODescriptor idpDescriptor(EntityDescriptor entity) {
        return entity.getIDPSSODescriptor(SAMLConstants.SAML20P_NS);
    }

    private static EntityDescriptor byEntityId(List<EntityDescriptor> all, String entityId, String source)
            throws EcpConfigurationException {
        List<EntityDescriptor> matches = all.stream().filter(e -> entityId.equals(e.getEntityID()))
                .collect(Collectors.toList());
        if (matches.isEmpty()) {
            throw invalid(source + ": no EntityDescriptor with entityID '" + entityId + "' (entities found: "
                    + names(all) + ")");
        }
        if (matches.size() > 1) {
            throw invalid(source + ": entityID '" + entityId + "' appears " + matches.size()
                    + " times; the metadata is ambiguous");
        }
        EntityDescriptor entity = matches.get(0);
        if (idpDescriptor(entity) == null) {
            throw invalid(source + ": entity '" + entityId + "' has no IDPSSODescriptor supporting "
                    + SAMLConstants.SAML20P_NS + "; it is not a SAML 2.0 identity provider");
        }
        return entity;
    }

    private static void collect(XMLObject node, List<EntityDescriptor> out) {
        if (node instanceof EntityDescriptor) {
            out.add((EntityDescriptor) node);
        } else if (node instanceof EntitiesDescriptor) {
            // OpenSAML keeps the two child kinds in separate lists; document order only matters for messages.
            EntitiesDescriptor group = (EntitiesDescriptor) node;
            out.addAll(group.getEntityDescriptors());
            for (EntitiesDescriptor child : group.getEntitiesDescriptors()) {
                collect(child, out);
            }
        }
    }

    private static String names(List<EntityDescriptor> entities) {
        if (entities.isEmpty()) {
            return "none";
        }
        String shown = entities.stream().limit(MAX_NAMES_IN_MESSAGE).map(e -> "'" + e.getEntityID() + "'")
                .collect(Collectors.joining(", "));
        int hidden = entities.size() - MAX_NAMES_IN_MESSAGE;
        return hidden > 0 ? shown + " and " + hidden + " more" : shown;
    }

    private static EcpConfigurationException invalid(String message) {
        return new EcpConfigurationException(EcpError.METADATA_INVALID, message);
    }
}
