package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.internal.xml.OpenSaml;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.common.CacheableSAMLObject;
import org.opensaml.saml.saml2.common.TimeBoundSAMLObject;
import org.opensaml.saml.saml2.metadata.EntitiesDescriptor;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

/**
 * Reads a whole metadata document, typically a federation's signed {@code md:EntitiesDescriptor} aggregate of
 * thousands of entities, into a {@link MetadataAggregate} of its SAML 2.0 identity providers.
 *
 * <p>The document is parsed with samlec's hardened parser (size cap, depth limit, no DOCTYPE), its entity count is
 * capped before it is unmarshalled, and its root signature is verified with the configured certificates only (the
 * federation's metadata signing certificate; the signature's own KeyInfo is never trusted). Reading unsigned
 * metadata must be asked for explicitly ({@link Builder#unsigned()}). A document whose root {@code validUntil} has
 * passed is refused, and a signed one must carry a root {@code validUntil} within the
 * {@link Builder#validity(MetadataValidity) validity limit} (by default at most 14 days ahead). Inside a good
 * document, an IdP is left out (and counted in {@link MetadataAggregate#skippedReasons()}) when its own
 * {@code validUntil} has passed, when it has no usable signing certificate, or when its entityID appears more than
 * once (every copy is left out: the document is ambiguous about it). Only entities with an IDPSSODescriptor
 * supporting SAML 2.0 are kept.
 *
 * <p>Failures are {@link EcpConfigurationException}s: {@link EcpError#METADATA_SIGNATURE_INVALID} for a missing or bad
 * signature, {@link EcpError#METADATA_INVALID} for everything else. Thread-safe and immutable.
 */
public final class MetadataAggregateReader {
    /** Default size cap for one aggregate: 128 MiB (large federations publish 50-90 MB). */
    public static final int DEFAULT_MAX_BYTES = 128 * 1024 * 1024;
    /** Default cap on the number of EntityDescriptors in one document. */
    public static final int DEFAULT_MAX_ENTITIES = 100_000;
    /** How many reasons for left-out IdPs are kept (the count is always exact). */
    public static final int MAX_SKIPPED_REASONS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(MetadataAggregateReader.class);

    private final Clock clock;
    private final SecureXmlParser parser;
    private final int maxEntities;
    private final MetadataSignatureVerifier verifier;
    private final MetadataFetcher fetcher;
    private final MetadataValidity validity;

    private MetadataAggregateReader(Builder b) {
        this.clock = b.clock;
        this.parser = SecureXmlParser.forMetadata(b.maxBytes);
        this.maxEntities = b.maxEntities;
        this.verifier = b.trusted == null ? null : new MetadataSignatureVerifier(b.trusted);
        this.fetcher = new MetadataFetcher(MetadataLoader.DEFAULT_CONNECT_TIMEOUT,
                MetadataLoader.DEFAULT_RESPONSE_TIMEOUT, b.callTimeout, b.maxBytes, b.sslContext);
        this.validity = b.validity;
    }

    /** A builder; one of {@link Builder#verifySignatureWith(List)} and {@link Builder#unsigned()} must be called. */
    public static Builder builder() {
        return new Builder();
    }

