package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.util.Objects;

/**
 * Step 6: Response Destination. Required when the Response is signed (SAML bindings §3.4.5.2 / PAOS); when present it
 * must equal this service's ACS URL exactly (no normalisation: scheme, host case, port, trailing slash and
 * percent-encoding all count). An unsigned Response without Destination passes this step; its signed assertion's
 * bearer Recipient is checked later.
 */
public final class DestinationStep implements ValidationStep {
    private final String acs;

    /** The step for the ACS URL {@code acs}. */
    public DestinationStep(String acs) {
        this.acs = Objects.requireNonNull(acs, "acs");
    }

    @Override
    public void apply(ValidationState state) throws EcpException {
        org.w3c.dom.Element root = state.response().getDOM();
        String destination = root.hasAttributeNS(null, "Destination") ? root.getAttributeNS(null, "Destination")
                : null;
        if (destination == null && state.responseSignedBy() == null) {
            return;
        }
        if (!acs.equals(destination)) {
            throw Values.mismatch(EcpError.INVALID_DESTINATION, "Response Destination", acs, destination);
        }
    }
}
