package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpException;

/** One check of the Response validation pipeline; it throws at the first problem and may add to the state. */
public interface ValidationStep {
    /**
     * Runs the check.
     *
     * @throws EcpException with the step's error code when the check fails
     */
    void apply(ValidationState state) throws EcpException;

    /** The step's name, for logs. */
    default String name() {
        return getClass().getSimpleName();
    }
}
