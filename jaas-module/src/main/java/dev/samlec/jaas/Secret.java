package dev.samlec.jaas;

import java.util.Arrays;
import java.util.Objects;

/**
 * A password from the options or the application, kept as {@code char[]} so it can be wiped. {@link #toString()}
 * never shows it, so option records that hold one can be printed safely.
 */
final class Secret {
    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    /** A secret holding a copy of {@code value}. */
    static Secret of(char[] value) {
        return new Secret(Objects.requireNonNull(value, "value").clone());
    }

    /** A secret that owns {@code value} (not copied: the caller hands it over and must not keep it). */
    static Secret take(char[] value) {
        return new Secret(Objects.requireNonNull(value, "value"));
    }

    /** A copy of the value; the caller wipes it after use. */
    char[] copy() {
        return value.clone();
    }

    /** Overwrites the value. */
    void wipe() {
        Arrays.fill(value, '\0');
    }

    @Override
    public String toString() {
        return "[redacted]";
    }
}
