package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Looks an identity provider up at a Metadata Query Protocol service (MDQ, draft-young-md-query): the entityID is
 * fetched as {@code GET {base}/entities/{percent-encoded entityID}}, and the answer must be an EntityDescriptor for
 * exactly that entityID, signed by one of the configured certificates (the federation's MDQ signing certificate),
 * read by {@link MetadataLoader} (size cap, total deadline, same-origin redirects, a {@code validUntil} within the
 * {@linkplain Builder#validity(MetadataValidity) validity limit}, by default at most 14 days ahead).
 *
 * <p>MDQ can only be asked by entityID: text that cannot be an entityID (no {@code :}, or white space) is
 * {@code idp_not_found} without a request, saying that a name needs an aggregate ({@link FederationIdpDirectory}).
 * An entityID the service does not know (HTTP 404) is {@code idp_not_found}; an IdP without a SOAP endpoint, a bad
 * signature or an unreachable service keep the loader's codes ({@code metadata_invalid},
 * {@code metadata_signature_invalid}). Nothing is cached: a client looks one IdP up per login. Thread-safe.
 */
public final class MdqIdpDirectory implements IdpDirectory {
    /** Default total time for one lookup: a login waits for it. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final List<X509Certificate> certificates;
    private final Clock clock;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Duration callTimeout;
    private final SSLContext sslContext;
    private final MetadataValidity validity;

    private MdqIdpDirectory(Builder b) {
        this.base = b.base;
        this.certificates = b.certificates;
        this.clock = b.clock;
        this.connectTimeout = b.connectTimeout;
        this.responseTimeout = b.responseTimeout;
        this.callTimeout = b.callTimeout;
        this.sslContext = b.sslContext;
        this.validity = b.validity;
    }

    /**
     * A builder for the service at {@code base} (e.g. {@code https://mdq.example.org}; {@code /entities/...} is
     * appended).
     */
    public static Builder builder(URI base) {
        return new Builder(base);
    }

    @Override
    public IdpChoice resolve(String text) throws EcpConfigurationException {
        String entityId = Objects.requireNonNull(text, "text").strip();
        if (entityId.isEmpty() || !entityId.contains(":") || entityId.chars().anyMatch(Character::isWhitespace)) {
            throw new EcpConfigurationException(EcpError.IDP_NOT_FOUND, "'" + entityId + "' is not an entityID,"
                    + " and the MDQ service " + base + " can only be asked for an IdP by entityID; to choose an IdP"
                    + " by name, use the federation's metadata aggregate");
        }
        URI url = entityUrl(entityId);
        IdpMetadata metadata;
        try {
            metadata = loader(entityId).load(url);
        } catch (EcpConfigurationException e) {
            if (e.error() == EcpError.METADATA_INVALID && e.getMessage() != null
                    && e.getMessage().contains(" answered HTTP 404")) {
                throw new EcpConfigurationException(EcpError.IDP_NOT_FOUND, "the MDQ service " + base
                        + " does not know the IdP '" + entityId + "' (HTTP 404 for " + url + ")", e);
            }
            throw e;
        }
        return new IdpChoice(metadata, null, IdpChoice.Match.ENTITY_ID, entityId, describe());
    }

    /** The URL {@code entityId} is fetched from. */
    public URI entityUrl(String entityId) {
        String root = base.toString().replaceAll("/+$", "");
        return URI.create(root + "/entities/" + URLEncoder.encode(entityId, StandardCharsets.UTF_8)
                .replace("+", "%20"));
    }

    @Override
    public String describe() {
        return "MDQ service " + base;
    }

    private MetadataLoader loader(String entityId) {
        MetadataLoader.Builder b = MetadataLoader.builder().entityId(entityId).clock(clock)
                .verifySignatureWith(certificates).connectTimeout(connectTimeout).responseTimeout(responseTimeout)
                .callTimeout(callTimeout).validity(validity);
        if (sslContext != null) {
            b.sslContext(sslContext);
        }
        return b.build();
    }

    /** Settings for an {@link MdqIdpDirectory}; {@link #verifySignatureWith(List)} is required. */
    public static final class Builder {
        private final URI base;
        private List<X509Certificate> certificates;
        private Clock clock = Clock.systemUTC();
        private Duration connectTimeout = MetadataLoader.DEFAULT_CONNECT_TIMEOUT;
        private Duration responseTimeout = DEFAULT_CALL_TIMEOUT;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private SSLContext sslContext;
        private MetadataValidity validity = MetadataValidity.defaults();

        private Builder(URI base) {
            this.base = Objects.requireNonNull(base, "base");
        }

        /**
         * The certificates one of which must have signed every answer (required).
         *
         * @throws IllegalArgumentException if the list is empty or holds null
         */
        public Builder verifySignatureWith(List<X509Certificate> value) {
            this.certificates = BuilderChecks.signingCertificates(value, "verifySignatureWith needs at least one MDQ"
                    + " signing certificate");
            return this;
        }

        /** The clock {@code validUntil} is checked against. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Connect timeout (default {@link MetadataLoader#DEFAULT_CONNECT_TIMEOUT}). */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Objects.requireNonNull(value, "connectTimeout");
            return this;
        }

        /** Per-read timeout (default {@link #DEFAULT_CALL_TIMEOUT}). */
        public Builder responseTimeout(Duration value) {
            this.responseTimeout = Objects.requireNonNull(value, "responseTimeout");
            return this;
        }

        /** Total time for one lookup, redirects included (default {@link #DEFAULT_CALL_TIMEOUT}). */
        public Builder callTimeout(Duration value) {
            this.callTimeout = Objects.requireNonNull(value, "callTimeout");
            return this;
        }

        /**
         * What each answer must say about its expiry (default {@link MetadataValidity#defaults()}: a
         * {@code validUntil} at most 14 days ahead).
         */
        public Builder validity(MetadataValidity value) {
            this.validity = Objects.requireNonNull(value, "validity");
            return this;
        }

        /** The TLS context for an https service; by default the JVM's trust store (the signature authenticates). */
        public Builder sslContext(SSLContext value) {
            this.sslContext = Objects.requireNonNull(value, "sslContext");
            return this;
        }

        /**
         * The directory.
         *
         * @throws EcpConfigurationException if the base is not an absolute http(s) URL
         * @throws IllegalStateException without {@link #verifySignatureWith(List)}
         */
        public MdqIdpDirectory build() throws EcpConfigurationException {
            MetadataFetcher.checkHttpUrl(base, "MDQ base URL");
            if (certificates == null) {
                throw new IllegalStateException("an MDQ directory needs verifySignatureWith(certificates): the"
                        + " per-entity documents are trusted only by their signature");
            }
            // the loader checks the timeouts when each lookup builds it; fail here instead
            MetadataLoader.builder().connectTimeout(connectTimeout).responseTimeout(responseTimeout)
                    .callTimeout(callTimeout);
            return new MdqIdpDirectory(this);
        }
    }
}
