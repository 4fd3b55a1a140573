package dev.samlec.cli;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.Pem;
import dev.samlec.mech.client.TlsTrust;
import java.nio.file.Path;
import java.util.Optional;

/** A command's TLS trust choice: {@code --trust PEM} (pinned anchors), {@code --system-trust}, or neither. */
final class TrustChoice {
    private TrustChoice() {
    }

    /**
     * The choice, empty when neither option was given.
     *
     * @throws UsageException if both were given
     * @throws EcpConfigurationException if the PEM file cannot be read
     */
    static Optional<TlsTrust> of(Path trust, boolean systemTrust) throws UsageException, EcpConfigurationException {
        if (trust != null && systemTrust) {
            throw new UsageException("--trust and --system-trust exclude each other");
        }
        if (trust != null) {
            return Optional.of(TlsTrust.pinned(Pem.readCertificates(trust)));
        }
        return systemTrust ? Optional.of(TlsTrust.system()) : Optional.empty();
    }
}
