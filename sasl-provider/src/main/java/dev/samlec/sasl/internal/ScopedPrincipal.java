package dev.samlec.sasl.internal;

import java.util.Locale;
import java.util.Set;

/**
 * The attributes that can name a user when a service trusts a whole federation: the scoped, per-user identifiers
 * whose scope the validator checks against the issuing IdP's {@code shibmd:Scope} (eduPersonPrincipalName,
 * subject-id, pairwise-id), by URI Name, legacy name, basic name or FriendlyName.
 */
public final class ScopedPrincipal {
    private static final Set<String> NAMES = Set.of("urn:oid:1.3.6.1.4.1.5923.1.1.1.6",
            "urn:mace:dir:attribute-def:edupersonprincipalname", "edupersonprincipalname",
            "urn:oasis:names:tc:saml:attribute:subject-id", "subject-id",
            "urn:oasis:names:tc:saml:attribute:pairwise-id", "pairwise-id");

    private ScopedPrincipal() {
    }

    /** Whether {@code attribute} (a principalAttribute setting, possibly null) is a scoped user name. */
    public static boolean isScopedUserName(String attribute) {
        return attribute != null && NAMES.contains(attribute.toLowerCase(Locale.ROOT));
    }
}
