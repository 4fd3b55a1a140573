package dev.samlec.mech.metadata;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The argument checks the metadata builders share (timeouts, cache times, sizes, signing certificates), so that
 * every builder refuses a bad value with the same message naming the setting.
 */
final class BuilderChecks {
    private BuilderChecks() {
    }

    /** {@code value}, if it is longer than zero; else {@code "<name> must be positive, was <value>"}. */
    static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    /** {@code value}, if it is zero or longer; else {@code "<name> must not be negative, was <value>"}. */
    static Duration notNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
        return value;
    }

    /** {@code value}, if it is above zero; else {@code "<name> must be positive, was <value>"}. */
    static int positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    /**
     * An immutable copy of {@code certificates}, if it holds at least one and no null: an empty trust list never
     * turns verification off.
     *
     * @param refusal the message when it does not (say what the certificates are for and what to do instead)
     */
    static List<X509Certificate> signingCertificates(List<X509Certificate> certificates, String refusal) {
        Objects.requireNonNull(certificates, "certificates");
        if (certificates.isEmpty() || certificates.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(refusal);
        }
        return List.copyOf(certificates);
    }
}
