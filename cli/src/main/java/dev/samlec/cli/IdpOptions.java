package dev.samlec.cli;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.metadata.IdpMetadata;
import dev.samlec.mech.metadata.MetadataLoader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options that name an identity provider: its SOAP URL, or its metadata (file or URL) and entity ID. */
final class IdpOptions {
    @Option(names = "--idp", paramLabel = "URL",
            description = "The IdP's ECP (SOAP SingleSignOnService) URL.")
    URI idpUrl;

    @Option(names = "--idp-metadata", paramLabel = "FILE|URL",
            description = "IdP metadata (EntityDescriptor or an EntitiesDescriptor aggregate), from a file or URL.")
    String idpMetadata;

    @Option(names = "--idp-entity-id", paramLabel = "ID",
            description = "The IdP's entity ID: picks one IdP of an aggregate; with --idp, matched against the "
                    + "service's IDPList.")
    String idpEntityId;

    /** Reads the metadata named by --idp-metadata; a URL is fetched within the default call timeout. */
    IdpMetadata loadMetadata() throws EcpException, UsageException {
        return loadMetadata(MetadataLoader.DEFAULT_CALL_TIMEOUT);
    }

    /** Reads the metadata named by --idp-metadata; a URL must be fetched within {@code callTimeout}. */
    IdpMetadata loadMetadata(Duration callTimeout) throws EcpException, UsageException {
        if (idpMetadata == null) {
            throw new UsageException("--idp-metadata is required");
        }
        MetadataLoader.Builder loader = MetadataLoader.builder().callTimeout(callTimeout);
        if (idpEntityId != null) {
            loader.entityId(idpEntityId);
        }
        MetadataLoader built = loader.build();
        if (idpMetadata.startsWith("http://") || idpMetadata.startsWith("https://")) {
            return built.load(URI.create(idpMetadata));
        }
        return built.load(Path.of(idpMetadata));
    }
}
