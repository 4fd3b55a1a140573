package dev.samlec.cli;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.Pem;
import dev.samlec.mech.client.TlsTrust;
import dev.samlec.mech.metadata.FederationFilter;
import dev.samlec.mech.metadata.FederationIdpDirectory;
import dev.samlec.mech.metadata.FederationTrust;
import dev.samlec.mech.metadata.IdpMetadata;
import dev.samlec.mech.metadata.MetadataAggregateReader;
import dev.samlec.mech.metadata.MetadataLoader;
import dev.samlec.mech.metadata.MetadataValidity;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the IdP metadata named by {@code --idp-metadata} under one rule for every command, the JAAS module's rule
 * (attacks.md ECP-4: the IdP's signing keys, and where the password goes, come only from a source the operator
 * chose to trust):
 * <ul>
 *   <li>a file (a path, or a {@code file:} URI) is the operator's own and is read as it is;</li>
 *   <li>a plain {@code http} URL is refused unless {@code --allow-http}: anyone on the path could replace the IdP's
 *       keys and endpoint;</li>
 *   <li>an {@code https} URL needs a trust choice: {@code --trust PEM} (the anchors its TLS certificate must chain
 *       to), {@code --system-trust} (the JVM's CA bundle), or {@code --metadata-signing-cert PEM} (the signature
 *       authenticates the document; the JVM's CA bundle then only carries it);</li>
 *   <li>with {@code --metadata-signing-cert}, the document must carry a valid signature by one of those
 *       certificates, on the IdP's EntityDescriptor or on an EntitiesDescriptor aggregate enclosing it, wherever
 *       it came from (a file too), and a {@code validUntil} within {@code --metadata-max-validity} (default 14
 *       days ahead);</li>
 *   <li>metadata whose {@code validUntil} has passed is refused ({@link MetadataLoader}).</li>
 * </ul>
 *
 * @param location the option's value
 * @param entityId the IdP's entity ID, or {@code null} for the only IdP in the document
 * @param clock the clock {@code validUntil} is checked against
 * @param allowHttp whether {@code --allow-http} was given
 * @param tlsTrust the TLS trust for an https URL ({@code --trust} or {@code --system-trust}), if chosen
 * @param signingCertificates the {@code --metadata-signing-cert} file, if given
 * @param callTimeout the total time a metadata URL may take to fetch
 * @param validity how far ahead a signed document's {@code validUntil} may be ({@code --metadata-max-validity})
 */
record IdpMetadataSource(String location, String entityId, Clock clock, boolean allowHttp,
        Optional<TlsTrust> tlsTrust, Optional<Path> signingCertificates, java.time.Duration callTimeout,
        MetadataValidity validity) {
    /** The description of {@code --metadata-signing-cert}, the same for every command. */
    static final String SIGNING_CERT_HELP = "Require the IdP metadata (its EntityDescriptor, or an"
            + " EntitiesDescriptor aggregate around it) to be signed by a certificate in this PEM file (the"
            + " federation's or the IdP's metadata signing certificate); checked for files and URLs alike.";
    /** The description of {@code --idp-metadata}'s sources, the same for every command. */
    static final String LOCATION_HELP = "A file (or file: URI) is read as it is: it is yours. An http URL needs"
            + " --allow-http; an https URL needs --trust, --system-trust or --metadata-signing-cert."
            + " Expired metadata (validUntil passed) is refused.";

    /**
     * Reads the metadata.
     *
     * @throws UsageException if the location is neither a file nor an http(s) URL
     * @throws EcpConfigurationException {@code invalid_configuration} for a URL without the opt-in it needs,
     *     {@code metadata_signature_invalid} for a missing or bad signature, {@code metadata_invalid} otherwise
     */
    IdpMetadata load() throws UsageException, EcpConfigurationException {
        return load(MetadataLoader.DEFAULT_MAX_BYTES);
    }

    /** As {@link #load()} with a size cap of {@code maxBytes} for the document. */
    IdpMetadata load(int maxBytes) throws UsageException, EcpConfigurationException {
        MetadataLoader.Builder loader = MetadataLoader.builder().entityId(entityId).clock(clock)
                .callTimeout(callTimeout).maxBytes(maxBytes);
        if (signingCertificates.isPresent()) {
            loader.verifySignatureWith(Pem.readCertificates(signingCertificates.get())).validity(validity);
        }
        if (isUrl()) {
            URI url = checkedUrl();
            if (tlsTrust.isPresent() && url.getScheme().equalsIgnoreCase("https")) {
                loader.sslContext(tlsTrust.get().sslContext());
            }
            return loader.build().load(url);
        }
        return loader.build().load(file());
    }

    /**
     * Reads the location as a federation aggregate of IdPs to choose from, under the same rules; its root must be
     * signed by a {@code --metadata-signing-cert} certificate when one is given, else it is read unsigned.
     *
     * @throws UsageException if the location is neither a file nor an http(s) URL
     * @throws EcpConfigurationException as {@link #load()}
     */
    FederationIdpDirectory directory() throws UsageException, EcpConfigurationException {
        MetadataAggregateReader.Builder reader = MetadataAggregateReader.builder().clock(clock);
        if (signingCertificates.isPresent()) {
            reader.verifySignatureWith(Pem.readCertificates(signingCertificates.get())).validity(validity);
        } else {
            reader.unsigned();
        }
        FederationIdpDirectory.Loader loader = FederationIdpDirectory.loader(reader.build()).callTimeout(callTimeout);
        if (isUrl()) {
            URI url = checkedUrl();
            if (tlsTrust.isPresent() && url.getScheme().equalsIgnoreCase("https")) {
                loader.sslContext(tlsTrust.get().sslContext());
            }
            return loader.load(url);
        }
        return loader.load(file());
    }

    /**
     * Reads the document as a federation aggregate ({@link MetadataAggregateReader}, under the same rules) and
     * trusts every IdP in it that passes {@code filter}; unsigned metadata is read only without
     * {@code --metadata-signing-cert}, where a file is yours and a URL's TLS is trusted.
     *
     * @throws EcpConfigurationException as {@link #load()}, and {@code metadata_invalid} when no IdP passes the
     *     filter
     */
    FederationTrust loadFederation(FederationFilter filter, int maxBytes)
            throws UsageException, EcpConfigurationException {
        MetadataAggregateReader.Builder reader = MetadataAggregateReader.builder().clock(clock)
                .callTimeout(callTimeout).maxBytes(maxBytes);
        if (signingCertificates.isPresent()) {
            reader.verifySignatureWith(Pem.readCertificates(signingCertificates.get())).validity(validity);
        } else {
            reader.unsigned();
        }
        if (isUrl()) {
            URI url = checkedUrl();
            if (tlsTrust.isPresent() && url.getScheme().equalsIgnoreCase("https")) {
                reader.sslContext(tlsTrust.get().sslContext());
            }
            return FederationTrust.of(reader.build().read(url), filter, clock);
        }
        return FederationTrust.of(reader.build().read(file()), filter, clock);
    }

    private boolean isUrl() {
        String lower = location.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /** The URL, if its scheme has the opt-in it needs: --allow-http, or for https a trust choice. */
    private URI checkedUrl() throws UsageException, EcpConfigurationException {
        URI url = url();
        if (location.toLowerCase(Locale.ROOT).startsWith("http://")) {
            requireHttpAllowed();
        } else if (tlsTrust.isEmpty() && signingCertificates.isEmpty()) {
            throw new EcpConfigurationException("option --idp-metadata: an https metadata URL needs a trust"
                    + " choice: --trust PEM (the CA of its TLS certificate), --metadata-signing-cert PEM (the"
                    + " metadata's signing certificate), or --system-trust (every CA the JVM trusts) (value: "
                    + location + ")");
        }
        return url;
    }

    private URI url() throws UsageException {
        try {
            URI url = new URI(location);
            if (url.getHost() == null) {
                throw new UsageException("option --idp-metadata: the URL has no host (value: " + location + ")");
            }
            return url;
        } catch (java.net.URISyntaxException e) {
            throw new UsageException("option --idp-metadata: not a valid URL (" + e.getReason() + ") (value: "
                    + location + ")");
        }
    }

    private void requireHttpAllowed() throws EcpConfigurationException {
        if (!allowHttp) {
            throw new EcpConfigurationException("option --idp-metadata: a plain http URL, whose IdP keys and"
                    + " endpoint anyone on the path could replace; use https or a local file (or --allow-http, for"
                    + " tests only) (value: " + location + ")");
        }
    }

    private Path file() throws UsageException {
        try {
            if (location.regionMatches(true, 0, "file:", 0, 5)) {
                return Path.of(new URI(location));
            }
            if (location.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
                throw new UsageException("option --idp-metadata: must be a file, a file: URI or an http(s) URL"
                        + " (value: " + location + ")");
            }
            return Path.of(location);
        } catch (java.net.URISyntaxException | IllegalArgumentException e) { // InvalidPathException too
            throw new UsageException("option --idp-metadata: not a usable file name or file: URI (" + e.getMessage()
                    + ") (value: " + location + ")");
        }
    }
}
