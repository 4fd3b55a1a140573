package dev.samlec.cli;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.client.TlsTrust;
import dev.samlec.mech.metadata.IdpChoice;
import dev.samlec.mech.metadata.IdpMetadata;
import dev.samlec.mech.metadata.MetadataLoader;
import dev.samlec.mech.metadata.MetadataValidity;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options that name an identity provider: its SOAP URL, or its metadata (file or URL, optionally with the
 * certificate its signature must verify with) and entity ID, or (curl) a federation aggregate and the IdP's name.
 */
final class IdpOptions {
    @Option(names = "--idp", paramLabel = "URL|NAME",
            description = "The IdP's ECP (SOAP SingleSignOnService) URL. For curl with --idp-metadata (a federation"
                    + " aggregate): the IdP to pick from it, by entityID, DisplayName or a part of either that only"
                    + " one ECP IdP has, ignoring case (list them with 'samlec idps').")
    String idp;

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

    @Mixin
    private MetadataValidityOption validityOption = new MetadataValidityOption();

    /**
     * {@code --metadata-max-validity}, checked against {@code --metadata-signing-cert}.
     *
     * @throws UsageException for a bad value, or the option without {@code --metadata-signing-cert}
     */
    MetadataValidity validity() throws UsageException {
        return validityOption.validity(metadataSigningCert);
    }

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
        return source(allowHttp, tlsTrust, callTimeout).load();
    }

    /**
     * {@code --idp} as a URL, if given.
     *
     * @throws UsageException if it is not an absolute URL
     */
    Optional<URI> idpUrl() throws UsageException {
        if (idp == null) {
            return Optional.empty();
        }
        try {
            URI url = new URI(idp);
            if (!url.isAbsolute()) {
                throw new UsageException("option --idp: not an absolute URL (value: " + idp + ")");
            }
            return Optional.of(url);
        } catch (java.net.URISyntaxException e) {
            throw new UsageException("option --idp: not a URL (" + e.getReason() + ") (value: " + idp + ")");
        }
    }

    /** Whether {@code --idp} looks like an http(s) URL rather than an IdP's name. */
    boolean idpLooksLikeUrl() {
        return idp != null && idp.matches("(?i)https?://\\S+");
    }

    /**
     * The IdP of the --idp-metadata aggregate that {@code --idp} names, under {@link IdpMetadataSource}'s rules.
     */
    IdpChoice chooseIdp(boolean allowHttp, Optional<TlsTrust> tlsTrust, Duration callTimeout)
            throws EcpException, UsageException {
        if (idpEntityId != null) {
            throw new UsageException("--idp NAME and --idp-entity-id both pick the IdP of --idp-metadata; give one");
        }
        return source(allowHttp, tlsTrust, callTimeout).directory().resolve(idp);
    }

    private IdpMetadataSource source(boolean allowHttp, Optional<TlsTrust> tlsTrust, Duration callTimeout)
            throws UsageException {
        return new IdpMetadataSource(idpMetadata, idpEntityId, Clock.systemUTC(), allowHttp, tlsTrust,
                Optional.ofNullable(metadataSigningCert), callTimeout, validity());
    }

    /** Refuses --metadata-signing-cert without --idp-metadata, where it would silently check nothing. */
    void checkSigningCertHasMetadata() throws UsageException {
        if (metadataSigningCert != null && idpMetadata == null) {
            throw new UsageException("--metadata-signing-cert needs --idp-metadata: it checks the metadata's"
                    + " signature");
        }
    }
}
