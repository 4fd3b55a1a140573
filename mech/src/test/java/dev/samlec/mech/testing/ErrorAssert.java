package dev.samlec.mech.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import org.assertj.core.api.Condition;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on {@link EcpError} codes (never on message text alone). */
public final class ErrorAssert {
    private ErrorAssert() {
    }

    /** A condition matching an {@link EcpException} with {@code expected} as its code. */
    public static Condition<Throwable> errorOf(EcpError expected) {
        return new Condition<>(t -> t instanceof EcpException && ((EcpException) t).error() == expected,
                "an EcpException with error %s", expected);
    }

    /** Runs {@code call}, asserts it throws an {@link EcpException} with code {@code expected}, and returns it. */
    public static EcpException assertError(EcpError expected, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected an EcpException %s", expected).isInstanceOf(EcpException.class);
        EcpException e = (EcpException) thrown;
        assertThat(e.error()).as("error code (message: %s)", e.getMessage()).isEqualTo(expected);
        return e;
    }
}
