package dev.samlec.mech.internal.validation;

import java.time.Duration;
import java.time.Instant;

/** Time comparisons with clock skew: NotBefore is inclusive, NotOnOrAfter exclusive (SAML core §2.5.1.2). */
final class TimeWindow {
    private TimeWindow() {
    }

    /** Whether {@code now} is still before {@code notBefore}, even allowing for {@code skew}. */
    static boolean notYetValid(Instant now, Duration skew, Instant notBefore) {
        return notBefore != null && now.plus(skew).isBefore(notBefore);
    }

    /** Whether {@code now} is at or after {@code notOnOrAfter}, even allowing for {@code skew}. */
    static boolean expired(Instant now, Duration skew, Instant notOnOrAfter) {
        return notOnOrAfter != null && !now.minus(skew).isBefore(notOnOrAfter);
    }
}
