package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.Conditions;
import org.w3c.dom.Element;

/**
 * Step 9: the assertion's validity window and audience. IssueInstant may not be in the future; NotBefore (inclusive)
 * and NotOnOrAfter (exclusive) are compared with skew; Conditions must hold at least one AudienceRestriction and
 * every one of them must name this service's entityID (exact match); a condition other than AudienceRestriction,
 * OneTimeUse (enforced by the replay cache anyway) or ProxyRestriction is not understood and rejected.
 */
public final class ConditionsStep implements ValidationStep {
    private final String entityId;
    private final Duration skew;

    /** The step for this service's {@code entityId} with {@code skew}. */
    public ConditionsStep(String entityId, Duration skew) {
        this.entityId = Objects.requireNonNull(entityId, "entityId");
        this.skew = Objects.requireNonNull(skew, "skew");
    }

    @Override
    public void apply(ValidationState state) throws EcpException {
        Assertion assertion = state.assertion();
        if (TimeWindow.notYetValid(state.now(), skew, assertion.getIssueInstant())) {
            throw Values.fail(EcpError.ASSERTION_NOT_YET_VALID, "the assertion was issued at "
                    + assertion.getIssueInstant() + " (Assertion IssueInstant), " + TimeWindow.distance(state.now(),
                    assertion.getIssueInstant()) + " after now (" + state.now() + ", clock skew " + skew.toSeconds()
                    + " s); check the clocks of this host and the IdP");
        }
        Conditions conditions = assertion.getConditions();
        if (conditions == null) {
            throw Values.fail(EcpError.INVALID_AUDIENCE, "Assertion Conditions: expected an AudienceRestriction "
                    + "naming " + Values.quote(entityId) + ", saw no Conditions");
        }
        checkKnownConditions(conditions.getDOM());
        if (TimeWindow.notYetValid(state.now(), skew, conditions.getNotBefore())) {
            throw Values.fail(EcpError.ASSERTION_NOT_YET_VALID, TimeWindow.notYetValidMessage("the assertion",
                    "Conditions NotBefore", conditions.getNotBefore(), state.now(), skew));
        }
        if (TimeWindow.expired(state.now(), skew, conditions.getNotOnOrAfter())) {
            throw Values.fail(EcpError.ASSERTION_EXPIRED, TimeWindow.expiredMessage("the assertion",
                    "Conditions NotOnOrAfter", conditions.getNotOnOrAfter(), state.now(), skew));
        }
        checkAudiences(conditions.getAudienceRestrictions());
    }

    private void checkAudiences(List<AudienceRestriction> restrictions) throws EcpException {
        if (restrictions.isEmpty()) {
            throw Values.fail(EcpError.INVALID_AUDIENCE, "Conditions AudienceRestriction: expected at least one "
                    + "naming " + Values.quote(entityId) + ", saw none");
        }
        for (AudienceRestriction restriction : restrictions) {
            List<String> audiences = new ArrayList<>();
            for (Audience audience : restriction.getAudiences()) {
                audiences.add(Values.text(audience));
            }
            if (!audiences.contains(entityId)) {
                throw Values.fail(EcpError.INVALID_AUDIENCE, "AudienceRestriction Audience: expected "
                        + Values.quote(entityId) + " in every AudienceRestriction, saw " + quoted(audiences));
            }
        }
    }

    private static String quoted(List<String> values) {
        List<String> shown = new ArrayList<>();
        for (String v : values.subList(0, Math.min(values.size(), 5))) {
            shown.add(Values.quote(v));
        }
        return shown + (values.size() > 5 ? " and " + (values.size() - 5) + " more" : "");
    }

    private static void checkKnownConditions(Element conditions) throws EcpException {
        for (Element child : Dom.children(conditions)) {
            boolean known = Dom.is(child, Dom.SAML, "AudienceRestriction") || Dom.is(child, Dom.SAML, "OneTimeUse")
                    || Dom.is(child, Dom.SAML, "ProxyRestriction");
            if (!known) {
                throw Values.fail(EcpError.INVALID_STRUCTURE, "Conditions: condition " + Dom.name(child)
                        + " is not understood");
            }
        }
    }
}
