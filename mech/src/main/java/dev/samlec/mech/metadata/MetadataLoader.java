package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.internal.xml.OpenSaml;
import dev.samlec.mech.SecureXmlParser;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads an identity provider's SAML metadata (an {@code md:EntityDescriptor}, or an {@code md:EntitiesDescriptor}
 * aggregate) from a file, from bytes or from an http(s) URL, and returns the {@link IdpMetadata} samlec needs.
 *
 * <p>The document is parsed only with samlec's hardened parser (size cap, no DOCTYPE, no external entities) and
 * unmarshalled with OpenSAML. The IdP is the entity named by {@link Builder#entityId(String)}, or else the only
 * entity with a SAML 2.0 IDPSSODescriptor. When {@link Builder#verifySignatureWith(List) signature verification} is
 * configured the metadata must carry a valid signature from one of those certificates and a {@code validUntil} within
 * the {@link Builder#validity(MetadataValidity) validity limit} (by default at most 14 days ahead). Metadata whose
 * {@code validUntil} has passed (on the configured {@link Clock}) is refused.
 *
 * <p>Every failure is an {@link EcpConfigurationException}: {@link EcpError#METADATA_SIGNATURE_INVALID} for a
 * missing or bad signature, {@link EcpError#REDIRECT_REFUSED} for a redirect to another origin, and
 * {@link EcpError#METADATA_INVALID} for everything else (unreadable, too large, not well-formed, a DOCTYPE, no such
 * entity, several candidate IdPs, expired, signed without a close enough validUntil, no SOAP endpoint, no signing
 * key). Instances are immutable and
 * thread-safe.
 */
public final class MetadataLoader {
    /** Default size cap: 16 MiB, enough for a federation aggregate of a few thousand entities. */
    public static final int DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
    /** Default connect timeout for metadata URLs. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default response (socket read) timeout for metadata URLs. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Default total time for fetching a metadata URL, redirects included: 60 s. Metadata is read at start-up or
     * login, not on a protocol's network thread, and an aggregate may be large (up to {@link #DEFAULT_MAX_BYTES}).
     */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

    private final String entityId;
    private final Clock clock;
    private final SecureXmlParser parser;
    private final MetadataSignatureVerifier verifier;
    private final MetadataFetcher fetcher;
    private final MetadataValidity validity;

    private MetadataLoader(Builder builder) {
        this.entityId = builder.entityId;
        this.clock = builder.clock;
        this.parser = SecureXmlParser.forMetadata(builder.maxBytes);
        this.verifier = builder.trusted.isEmpty() ? null : new MetadataSignatureVerifier(builder.trusted);
        this.fetcher = new MetadataFetcher(builder.connectTimeout, builder.responseTimeout, builder.callTimeout,
                builder.maxBytes, builder.sslContext);
        this.validity = builder.validity;
    }

    /** A builder with the defaults: no entityID, the system UTC clock, 16 MiB, no signature verification. */
    public static Builder builder() {
        return new Builder();
    }

    /** Reads metadata from a file. */
    public IdpMetadata load(Path file) throws EcpConfigurationException {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > parser.maxBytes()) {
                throw new EcpConfigurationException(EcpError.METADATA_INVALID, "metadata file " + file + " is "
                        + size + " bytes, more than the limit of " + parser.maxBytes() + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID,
                    "metadata file " + file + " cannot be read (" + e + ")", e);
        }
        return load(bytes, "metadata file " + file);
    }

    /** Fetches metadata from an http or https URL (the JVM's trust store unless an SSLContext was configured). */
    public IdpMetadata load(URI url) throws EcpConfigurationException {
        Objects.requireNonNull(url, "url");
        return load(fetcher.fetch(url), "metadata from " + url);
    }

    /**
     * Reads metadata from bytes.
     *
     * @param xml the document; not modified
     * @param source names the document in error messages, e.g. "metadata file /etc/samlec/idp.xml"
     */
    public IdpMetadata load(byte[] xml, String source) throws EcpConfigurationException {
        Objects.requireNonNull(xml, "xml");
        Objects.requireNonNull(source, "source");
        OpenSaml.ensureInitialized();
        XMLObject root = unmarshal(parse(xml, source), source);
        EntityDescriptor entity = EntitySelector.select(root, entityId, source);
        XMLObject signed = verifier == null ? null : verifier.verify(entity, source);
        IdpMetadata metadata = IdpMetadataExtractor.extract(entity, clock, source);
        if (signed != null) {
            // only a validUntil inside the signed element counts: an unsigned wrapper's could be anything
            validity.check(FederationEntityExtractor.earliestValidUntil(EntitySelector.idpDescriptor(entity), signed),
                    clock.instant(), source);
        }
        return metadata;
    }

    private Document parse(byte[] xml, String source) throws EcpConfigurationException {
        try {
            return parser.parse(xml, source);
        } catch (EcpException e) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID, e.getMessage(), e);
        }
    }

    static XMLObject unmarshal(Document document, String source) throws EcpConfigurationException {
        Element root = document.getDocumentElement();
        String local = root.getLocalName();
        if (!SAMLConstants.SAML20MD_NS.equals(root.getNamespaceURI())
                || !("EntityDescriptor".equals(local) || "EntitiesDescriptor".equals(local))) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID, source + ": the root element is {"
                    + root.getNamespaceURI() + "}" + local + "; expected md:EntityDescriptor or md:EntitiesDescriptor"
                    + " in " + SAMLConstants.SAML20MD_NS);
        }
        Unmarshaller unmarshaller = XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(root);
        try {
            return unmarshaller.unmarshall(root);
        } catch (UnmarshallingException | RuntimeException e) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID,
                    source + ": not valid SAML metadata (" + e.getMessage() + ")", e);
        }
    }

    /** Settings for a {@link MetadataLoader}. */
    public static final class Builder {
        private String entityId;
        private Clock clock = Clock.systemUTC();
        private int maxBytes = DEFAULT_MAX_BYTES;
        private List<X509Certificate> trusted = List.of();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private SSLContext sslContext;
        private MetadataValidity validity = MetadataValidity.defaults();

        private Builder() {
        }

        /** The IdP's entityID (the CLI's {@code --idp-entity-id}); {@code null} takes the only IdP in the document. */
        public Builder entityId(String entityId) {
            this.entityId = entityId == null || entityId.isBlank() ? null : entityId;
            return this;
        }

        /** The clock {@code validUntil} is checked against. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The size cap in bytes for one document (default {@link #DEFAULT_MAX_BYTES}). */
        public Builder maxBytes(int maxBytes) {
            this.maxBytes = BuilderChecks.positive(maxBytes, "maxBytes");
            return this;
        }

        /**
         * Requires the metadata to be signed by one of these certificates (the federation's or the IdP's metadata
         * signing certificate). Without this call metadata is read unsigned, the default.
         *
         * @throws IllegalArgumentException if the list is empty or holds null: an empty trust list never turns
         *     verification off (that would fail open when a certificate file or store turns out to be empty)
         */
        public Builder verifySignatureWith(List<X509Certificate> certificates) {
            this.trusted = BuilderChecks.signingCertificates(certificates, "verifySignatureWith needs at least one"
                    + " metadata signing certificate (and no null); to read unsigned metadata, do not call it");
            return this;
        }

        /** Connect timeout for metadata URLs (default {@link #DEFAULT_CONNECT_TIMEOUT}). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = BuilderChecks.positive(timeout, "connectTimeout");
            return this;
        }

        /** Response (socket read) timeout for metadata URLs (default {@link #DEFAULT_RESPONSE_TIMEOUT}). */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = BuilderChecks.positive(timeout, "responseTimeout");
            return this;
        }

        /**
         * Total time for fetching a metadata URL (default {@link #DEFAULT_CALL_TIMEOUT}): connecting, TLS, every
         * redirect and reading the document. The fetch is aborted after it ({@code METADATA_INVALID}).
         */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = BuilderChecks.positive(timeout, "callTimeout");
            return this;
        }

        /** The TLS context for https metadata URLs; by default the JVM's default trust store. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * What signed metadata must say about its expiry (default {@link MetadataValidity#defaults()}: a
         * {@code validUntil} at most 14 days ahead). Unsigned metadata is not checked against it.
         */
        public Builder validity(MetadataValidity value) {
            this.validity = Objects.requireNonNull(value, "validity");
            return this;
        }

        /** The loader. */
        public MetadataLoader build() {
            return new MetadataLoader(this);
        }
    }
}
