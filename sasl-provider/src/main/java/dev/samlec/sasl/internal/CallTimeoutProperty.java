package dev.samlec.sasl.internal;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.sasl.SamlecSasl;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * The client property {@link SamlecSasl#CALL_TIMEOUT}: a {@link Duration}, or its ISO-8601 text ({@code PT15S}, as
 * a Kafka client's properties give it), between 1 ms and 24 days. When set it replaces the call timeout of every
 * IdP endpoint the client uses, whichever source the endpoint came from.
 */
final class CallTimeoutProperty {
    private CallTimeoutProperty() {
    }

    /** The configured call timeout, if any. */
    static Optional<Duration> of(Map<String, ?> props) throws EcpConfigurationException {
        Object value = props == null ? null : props.get(SamlecSasl.CALL_TIMEOUT);
        if (value == null) {
            return Optional.empty();
        }
        Duration timeout;
        if (value instanceof Duration d) {
            timeout = d;
        } else if (value instanceof String text) {
            try {
                timeout = Duration.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw problem(value, "must be an ISO-8601 duration such as PT15S");
            }
        } else {
            throw problem(value, "must be a java.time.Duration or an ISO-8601 String such as PT15S");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofDays(24)) > 0) {
            throw problem(value, "must be between 1 ms and 24 days");
        }
        return Optional.of(timeout);
    }

    private static EcpConfigurationException problem(Object value, String problem) {
        return new EcpConfigurationException("property " + SamlecSasl.CALL_TIMEOUT + ": " + problem + " (value: "
                + value + ")");
    }
}
