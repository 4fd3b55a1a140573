package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.util.ArrayList;
import java.util.List;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;

/**
 * Step 3: the top-level StatusCode must be Success. Otherwise the failure names every status code and the
 * StatusMessage, even if an assertion (signed or not) is present.
 */
public final class StatusStep implements ValidationStep {
    @Override
    public void apply(ValidationState state) throws EcpException {
        Status status = state.response().getStatus();
        if (status == null || status.getDOM() == null
                || Dom.children(status.getDOM(), Dom.SAMLP, "StatusCode").size() != 1) {
            throw Values.fail(EcpError.INVALID_STRUCTURE, "Response Status: expected exactly one StatusCode");
        }
        StatusCode code = status.getStatusCode();
        if (code != null && StatusCode.SUCCESS.equals(code.getValue())) {
            return;
        }
        List<String> codes = new ArrayList<>();
        for (StatusCode c = code; c != null && codes.size() < 5; c = c.getStatusCode()) {
            codes.add(Values.quote(c.getValue()));
        }
        String message = status.getStatusMessage() == null ? null : Values.text(status.getStatusMessage());
        throw Values.fail(EcpError.STATUS_NOT_SUCCESS, "Response StatusCode: expected "
                + Values.quote(StatusCode.SUCCESS) + ", saw " + String.join(" / ", codes) + "; StatusMessage "
                + Values.quote(message));
    }
}
