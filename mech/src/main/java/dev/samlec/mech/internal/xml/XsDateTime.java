package dev.samlec.mech.internal.xml;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the common shape of an {@code xs:dateTime} without any lock: {@code YYYY-MM-DDThh:mm:ss[.f{1,9}]} followed by
 * {@code Z} or {@code ±hh:mm}, year 1583-9999, after {@link String#trim()}. Every value of that shape gives exactly
 * the instant that OpenSAML's own {@code DOMTypeSupport.stringToInstant} gives (fraction truncated to milliseconds,
 * as its {@code GregorianCalendar} does); anything else (no zone, hour 24, other years, more digits, an invalid
 * date) gives {@code null}, so the caller falls back to OpenSAML's reading and its errors.
 *
 * <p>Why: OpenSAML's reading goes through {@code XMLGregorianCalendar.toGregorianCalendar}, which calls the JDK's
 * {@code TimeZone.getTimeZone(String)}, a static synchronized method, for every time attribute of every message; with
 * more threads than cores that lock was the largest wait of a validation (docs/performance.md).
 */
public final class XsDateTime {
    private static final int MIN_YEAR = 1583;

    private XsDateTime() {
    }

    /**
     * The instant of {@code value} if it has the common shape and names a real date and time, else {@code null}.
     */
    public static Instant parseCommon(String value) {
        if (value == null) {
            return null;
        }
        String s = value.trim();
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < MIN_YEAR || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        int millis = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            int count = i - start;
            if (count < 1 || count > 9) {
                return null;
            }
            for (int k = 0; k < 3; k++) {
                millis = millis * 10 + (k < count ? s.charAt(start + k) - '0' : 0);
            }
        }
        if (i >= n) {
            return null;
        }
        int offsetSeconds;
        char zone = s.charAt(i);
        if (zone == 'Z' && i + 1 == n) {
            offsetSeconds = 0;
        } else if ((zone == '+' || zone == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int offsetHours = digits(s, i + 1, 2);
            int offsetMinutes = digits(s, i + 4, 2);
            if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59 || offsetHours > 14
                    || (offsetHours == 14 && offsetMinutes != 0)) {
                return null;
            }
            offsetSeconds = (zone == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
        } else {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(seconds, millis * 1_000_000L);
    }

    /** The decimal value of {@code count} ASCII digits at {@code from}, or -1 if one is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int k = from; k < from + count; k++) {
            char c = s.charAt(k);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