    /** Reads a file. */
    public MetadataAggregate read(Path file) throws EcpConfigurationException {
        Objects.requireNonNull(file, "file");
        try {
            long size = Files.size(file);
            if (size > parser.maxBytes()) {
                throw invalid("metadata file " + file + " is " + size + " bytes, more than the limit of "
                        + parser.maxBytes() + " bytes (raise it with the metadata size setting)");
            }
            return read(Files.readAllBytes(file), "metadata file " + file);
        } catch (IOException e) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID,
                    "metadata file " + file + " cannot be read (" + e + ")", e);
        }
    }

    /**
     * Fetches a document from an http(s) URL (size cap while reading, same-origin redirects only, the whole fetch
     * within the call timeout; the JVM's trust store unless {@link Builder#sslContext} was set) and reads it.
     */
    public MetadataAggregate read(URI url) throws EcpConfigurationException {
        Objects.requireNonNull(url, "url");
        return read(fetcher.fetch(url), "metadata from " + url);
    }

    /**
     * Reads a document from bytes.
     *
     * @param source names the document in messages, e.g. "metadata from https://mds.example.org/"
     */
    public MetadataAggregate read(byte[] xml, String source) throws EcpConfigurationException {
        Objects.requireNonNull(xml, "xml");
        Objects.requireNonNull(source, "source");
        OpenSaml.ensureInitialized();
        Document document;
        try {
            document = parser.parse(xml, source);
        } catch (EcpException e) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID, e.getMessage(), e);
        }
        int count = document.getElementsByTagNameNS(SAMLConstants.SAML20MD_NS, "EntityDescriptor").getLength();
        if (count > maxEntities) {
            throw invalid(source + ": " + count + " EntityDescriptors, more than the limit of " + maxEntities);
        }
        XMLObject root = MetadataLoader.unmarshal(document, source);
        if (verifier != null) {
            verifier.verify(root, source);
        }
        Instant now = clock.instant();
        Instant validUntil = ((TimeBoundSAMLObject) root).getValidUntil();
        if (validUntil != null && !validUntil.isAfter(now)) {
            throw invalid(source + ": metadata expired: validUntil " + validUntil + " is not after the current time "
                    + now);
        }
        if (verifier != null) {
            validity.check(validUntil, now, source);
        }
        Duration cacheDuration = ((CacheableSAMLObject) root).getCacheDuration();
        MetadataAggregate aggregate = collect(root, source, now, validUntil, cacheDuration);
        LOG.info("metadata {}: {} IdPs ({} with ECP), {} left out, validUntil {}, cacheDuration {}", source,
                aggregate.size(), aggregate.idps().stream().filter(FederationEntity::offersEcp).count(),
                aggregate.skippedCount(), validUntil == null ? "none" : validUntil,
                cacheDuration == null ? "none" : cacheDuration);
        return aggregate;
    }

    private static MetadataAggregate collect(XMLObject root, String source, Instant now, Instant validUntil,
            Duration cacheDuration) {
        List<EntityDescriptor> all = new ArrayList<>();
        walk(root, all);
        Map<String, Integer> occurrences = new HashMap<>();
        for (EntityDescriptor e : all) {
            if (e.getEntityID() != null) {
                occurrences.merge(e.getEntityID(), 1, Integer::sum);
            }
        }
        Map<String, FederationEntity> idps = new LinkedHashMap<>();
        List<String> reasons = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        int skipped = 0;
        for (EntityDescriptor descriptor : all) {
            FederationEntity entity = FederationEntityExtractor.extract(descriptor);
            if (entity == null) {
                continue;
            }
            String reason = null;
            String id = descriptor.getEntityID();
            if (id == null || id.isBlank()) {
                reason = "an IdP without an entityID";
            } else if (occurrences.get(id) > 1) {
                reason = "IdP '" + id + "' appears " + occurrences.get(id) + " times; every copy is left out";
            } else if (entity.validUntil().isPresent() && !entity.validUntil().get().isAfter(now)) {
                reason = "IdP '" + id + "' expired at " + entity.validUntil().get();
            } else if (entity.signingCertificates().isEmpty()) {
                reason = "IdP '" + id + "' has no signing key (no certificate in a signing KeyDescriptor)";
            }
            if (reason == null) {
                idps.put(id, entity);
                continue;
            }
            skipped++;
            if (reported.add(reason) && reasons.size() < MAX_SKIPPED_REASONS) {
                reasons.add(reason);
            }
        }
        return new MetadataAggregate(source, idps, validUntil, cacheDuration, reasons, skipped);
    }

    private static void walk(XMLObject node, List<EntityDescriptor> out) {
        if (node instanceof EntityDescriptor) {
            out.add((EntityDescriptor) node);
        } else if (node instanceof EntitiesDescriptor) {
            EntitiesDescriptor group = (EntitiesDescriptor) node;
            out.addAll(group.getEntityDescriptors());
            for (EntitiesDescriptor child : group.getEntitiesDescriptors()) {
                walk(child, out);
            }
        }
    }

    private static EcpConfigurationException invalid(String message) {
        return new EcpConfigurationException(EcpError.METADATA_INVALID, message);
    }

    /** Settings for a {@link MetadataAggregateReader}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private int maxBytes = DEFAULT_MAX_BYTES;
        private int maxEntities = DEFAULT_MAX_ENTITIES;
        private List<X509Certificate> trusted;
        private boolean unsigned;
        private Duration callTimeout = MetadataLoader.DEFAULT_CALL_TIMEOUT;
        private SSLContext sslContext;
        private MetadataValidity validity = MetadataValidity.defaults();

        private Builder() {
        }

        /** The clock {@code validUntil} is checked against. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The size cap in bytes (default {@link #DEFAULT_MAX_BYTES}). */
        public Builder maxBytes(int value) {
            this.maxBytes = BuilderChecks.positive(value, "maxBytes");
            return this;
        }

        /** The cap on EntityDescriptors in one document (default {@link #DEFAULT_MAX_ENTITIES}). */
        public Builder maxEntities(int value) {
            this.maxEntities = BuilderChecks.positive(value, "maxEntities");
            return this;
        }

        /**
         * Requires the document's root to be signed by one of these certificates.
         *
         * @throws IllegalArgumentException if the list is empty or holds null (an empty list never turns
         *     verification off)
         */
        public Builder verifySignatureWith(List<X509Certificate> certificates) {
            this.trusted = BuilderChecks.signingCertificates(certificates, "verifySignatureWith needs at least one"
                    + " metadata signing certificate (and no null); to read unsigned metadata, call unsigned()");
            return this;
        }

        /** Total time for fetching a URL, redirects included (default {@link MetadataLoader#DEFAULT_CALL_TIMEOUT}). */
        public Builder callTimeout(Duration value) {
            this.callTimeout = BuilderChecks.positive(value, "callTimeout");
            return this;
        }

        /** The TLS trust for https URLs (default: the JVM's trust store). */
        public Builder sslContext(SSLContext value) {
            this.sslContext = Objects.requireNonNull(value, "sslContext");
            return this;
        }

        /**
         * What a signed document's root must say about its expiry (default {@link MetadataValidity#defaults()}: a
         * {@code validUntil} at most 14 days ahead). An {@link #unsigned()} document is not checked against it.
         */
        public Builder validity(MetadataValidity value) {
            this.validity = Objects.requireNonNull(value, "validity");
            return this;
        }

        /** Reads the document without checking a signature: only for metadata that reached you by a trusted path. */
        public Builder unsigned() {
            this.unsigned = true;
            return this;
        }

        /**
         * The reader.
         *
         * @throws IllegalStateException unless exactly one of {@link #verifySignatureWith(List)} and
         *     {@link #unsigned()} was called
         */
        public MetadataAggregateReader build() {
            if ((trusted == null) == !unsigned) {
                throw new IllegalStateException(trusted == null
                        ? "say how the metadata is trusted: verifySignatureWith(certificates) or unsigned()"
                        : "verifySignatureWith and unsigned() exclude each other");
            }
            return new MetadataAggregateReader(this);
        }
    }
}
