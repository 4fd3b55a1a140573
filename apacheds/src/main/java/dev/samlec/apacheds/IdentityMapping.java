package dev.samlec.apacheds;

import java.util.Objects;
import java.util.Optional;
import org.apache.directory.api.ldap.model.name.Dn;

/**
 * How a validated SAML identity finds its LDAP entry, and who may bind as someone else. Immutable.
 *
 * <p>The entry is found by a subtree search under {@link #base()} for {@code (ldapAttribute=key)}, which must match
 * exactly one entry. The key is the assertion's NameID value ({@link #byUid}, {@link #byNameId}) or the single value
 * of one of its SAML attributes ({@link #bySamlAttribute}, for IdPs whose NameIDs are transient or pairwise).
 *
 * <p>An authorization identity (RFC 4513 section 5.2.1.8: {@code dn:<dn>} or {@code u:<id>}, the latter looked up
 * through the same search) is allowed when it names the mapped entry itself. It may name another existing entry
 * only when a {@linkplain #withProxyGroup proxy group} is configured and the mapped entry is a member of it
 * ({@code member} or {@code uniqueMember}).
 */
public final class IdentityMapping {
    private final Dn base;
    private final String ldapAttribute;
    private final String samlAttribute;
    private final Dn proxyGroup;

    private IdentityMapping(Dn base, String ldapAttribute, String samlAttribute, Dn proxyGroup) {
        this.base = Objects.requireNonNull(base, "base");
        if (ldapAttribute == null || !ldapAttribute.matches("[A-Za-z][A-Za-z0-9-]*")) {
            throw new IllegalArgumentException("ldapAttribute must be an LDAP attribute name, was " + ldapAttribute);
        }
        if (samlAttribute != null && samlAttribute.isBlank()) {
            throw new IllegalArgumentException("samlAttribute must not be blank");
        }
        this.ldapAttribute = ldapAttribute;
        this.samlAttribute = samlAttribute;
        this.proxyGroup = proxyGroup;
    }

    /** {@code (uid=<NameID>)} under {@code base}. */
    public static IdentityMapping byUid(Dn base) {
        return byNameId(base, "uid");
    }

    /** {@code (<ldapAttribute>=<NameID>)} under {@code base}, e.g. {@code mail} for emailAddress NameIDs. */
    public static IdentityMapping byNameId(Dn base, String ldapAttribute) {
        return new IdentityMapping(base, ldapAttribute, null, null);
    }

    /**
     * {@code (<ldapAttribute>=<value>)} under {@code base}, where value is the single value of the assertion's
     * attribute {@code samlAttribute} (its Name, or else its FriendlyName). A missing or multi-valued attribute
     * refuses the bind.
     */
    public static IdentityMapping bySamlAttribute(Dn base, String ldapAttribute, String samlAttribute) {
        return new IdentityMapping(base, ldapAttribute, Objects.requireNonNull(samlAttribute, "samlAttribute"),
                null);
    }

    /** The same mapping, letting members of {@code group} bind with an authzid naming any existing entry. */
    public IdentityMapping withProxyGroup(Dn group) {
        return new IdentityMapping(base, ldapAttribute, samlAttribute, Objects.requireNonNull(group, "group"));
    }

    /** Where the entries are searched (subtree). */
    public Dn base() {
        return base;
    }

    /** The LDAP attribute compared with the key. */
    public String ldapAttribute() {
        return ldapAttribute;
    }

    /** The SAML attribute giving the key; empty when the key is the NameID. */
    public Optional<String> samlAttribute() {
        return Optional.ofNullable(samlAttribute);
    }

    /** The group whose members may act as other entries; empty when nobody may. */
    public Optional<Dn> proxyGroup() {
        return Optional.ofNullable(proxyGroup);
    }

    @Override
    public String toString() {
        return "IdentityMapping[(" + ldapAttribute + "=" + (samlAttribute == null ? "<NameID>"
                : "<SAML attribute " + samlAttribute + ">") + ") under " + base.getName()
                + (proxyGroup == null ? "" : ", proxy group " + proxyGroup.getName()) + "]";
    }
}
