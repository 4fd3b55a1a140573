package dev.samlec.mech.internal.validation;

import java.time.Duration;
import java.time.Instant;

/**
 * Time comparisons with clock skew: NotBefore is inclusive, NotOnOrAfter exclusive (SAML core §2.5.1.2); and the
 * sentences that explain a refusal forwards ("the assertion expired at T (NotOnOrAfter), 72 minutes before now").
 */
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

    /**
     * {@code <what> expired at <notOnOrAfter> (<field>), 72 minutes before now (<now>, clock skew 180 s)}.
     *
     * @param what the subject of the sentence, e.g. "the assertion"
     * @param field the attribute that was compared, e.g. "Conditions NotOnOrAfter"
     */
    static String expiredMessage(String what, String field, Instant notOnOrAfter, Instant now, Duration skew) {
        return what + " expired at " + notOnOrAfter + " (" + field + "), " + distance(notOnOrAfter, now)
                + " before now (" + now + ", " + skew(skew) + ")";
    }

    /** {@code <what> is valid only from <notBefore> (<field>), 33 minutes after now (<now>, clock skew 180 s)}. */
    static String notYetValidMessage(String what, String field, Instant notBefore, Instant now, Duration skew) {
        return what + " is valid only from " + notBefore + " (" + field + "), " + distance(now, notBefore)
                + " after now (" + now + ", " + skew(skew) + "); check the clocks of this host and the IdP";
    }

    private static String skew(Duration skew) {
        return "clock skew " + skew.toSeconds() + " s";
    }

    /** The time from {@code earlier} to {@code later} in the largest unit that keeps it readable. */
    static String distance(Instant earlier, Instant later) {
        long seconds = Math.max(0, Duration.between(earlier, later).toSeconds());
        if (seconds < 600) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + " minutes";
        }
        if (seconds < 2 * 86400) {
            return seconds / 3600 + " hours";
        }
        return seconds / 86400 + " days";
    }
}
