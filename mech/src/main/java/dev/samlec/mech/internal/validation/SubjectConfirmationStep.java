package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.service.ConfirmationMethods;
import dev.samlec.mech.service.ValidationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;

/**
 * Step 8: at least one SubjectConfirmation must pass every check of its method on its own (fields of two
 * confirmations are never combined): Method one the service accepts ({@link ConfirmationMethods}: bearer by
 * default); SubjectConfirmationData present; Recipient equal to the ACS URL; NotOnOrAfter present and not passed (skew
 * allowed); InResponseTo equal to the Response's (required unless the context is unchecked). A bearer confirmation
 * must have no NotBefore (SAML profiles §4.1.4.2); a holder-of-key one may have a NotBefore that has been reached and
 * must prove possession ({@link HolderOfKeyProof}: its KeyInfo names the key of the connection's TLS client
 * certificate). Sender-vouches and other methods never pass.
 */
public final class SubjectConfirmationStep implements ValidationStep {
    private final String acs;
    private final Duration skew;
    private final ConfirmationMethods methods;

    /** The step for the ACS URL {@code acs} with {@code skew}, accepting {@code methods}. */
    public SubjectConfirmationStep(String acs, Duration skew, ConfirmationMethods methods) {
        this.acs = Objects.requireNonNull(acs, "acs");
        this.skew = Objects.requireNonNull(skew, "skew");
        this.methods = Objects.requireNonNull(methods, "methods");
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
        throw Values.fail(EcpError.INVALID_SUBJECT_CONFIRMATION, "no SubjectConfirmation passes every "
                + methods.describe() + " check"
                + (problems.isEmpty() ? " (there is none)" : ": " + String.join("; ", problems)));
    }

    /** Why {@code c} does not pass, or null if it does. */
    private String problem(SubjectConfirmation c, ValidationState state) {
        boolean bearer = SubjectConfirmation.METHOD_BEARER.equals(c.getMethod());
        boolean holderOfKey = SubjectConfirmation.METHOD_HOLDER_OF_KEY.equals(c.getMethod());
        if (!(bearer && methods.acceptsBearer() || holderOfKey && methods.acceptsHolderOfKey())) {
            return "Method: expected " + expectedMethods() + ", saw " + Values.quote(c.getMethod())
                    + (methods == ConfirmationMethods.BEARER_OR_HOLDER_OF_KEY ? ""
                            : " (this service accepts " + methods.describe() + " only)");
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
            return TimeWindow.expiredMessage(bearer ? "the bearer confirmation" : "the holder-of-key confirmation",
                    "SubjectConfirmationData NotOnOrAfter", data.getNotOnOrAfter(), state.now(), skew);
        }
        if (bearer && data.getNotBefore() != null) {
            return "NotBefore: must be absent on a bearer confirmation, saw " + data.getNotBefore();
        }
        if (data.getNotBefore() != null && TimeWindow.notYetValid(state.now(), skew, data.getNotBefore())) {
            return TimeWindow.notYetValidMessage("the holder-of-key confirmation",
                    "SubjectConfirmationData NotBefore", data.getNotBefore(), state.now(), skew);
        }
        String irt = data.getInResponseTo();
        boolean unchecked = state.context().binding() == ValidationContext.Binding.UNCHECKED;
        if (unchecked ? irt != null && state.inResponseTo() != null && !irt.equals(state.inResponseTo())
                : !Objects.equals(irt, state.inResponseTo())) {
            return "InResponseTo: expected " + Values.quote(state.inResponseTo()) + ", saw " + Values.quote(irt);
        }
        return bearer ? null : HolderOfKeyProof.problem(data, state.context().clientCertificate());
    }

    private String expectedMethods() {
        String bearer = Values.quote(SubjectConfirmation.METHOD_BEARER);
        String holderOfKey = Values.quote(SubjectConfirmation.METHOD_HOLDER_OF_KEY);
        if (methods.acceptsBearer() && methods.acceptsHolderOfKey()) {
            return bearer + " or " + holderOfKey;
        }
        return methods.acceptsBearer() ? bearer : holderOfKey;
    }
}
