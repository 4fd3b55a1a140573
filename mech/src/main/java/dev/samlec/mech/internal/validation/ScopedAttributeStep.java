package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlAttribute;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.service.ScopedAttributePolicy;
import dev.samlec.mech.service.TrustedIdp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 10c: scoped attribute values must lie within the issuing IdP's scopes, as Shibboleth SP's scoped-attribute
 * decoder rules. The attributes checked are eduPersonPrincipalName, eduPersonScopedAffiliation, subject-id and
 * pairwise-id, recognised by their URI Name ({@code urn:oid:...}, {@code urn:oasis:names:tc:SAML:attribute:...}, the
 * old {@code urn:mace:dir:attribute-def:...}), by a basic Name or by a FriendlyName (since
 * {@link SamlIdentity#attribute(String)} also finds attributes by FriendlyName), ignoring case. A value's scope is the
 * text after its last {@code @}; a value without one is out of scope.
 *
 * <p>Out-of-scope values are dropped (an attribute left without values is removed) with one WARN line per Response
 * that names the attributes and the scopes seen, never the values; or, with {@link ScopedAttributePolicy#REFUSE},
 * the login fails with {@link EcpError#ATTRIBUTE_OUT_OF_SCOPE}. IdPs whose scopes are not enforced (configured by
 * hand without scopes, see {@link TrustedIdp}) are not checked.
 */
public final class ScopedAttributeStep implements ValidationStep {
    private static final Logger LOG = LoggerFactory.getLogger(ScopedAttributeStep.class);
    private static final Set<String> SCOPED_NAMES = Set.of(
            "urn:oid:1.3.6.1.4.1.5923.1.1.1.6", "urn:oid:1.3.6.1.4.1.5923.1.1.1.9",
            "urn:oasis:names:tc:saml:attribute:subject-id", "urn:oasis:names:tc:saml:attribute:pairwise-id",
            "urn:mace:dir:attribute-def:edupersonprincipalname",
            "urn:mace:dir:attribute-def:edupersonscopedaffiliation",
            "edupersonprincipalname", "edupersonscopedaffiliation", "subject-id", "pairwise-id");
    private static final int MAX_SCOPES_SHOWN = 5;

    private final ScopedAttributePolicy policy;

    /** The step with {@code policy}. */
    public ScopedAttributeStep(ScopedAttributePolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Whether samlec treats an attribute with this Name or FriendlyName as scoped. */
    static boolean isScoped(SamlAttribute attribute) {
        return SCOPED_NAMES.contains(attribute.name().toLowerCase(Locale.ROOT))
                || attribute.friendlyName().map(f -> SCOPED_NAMES.contains(f.toLowerCase(Locale.ROOT))).orElse(false);
    }

    @Override
    public void apply(ValidationState state) throws EcpException {
        TrustedIdp idp = state.trustedIdp();
        if (idp == null) {
            throw Values.fail(EcpError.INTERNAL_ERROR, "scoped attributes checked before the IdP was resolved");
        }
        if (!idp.scopesEnforced()) {
            return;
        }
        SamlIdentity identity = state.identity();
        List<SamlAttribute> kept = new ArrayList<>();
        Set<String> dropped = new LinkedHashSet<>();
        Set<String> scopesSeen = new LinkedHashSet<>();
        int droppedValues = 0;
        for (SamlAttribute attribute : identity.attributes()) {
            if (!isScoped(attribute)) {
                kept.add(attribute);
                continue;
            }
            List<String> inScope = new ArrayList<>();
            for (String value : attribute.values()) {
                String scope = scopeOf(value);
                if (scope != null && idp.allowsScope(scope)) {
                    inScope.add(value);
                    continue;
                }
                if (policy == ScopedAttributePolicy.REFUSE) {
                    throw Values.fail(EcpError.ATTRIBUTE_OUT_OF_SCOPE, "Attribute " + Values.quote(attribute.name())
                            + ": a value with scope " + Values.quote(scope) + " is outside the scopes of IdP "
                            + Values.quote(idp.entityId()) + " " + idp.scopes());
                }
                droppedValues++;
                dropped.add(Values.quote(attribute.friendlyName().orElse(attribute.name())));
                if (scopesSeen.size() < MAX_SCOPES_SHOWN) {
                    scopesSeen.add(Values.quote(scope));
                }
            }
            if (!inScope.isEmpty()) {
                kept.add(inScope.size() == attribute.values().size() ? attribute
                        : new SamlAttribute(attribute.name(), attribute.friendlyName().orElse(null), inScope));
            }
        }
        if (droppedValues > 0) {
            LOG.warn("IdP {}: dropped {} scoped attribute value(s) of {} outside its scopes {} (scopes seen: {})",
                    Values.quote(idp.entityId()), droppedValues, dropped, idp.scopes(), scopesSeen);
            state.identity(identity.withAttributes(kept));
        }
    }

    /** The text after the last {@code @}, or null when there is none or it is empty. */
    static String scopeOf(String value) {
        int at = value.lastIndexOf('@');
        return at < 0 || at == value.length() - 1 ? null : value.substring(at + 1);
    }
}
