package dev.samlec.apacheds;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SamlAttribute;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.sasl.SamlecSaslException;
import java.util.List;
import java.util.Optional;
import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.api.ldap.model.name.Dn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which entry a validated SAML identity binds as: maps the identity to exactly one entry
 * ({@link IdentityMapping}), then checks the requested authorization identity. Every refusal is
 * {@code authorization_refused}; messages may reach the unauthenticated client, so they name only what the client
 * sent (its NameID or authzid) and the mapping rule, never other entries.
 */
final class EntryAuthorization {
    private static final Logger LOG = LoggerFactory.getLogger(EntryAuthorization.class);

    private final IdentityMapping mapping;
    private final DirectoryEntries entries;

    EntryAuthorization(IdentityMapping mapping, DirectoryEntries entries) {
        this.mapping = mapping;
        this.entries = entries;
    }

    /**
     * The entry to bind as.
     *
     * @param identity the validated assertion's identity
     * @param requested the authorization ID the SASL exchange reports: the client's authzid, or the NameID value
     *     when the client gave none (both mean "myself" when equal to the NameID)
     * @throws SamlecSaslException {@code authorization_refused}, or {@code internal_error} if the directory fails
     */
    Dn authorize(SamlIdentity identity, String requested) throws SamlecSaslException {
        try {
            Dn self = map(identity);
            if (requested == null || requested.isEmpty() || requested.equals(identity.nameId().value())) {
                return self;
            }
            Dn target = target(requested);
            if (target.equals(self)) {
                return self;
            }
            Optional<Dn> group = mapping.proxyGroup();
            if (group.isPresent() && entries.isMember(group.get(), self)) {
                LOG.info("SAML20EC: {} (member of {}) binds as {}", self.getName(), group.get().getName(),
                        target.getName());
                return target;
            }
            throw refused("'" + printable(identity.nameId().value()) + "' may not act as '" + printable(requested)
                    + "'");
        } catch (LdapException e) {
            LOG.warn("SAML20EC: the directory failed while mapping a SAML identity: {}", e.toString());
            throw new SamlecSaslException(EcpError.INTERNAL_ERROR, "the directory failed while mapping the SAML"
                    + " identity to an entry");
        }
    }

    /** The one entry the identity maps to. */
    private Dn map(SamlIdentity identity) throws LdapException, SamlecSaslException {
        String key = key(identity);
        List<Dn> found = entries.search(mapping.base(), mapping.ldapAttribute(), key);
        if (found.size() != 1) {
            throw refused("the SAML identity maps to " + (found.isEmpty() ? "no" : "more than one") + " entry ("
                    + mapping.ldapAttribute() + "=" + printable(key) + ") under " + mapping.base().getName()
                    + "; exactly one is required");
        }
        return found.get(0);
    }

    private String key(SamlIdentity identity) throws SamlecSaslException {
        if (mapping.samlAttribute().isEmpty()) {
            return identity.nameId().value();
        }
        String name = mapping.samlAttribute().get();
        List<String> values = identity.attribute(name).map(SamlAttribute::values).orElse(List.of());
        if (values.size() != 1 || values.get(0).isEmpty()) {
            throw refused("the assertion for '" + printable(identity.nameId().value()) + "' must carry exactly one"
                    + " value of the SAML attribute " + name + " to find its entry; it has " + values.size());
        }
        return values.get(0);
    }

    /** The entry an RFC 4513 authzid ({@code dn:} or {@code u:}) names; it must exist. */
    private Dn target(String authzid) throws LdapException, SamlecSaslException {
        if (authzid.startsWith("dn:")) {
            Optional<Dn> dn = entries.parse(authzid.substring(3));
            if (dn.isEmpty() || !entries.exists(dn.get())) {
                throw refused("the authzid '" + printable(authzid) + "' names no entry of this directory");
            }
            return dn.get();
        }
        if (authzid.startsWith("u:")) {
            List<Dn> found = entries.search(mapping.base(), mapping.ldapAttribute(), authzid.substring(2));
            if (found.size() != 1) {
                throw refused("the authzid '" + printable(authzid) + "' does not name exactly one entry ("
                        + mapping.ldapAttribute() + "=...) under " + mapping.base().getName());
            }
            return found.get(0);
        }
        throw refused("the authzid '" + printable(authzid) + "' must have the form dn:<dn> or u:<id> (RFC 4513)");
    }

    /** Client-supplied text for a message: control characters replaced, at most 200 characters. */
    static String printable(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 200 ? clean : clean.substring(0, 200) + "...";
    }

    private static SamlecSaslException refused(String message) {
        return new SamlecSaslException(EcpError.AUTHORIZATION_REFUSED, message);
    }
}
