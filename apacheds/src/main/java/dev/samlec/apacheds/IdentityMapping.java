package dev.samlec.apacheds;

import java.util.Objects;
import org.apache.directory.api.ldap.model.name.Dn;

/**
 * How a validated SAML identity (its NameID value) finds its LDAP entry: a search for exactly one entry with
 * {@code attribute = nameId} under {@code base}, e.g. {@code (uid=alice)} under {@code ou=people,dc=example,dc=org}.
 *
 * @param base where to search
 * @param attribute the attribute holding the NameID value
 */
public record IdentityMapping(Dn base, String attribute) {
    /** Checks the parts. */
    public IdentityMapping {
        Objects.requireNonNull(base, "base");
        if (attribute == null || !attribute.matches("[A-Za-z][A-Za-z0-9-]*")) {
            throw new IllegalArgumentException("attribute must be an LDAP attribute name, was " + attribute);
        }
    }

    /** {@code (uid=<nameId>)} under {@code base}. */
    public static IdentityMapping byUid(Dn base) {
        return new IdentityMapping(base, "uid");
    }
}
