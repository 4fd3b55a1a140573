package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.service.RequestTracker;
import dev.samlec.mech.service.ValidationContext;
import java.util.Objects;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;

/**
 * Step 7: InResponseTo. Unless the context is {@link ValidationContext#unchecked()}, Response/@InResponseTo is
 * required, must be the expected ID (for {@link ValidationContext#expect}) and is consumed: in the exchange's own
 * {@link dev.samlec.mech.service.ExchangeRequest} when the context holds one, else in the {@link RequestTracker}.
 * Every bearer SubjectConfirmationData/@InResponseTo present must equal it (the next step additionally requires it
 * on the confirmation it selects).
 *
 * <p>The ID is consumed <em>here</em>, before the later checks: an exchange whose Response fails any later check
 * cannot be retried with the same request ID, so a failed attempt never leaves a consumable ID behind.
 */
public final class InResponseToStep implements ValidationStep {
    private final RequestTracker tracker;

    /** The step consuming IDs from {@code tracker}. */
    public InResponseToStep(RequestTracker tracker) {
        this.tracker = Objects.requireNonNull(tracker, "tracker");
    }

    @Override
    public void apply(ValidationState state) throws EcpException {
        ValidationContext context = state.context();
        String irt = state.response().getInResponseTo();
        for (SubjectConfirmation c : Bearer.confirmations(state.assertion())) {
            SubjectConfirmationData data = c.getSubjectConfirmationData();
            String confirmationIrt = data == null ? null : data.getInResponseTo();
            if (confirmationIrt != null && !confirmationIrt.equals(irt)) {
                throw Values.mismatch(EcpError.INVALID_IN_RESPONSE_TO,
                        "bearer SubjectConfirmationData InResponseTo (must equal Response InResponseTo)", irt,
                        confirmationIrt);
            }
        }
        if (context.binding() == ValidationContext.Binding.UNCHECKED) {
            state.inResponseTo(irt);
            return;
        }
        if (irt == null) {
            throw Values.mismatch(EcpError.INVALID_IN_RESPONSE_TO, "Response InResponseTo",
                    context.requestId().orElse("an ID issued by this service"), null);
        }
        if (context.binding() == ValidationContext.Binding.EXPECTED && !irt.equals(context.requestId().get())) {
            throw Values.mismatch(EcpError.INVALID_IN_RESPONSE_TO, "Response InResponseTo",
                    context.requestId().get(), irt);
        }
        if (context.exchangeRequest().isPresent()) {
            if (!context.exchangeRequest().get().consume(state.now())) {
                throw Values.fail(EcpError.INVALID_IN_RESPONSE_TO, "Response InResponseTo: " + Values.quote(irt)
                        + " is no longer outstanding in this exchange (expired or already answered)");
            }
        } else if (!tracker.consume(irt)) {
            throw Values.fail(EcpError.INVALID_IN_RESPONSE_TO, "Response InResponseTo: " + Values.quote(irt)
                    + " is not an outstanding request of this service (unknown, expired or already answered)");
        }
        state.inResponseTo(irt);
    }
}
