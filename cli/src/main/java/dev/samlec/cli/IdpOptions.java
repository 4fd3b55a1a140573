package dev.samlec.cli;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.client.TlsTrust;
import dev.samlec.mech.metadata.IdpMetadata;
import dev.samlec.mech.metadata.MetadataLoader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options that name an identity provider: its SOAP URL, or its metadata (file or URL, optionally with the
 * certificate its signature must verify with) and entity ID.
 */
final class IdpOptions {
    @Option(names = "--idp", paramLabel = "URL",
            description = "The IdP's ECP (SOAP SingleSignOnService) URL.")
    URI idpUrl;

    @Option(names = "--idp-metadata", paramLabel = "FILE|URL",
            description = "IdP metadata (EntityDescriptor or an EntitiesDescriptor aggregate), from a file or URL. "
                    + IdpMetadataSource.LOCATION_HELP)
    String idpMetadata;

    @Option(names = "--idp-entity-id", paramLabel = "ID",
            description = "The IdP's entity ID: picks one IdP of an aggregate; with --idp, matched against the "
                    + "service's IDPList.")
    String idpEntityId;

    @Option(names = "--metadata-signing-cert", paramLabel = "PEM", description = IdpMetadataSource.SIGNING_CERT_HELP)
    Path metadataSigningCert;

    /** As {@link #loadMetadata(boolean, Optional, Duration)} within the default metadata call timeout. */
    IdpMetadata loadMetadata(boolean allowHttp, Optional<TlsTrust> tlsTrust) throws EcpException, UsageException {
        return loadMetadata(allowHttp, tlsTrust, MetadataLoader.DEFAULT_CALL_TIMEOUT);
    }

    /**
     * Reads the metadata named by --idp-metadata under {@link IdpMetadataSource}'s rules; a URL must be fetched
     * within {@code callTimeout}.
     *
     * @param allowHttp whether the command's --allow-http was given
     * @param tlsTrust the command's TLS trust choice for an https URL (--trust, --system-trust), if any
     */
    IdpMetadata loadMetadata(boolean allowHttp, Optional<TlsTrust> tlsTrust, Duration callTimeout)
            throws EcpException, UsageException {
        if (idpMetadata == null) {
            throw new UsageException("--idp-metadata is required");
        }
        return new IdpMetadataSource(idpMetadata, idpEntityId, Clock.systemUTC(), allowHttp, tlsTrust,
                Optional.ofNullable(metadataSigningCert), callTimeout).load();
    }

    /** Refuses --metadata-signing-cert without --idp-metadata, where it would silently check nothing. */
    void checkSigningCertHasMetadata() throws UsageException {
        if (metadataSigningCert != null && idpMetadata == null) {
            throw new UsageException("--metadata-signing-cert needs --idp-metadata: it checks the metadata's"
                    + " signature");
        }
    }
}
