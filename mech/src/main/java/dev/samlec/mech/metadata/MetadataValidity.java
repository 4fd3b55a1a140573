package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a metadata document trusted by its signature must say about its own expiry. A signature never expires, so a
 * signed document without {@code validUntil}, or with one years ahead, stays acceptable for ever: anyone who kept a
 * copy (or sits on an http path) can serve it long after the IdP rotated a compromised key out or moved its ECP
 * endpoint. Federations therefore publish signed metadata valid for days (5 to 14 is usual), and consumers refuse
 * documents without that limit (Shibboleth's {@code RequiredValidUntil} filter).
 *
 * <p>The default ({@link #defaults()}) requires a {@code validUntil} at most {@value #DEFAULT_MAX_VALIDITY_DAYS}
 * days ahead of the current time (plus {@link #CLOCK_ALLOWANCE} for a publisher whose clock runs ahead). It applies
 * only to metadata verified by a signature: an unsigned file or URL is trusted by the path it came by. An expired
 * document is refused whatever this says. Failures are {@link EcpError#METADATA_INVALID} naming the document, the
 * values seen and the setting that changes the limit. Immutable.
 */
public final class MetadataValidity {
    /** Default longest validity a signed document may claim, in days. */
    public static final int DEFAULT_MAX_VALIDITY_DAYS = 14;
    /** Added to the limit: a publisher whose clock is ahead of ours must not make fresh metadata too long-lived. */
    public static final Duration CLOCK_ALLOWANCE = Duration.ofMinutes(5);
    /** The text that turns the requirement off in the JAAS and command-line settings. */
    public static final String NONE = "none";
    private static final MetadataValidity DEFAULTS = new MetadataValidity(Duration.ofDays(DEFAULT_MAX_VALIDITY_DAYS));
    private static final MetadataValidity NOT_REQUIRED = new MetadataValidity(null);
    private static final String SETTINGS = "MetadataValidity in the API, idpMetadataMaxValidity in JAAS,"
            + " --metadata-max-validity in the CLI";

    private final Duration maxValidity;

    private MetadataValidity(Duration maxValidity) {
        this.maxValidity = maxValidity;
    }

    /** {@code validUntil} required, at most {@value #DEFAULT_MAX_VALIDITY_DAYS} days ahead. */
    public static MetadataValidity defaults() {
        return DEFAULTS;
    }

    /**
     * {@code validUntil} required, at most {@code maxValidity} ahead of the current time.
     *
     * @throws IllegalArgumentException unless {@code maxValidity} is positive
     */
    public static MetadataValidity requiredWithin(Duration maxValidity) {
        Objects.requireNonNull(maxValidity, "maxValidity");
        if (maxValidity.isNegative() || maxValidity.isZero()) {
            throw new IllegalArgumentException("the longest metadata validity must be positive, not " + maxValidity
                    + " (to accept signed metadata without validUntil, use notRequired())");
        }
        return new MetadataValidity(maxValidity);
    }

    /**
     * Any {@code validUntil} or none: only for a publisher known to sign without one, and only where a replayed old
     * document is acceptable (the transport authenticates the publisher, or nothing in it can be rotated).
     */
    public static MetadataValidity notRequired() {
        return NOT_REQUIRED;
    }

    /**
     * A setting's text: {@value #NONE}, or an ISO-8601 duration ({@code P14D}, {@code PT36H}).
     *
     * @param setting names the setting in the message
     * @throws IllegalArgumentException naming the setting and what it accepts
     */
    public static MetadataValidity parse(String text, String setting) {
        Objects.requireNonNull(text, "text");
        String value = text.strip();
        if (NONE.equals(value.toLowerCase(Locale.ROOT))) {
            return NOT_REQUIRED;
        }
        Duration duration;
        try {
            duration = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(setting + " must be an ISO-8601 duration such as P14D or PT36H, or "
                    + NONE + ", not '" + value + "'", e);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(setting + " must be a positive duration, or " + NONE + ", not '"
                    + value + "'");
        }
        return new MetadataValidity(duration);
    }

    /** Whether signed metadata must carry a {@code validUntil}. */
    public boolean required() {
        return maxValidity != null;
    }

    /** The longest validity a signed document may claim; empty when none is required. */
    public Optional<Duration> maxValidity() {
        return Optional.ofNullable(maxValidity);
    }

    /**
     * Checks the {@code validUntil} that applies to a signed document, {@code null} when there is none: the earliest
     * on the element used and the elements enclosing it, up to the element whose signature verified (never one
     * outside it, which anyone could have added).
     *
     * @param source names the document, e.g. "metadata from https://mds.example.org/"
     * @throws EcpConfigurationException {@code metadata_invalid} when it is missing or too far ahead
     */
    public void check(Instant validUntil, Instant now, String source) throws EcpConfigurationException {
        if (maxValidity == null) {
            return;
        }
        if (validUntil == null) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID, source + ": signed metadata without"
                    + " validUntil is refused: its signature never expires, so an old copy could be served for ever;"
                    + " the publisher should set validUntil (federations use 5 to 14 days). To accept it anyway, set"
                    + " the longest metadata validity to " + NONE + " (" + SETTINGS + ")");
        }
        if (validUntil.isAfter(limit(now))) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID, source + ": signed metadata claims to"
                    + " be valid until " + validUntil + ", " + roughly(Duration.between(now, validUntil))
                    + " after the current time " + now + ", more than the longest validity allowed, "
                    + describe(maxValidity) + ": a replayed old copy would stay acceptable that long. Ask the publisher"
                    + " for a shorter validUntil, or raise the longest metadata validity (" + SETTINGS + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetadataValidity && Objects.equals(maxValidity, ((MetadataValidity) o).maxValidity);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(maxValidity);
    }

    @Override
    public String toString() {
        return maxValidity == null ? "validUntil not required" : "validUntil required, at most "
                + describe(maxValidity) + " ahead";
    }

    /** {@code now + maxValidity + CLOCK_ALLOWANCE}, or {@link Instant#MAX} when that is past the end of time. */
    private Instant limit(Instant now) {
        try {
            return now.plus(maxValidity.plus(CLOCK_ALLOWANCE));
        } catch (DateTimeException | ArithmeticException e) {
            return Instant.MAX;
        }
    }

    /** Whole days from two days on, else whole hours from two hours on, else minutes. */
    private static String roughly(Duration d) {
        if (d.toDays() >= 2) {
            return d.toDays() + " days";
        }
        if (d.toHours() >= 2) {
            return d.toHours() + " hours";
        }
        return d.toMinutes() + " minutes";
    }

    /** {@code 14 days}, {@code 36 hours}, else ISO-8601. */
    private static String describe(Duration d) {
        long seconds = d.getSeconds();
        if (d.getNano() == 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + (seconds == 86_400 ? " day" : " days");
        }
        if (d.getNano() == 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + (seconds == 3_600 ? " hour" : " hours");
        }
        return d.toString();
    }
}
