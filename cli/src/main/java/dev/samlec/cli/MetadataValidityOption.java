package dev.samlec.cli;

import dev.samlec.mech.metadata.MetadataValidity;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --metadata-max-validity DURATION|none}: how far ahead a signed metadata document's {@code validUntil} may
 * be ({@link MetadataValidity}); shared by every command that takes {@code --metadata-signing-cert}.
 */
final class MetadataValidityOption {
    static final String NAME = "--metadata-max-validity";

    @Option(names = NAME, paramLabel = "DURATION|none", description = "Signed metadata (--metadata-signing-cert, and"
            + " every MDQ answer) must carry a validUntil at most this far ahead (ISO-8601, default P14D), else it is"
            + " refused: a signature never expires, so this bounds how long a replayed old copy stays acceptable."
            + " 'none' accepts signed metadata without validUntil.")
    private String value;

    /**
     * The rule; the default without the option.
     *
     * @param signingCertificates {@code --metadata-signing-cert}, {@code null} when not given
     * @throws UsageException for a value that is not a positive duration or {@code none}, or the option without
     *     {@code --metadata-signing-cert} (it would check nothing)
     */
    MetadataValidity validity(Path signingCertificates) throws UsageException {
        if (value == null) {
            return MetadataValidity.defaults();
        }
        if (signingCertificates == null) {
            throw new UsageException(NAME + " needs --metadata-signing-cert: it limits how long signed metadata may"
                    + " claim to be valid");
        }
        try {
            return MetadataValidity.parse(value, "option " + NAME);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
