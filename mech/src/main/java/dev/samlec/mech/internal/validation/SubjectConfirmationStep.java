package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.service.ValidationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;

/**
 * Step 8: at least one SubjectConfirmation must pass every bearer check on its own (fields of two confirmations are
 * never combined): Method bearer; SubjectConfirmationData present; Recipient equal to the ACS URL; NotOnOrAfter present
 * and not passed (skew allowed); no NotBefore (SAML profiles §4.1.4.2); InResponseTo equal to the Response's (required
 * unless the context is unchecked). Holder-of-key and sender-vouches are not supported and never pass.
 */
public final class SubjectConfirmationStep implements ValidationStep {
    private final String acs;
    private final Duration skew;

    /** The step for the ACS URL {@code acs} with {@code skew}. */
    public SubjectConfirmationStep(String acs, Duration skew) {
        this.acs = Objects.requireNonNull(acs, "acs");
        this.skew = Objects.requireNonNull(skew, "skew");
    }

    @Override
    public void apply(ValidationState state) throws EcpException {
        Subject subject = state.assertion().getSubject();
        if (subject == null) {
            throw Values.fail(EcpError.INVALID_SUBJECT, "Assertion Subject: required, saw none");
        }
        List<String> problems = new ArrayList<>();
        List<SubjectConfirmation> confirmations = subject.getSubjectConfirmations();
        for (int i = 0; i < confirmations.size(); i++) {
            String problem = problem(confirmations.get(i), state);
            if (problem == null) {
                state.confirmation(confirmations.get(i));
                return;
            }
            problems.add("#" + (i + 1) + " " + problem);
        }
        throw Values.fail(EcpError.INVALID_SUBJECT_CONFIRMATION, "no SubjectConfirmation passes every bearer check"
                + (problems.isEmpty() ? " (there is none)" : ": " + String.join("; ", problems)));
    }

    /** Why {@code c} does not pass, or null if it does. */
    private String problem(SubjectConfirmation c, ValidationState state) {
        if (!SubjectConfirmation.METHOD_BEARER.equals(c.getMethod())) {
            return "Method: expected " + Values.quote(SubjectConfirmation.METHOD_BEARER) + ", saw "
                    + Values.quote(c.getMethod());
        }
        SubjectConfirmationData data = c.getSubjectConfirmationData();
        if (data == null) {
            return "SubjectConfirmationData: required, saw none";
        }
        if (!acs.equals(data.getRecipient())) {
            return "Recipient: expected " + Values.quote(acs) + ", saw " + Values.quote(data.getRecipient());
        }
        if (data.getNotOnOrAfter() == null) {
            return "NotOnOrAfter: required, saw none";
        }
        if (TimeWindow.expired(state.now(), skew, data.getNotOnOrAfter())) {
            return TimeWindow.expiredMessage("the bearer confirmation", "SubjectConfirmationData NotOnOrAfter",
                    data.getNotOnOrAfter(), state.now(), skew);
        }
        if (data.getNotBefore() != null) {
            return "NotBefore: must be absent on a bearer confirmation, saw " + data.getNotBefore();
        }
        String irt = data.getInResponseTo();
        boolean unchecked = state.context().binding() == ValidationContext.Binding.UNCHECKED;
        if (unchecked ? irt != null && state.inResponseTo() != null && !irt.equals(state.inResponseTo())
                : !Objects.equals(irt, state.inResponseTo())) {
            return "InResponseTo: expected " + Values.quote(state.inResponseTo()) + ", saw " + Values.quote(irt);
        }
        return null;
    }
}
