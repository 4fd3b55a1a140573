package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.metadata.MetadataFetcher.Answer;
import dev.samlec.mech.metadata.MetadataFetcher.HttpValidators;
import dev.samlec.mech.service.IdpTrustSource;
import dev.samlec.mech.service.TrustedIdp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trust in the IdPs a Metadata Query Protocol (MDQ) service describes, looked up one entity at a time on first use:
 * {@code GET {base}/entities/{percent-encoded entityID}} (or the transformed form {@code {sha1}<hex of the SHA-1 of
 * the entityID>}, {@link Builder#sha1Identifiers()}), {@code Accept: application/samlmetadata+xml}.
 *
 * <ul>
 *   <li>Each answer must be signed by one of the configured certificates (the MDQ service's signing key), must not
 *   have expired, and must describe the entity asked for as a SAML 2.0 IdP with a signing key; anything else is
 *   refused.</li>
 *   <li>A good answer is kept until {@code min(validUntil, now + cacheDuration, now + maxCacheDuration)} (at least
 *   {@code minCacheDuration}, never past its validUntil), then asked for again with its ETag / Last-Modified (a 304
 *   keeps it for another period). A 404 (or an answer without that IdP) is remembered as "not trusted" for
 *   {@code negativeCacheDuration}. At most {@code maxEntries} entities are remembered (least recently used first
 *   out).</li>
 *   <li>At most one fetch per entity is in flight; other lookups of that entity wait for it within their own
 *   deadline. Every fetch has a total deadline ({@code callTimeout}, default {@value #DEFAULT_CALL_TIMEOUT_SECONDS}
 *   s, short enough for a login).</li>
 *   <li>Fail closed: when the service cannot answer (unreachable, too slow, an HTTP error other than 404, an answer
 *   that does not verify) the lookup throws {@code metadata_unavailable} and the login is refused; if an earlier good
 *   answer for the entity is still within its own validUntil, it is used instead (logged), and the service is asked
 *   again after {@code retryAfterFailure}.</li>
 * </ul>
 *
 * <p>The entityID comes from the Issuer of a Response not yet verified, so any peer can make the service ask the MDQ
 * server about a name of its choice (one request per name and negative-cache period); IDs over
 * {@value #MAX_ENTITY_ID_LENGTH} characters are not looked up. One INFO line per entity loaded, one WARN per failure.
 * Thread-safe.
 */
public final class MdqTrustSource implements IdpTrustSource {
    /** Default total time for one MDQ request, in seconds. */
    public static final int DEFAULT_CALL_TIMEOUT_SECONDS = 5;
    /** Default longest time an answer is used before it is asked for again, in hours. */
    public static final int DEFAULT_MAX_CACHE_HOURS = 4;
    /** Default shortest time an answer is used (unless its validUntil comes first), in minutes. */
    public static final int DEFAULT_MIN_CACHE_MINUTES = 1;
    /** Default time a 404 is remembered, in minutes. */
    public static final int DEFAULT_NEGATIVE_CACHE_MINUTES = 10;
    /** Default wait after a failed refresh before a still-valid earlier answer is asked for again, in seconds. */
    public static final int DEFAULT_RETRY_SECONDS = 60;
    /** Default number of entities (trusted or unknown) remembered. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** Default size cap for one answer: 1 MiB. */
    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;
    /** Longer entityIDs are not looked up (not trusted). */
    public static final int MAX_ENTITY_ID_LENGTH = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(MdqTrustSource.class);

    private final URI base;
    private final boolean sha1;
    private final Clock clock;
    private final Duration maxCache;
    private final Duration minCache;
    private final Duration negativeCache;
    private final Duration retryAfterFailure;
    private final Duration callTimeout;
    private final MetadataFetcher fetcher;
    private final MetadataAggregateReader reader;
    private final Map<String, Entry> cache;
    private final ConcurrentHashMap<String, CompletableFuture<Entry>> inFlight = new ConcurrentHashMap<>();

    private MdqTrustSource(Builder b) {
        String text = b.base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.sha1 = b.sha1;
        this.clock = b.clock;
        this.maxCache = b.maxCache;
        this.minCache = b.minCache;
        this.negativeCache = b.negativeCache;
        this.retryAfterFailure = b.retryAfterFailure;
        this.callTimeout = b.callTimeout;
        this.fetcher = new MetadataFetcher(b.connectTimeout, b.responseTimeout, b.callTimeout, b.maxBytes,
                b.sslContext);
        this.reader = MetadataAggregateReader.builder().clock(b.clock).maxBytes(b.maxBytes).maxEntities(100)
                .verifySignatureWith(b.trusted).build();
        int maxEntries = b.maxEntries;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** A builder; {@link Builder#baseUrl(URI)} and {@link Builder#verifySignatureWith(List)} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The IdP {@code entityId} as the MDQ service describes it now.
     *
     * @throws EcpException {@code metadata_unavailable} when the service cannot answer in time and no earlier answer
     *     is still valid
     */
    @Override
    public Optional<TrustedIdp> find(String entityId) throws EcpException {
        if (entityId == null || entityId.isBlank() || entityId.length() > MAX_ENTITY_ID_LENGTH) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        Entry cached = cached(entityId);
        if (cached != null && clock.instant().isBefore(cached.freshUntil)) {
            return Optional.ofNullable(cached.idp);
        }
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> running = inFlight.putIfAbsent(entityId, mine);
        if (running != null) {
            return Optional.ofNullable(await(running, entityId, start).idp);
        }
        try {
            Entry fresh = load(entityId, cached);
            synchronized (cache) {
                cache.put(entityId, fresh);
            }
            mine.complete(fresh);
            return Optional.ofNullable(fresh.idp);
        } catch (EcpException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(entityId, mine);
        }
    }

    @Override
    public boolean federated() {
        return true;
    }

    @Override
    public String describe() {
        int size;
        synchronized (cache) {
            size = cache.size();
        }
        return "MDQ " + base + " (" + size + " entities cached)";
    }

    @Override
    public String toString() {
        return "MdqTrustSource[" + describe() + "]";
    }

    /** The URL an entity is asked for at. */
    URI entityUrl(String entityId) {
        String id = sha1 ? "{sha1}" + sha1Hex(entityId) : entityId;
        return URI.create(base + "/entities/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    private Entry cached(String entityId) {
        synchronized (cache) {
            return cache.get(entityId);
        }
    }

    private Entry await(CompletableFuture<Entry> running, String entityId, long start) throws EcpException {
        long left = callTimeout.toNanos() - (System.nanoTime() - start);
        try {
            return running.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw unavailable("no answer from " + entityUrl(entityId) + " within the call timeout of "
                    + callTimeout.toMillis() + " ms (waited for the request already in flight)", null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EcpException) {
                EcpException cause = (EcpException) e.getCause();
                throw new EcpException(cause.error(), cause.getMessage(), cause);
            }
            throw new EcpException(EcpError.INTERNAL_ERROR, "MDQ lookup of " + entityId + " failed: " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for " + entityUrl(entityId), e);
        }
    }

    /** Asks the service; on failure falls back to a still-valid earlier answer, else throws metadata_unavailable. */
    private Entry load(String entityId, Entry previous) throws EcpException {
        URI url = entityUrl(entityId);
        Instant now = clock.instant();
        try {
            return fetch(entityId, url, previous, now);
        } catch (EcpConfigurationException e) {
            if (previous != null && previous.idp != null && previous.validUntil != null
                    && now.isBefore(previous.validUntil)) {
                LOG.warn("MDQ {}: refreshing {} failed: {}; using the earlier answer (validUntil {}) and asking again"
                        + " in {}", base, entityId, e.describe(), previous.validUntil, retryAfterFailure);
                return previous.until(earliest(now.plus(retryAfterFailure), previous.validUntil));
            }
            LOG.warn("MDQ {}: looking up {} failed: {}", base, entityId, e.describe());
            throw unavailable("the MDQ service could not answer for IdP '" + entityId + "' (" + e.describe()
                    + "); the login is refused rather than decided without its metadata", e);
        }
    }

    private Entry fetch(String entityId, URI url, Entry previous, Instant now) throws EcpConfigurationException {
        Answer answer = fetcher.fetch(url, previous == null ? null : previous.version);
        if (answer.status() == 404) {
            LOG.info("MDQ {}: {} is not known (404); remembered for {}", base, entityId, negativeCache);
            return Entry.unknown(now.plus(negativeCache));
        }
        if (answer.status() == 304) {
            if (previous.validUntil != null && !now.isBefore(previous.validUntil)) {
                throw new EcpConfigurationException(EcpError.METADATA_INVALID, url + " answered 304 Not Modified"
                        + " for a copy that expired at " + previous.validUntil + "; expired metadata is not used");
            }
            Instant until = freshUntil(now, previous.validUntil, previous.cacheDuration);
            LOG.debug("MDQ {}: {} not modified; kept until {}", base, entityId, until);
            return previous.until(until);
        }
        if (answer.status() != 200) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID, url + " answered HTTP " + answer.status());
        }
        MetadataAggregate document = reader.read(answer.body(), "MDQ answer " + url);
        Optional<FederationEntity> entity = document.find(entityId);
        if (entity.isEmpty()) {
            LOG.warn("MDQ {}: the answer for {} does not describe it as a usable SAML 2.0 IdP ({} IdPs in it, {} left"
                    + " out: {}); not trusted for {}", base, entityId, document.size(), document.skippedCount(),
                    document.skippedReasons(), negativeCache);
            return Entry.unknown(now.plus(negativeCache));
        }
        Instant validUntil = earliestNullable(document.validUntil().orElse(null),
                entity.get().validUntil().orElse(null));
        Duration cacheDuration = document.cacheDuration().orElse(null);
        Instant until = freshUntil(now, validUntil, cacheDuration);
        TrustedIdp idp = entity.get().toTrustedIdp();
        LOG.info("MDQ {}: loaded {} ({} signing certificates, validUntil {}), kept until {}", base, entityId,
                idp.signingCertificates().size(), validUntil == null ? "none" : validUntil, until);
        return new Entry(idp, until, validUntil, cacheDuration, answer.validators());
    }

    /** min(validUntil, now + cacheDuration, now + maxCache), at least now + minCache unless validUntil is sooner. */
    private Instant freshUntil(Instant now, Instant validUntil, Duration cacheDuration) {
        Instant until = now.plus(maxCache);
        if (cacheDuration != null) {
            until = earliest(until, now.plus(cacheDuration));
        }
        Instant floor = now.plus(minCache);
        if (until.isBefore(floor)) {
            until = floor;
        }
        return validUntil == null ? until : earliest(until, validUntil);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant earliestNullable(Instant a, Instant b) {
        return a == null ? b : b == null ? a : earliest(a, b);
    }

    private static String sha1Hex(String entityId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(entityId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    private static EcpException unavailable(String message, Throwable cause) {
        return new EcpException(EcpError.METADATA_UNAVAILABLE, message, cause);
    }

    /** One entity's answer: the IdP (null: not trusted), until when to use it, its own lifetimes and version. */
    private static final class Entry {
        final TrustedIdp idp;
        final Instant freshUntil;
        final Instant validUntil;
        final Duration cacheDuration;
        final HttpValidators version;

        Entry(TrustedIdp idp, Instant freshUntil, Instant validUntil, Duration cacheDuration, HttpValidators version) {
            this.idp = idp;
            this.freshUntil = freshUntil;
            this.validUntil = validUntil;
            this.cacheDuration = cacheDuration;
            this.version = version;
        }

        static Entry unknown(Instant until) {
            return new Entry(null, until, null, null, null);
        }

        Entry until(Instant value) {
            return new Entry(idp, value, validUntil, cacheDuration, version);
        }
    }

    /** Settings for an {@link MdqTrustSource}. */
    public static final class Builder {
        private URI base;
        private List<X509Certificate> trusted;
        private boolean sha1;
        private Clock clock = Clock.systemUTC();
        private Duration maxCache = Duration.ofHours(DEFAULT_MAX_CACHE_HOURS);
        private Duration minCache = Duration.ofMinutes(DEFAULT_MIN_CACHE_MINUTES);
        private Duration negativeCache = Duration.ofMinutes(DEFAULT_NEGATIVE_CACHE_MINUTES);
        private Duration retryAfterFailure = Duration.ofSeconds(DEFAULT_RETRY_SECONDS);
        private int maxEntries = DEFAULT_MAX_ENTRIES;
        private int maxBytes = DEFAULT_MAX_BYTES;
        private Duration connectTimeout = Duration.ofSeconds(3);
        private Duration responseTimeout = Duration.ofSeconds(DEFAULT_CALL_TIMEOUT_SECONDS);
        private Duration callTimeout = Duration.ofSeconds(DEFAULT_CALL_TIMEOUT_SECONDS);
        private SSLContext sslContext;

        private Builder() {
        }

        /** The service's base URL; entities are asked for at {@code {base}/entities/{id}}. */
        public Builder baseUrl(URI value) {
            this.base = Objects.requireNonNull(value, "baseUrl");
            return this;
        }

        /**
         * The certificates one of which must have signed each answer (required).
         *
         * @throws IllegalArgumentException if the list is empty or holds null
         */
        public Builder verifySignatureWith(List<X509Certificate> certificates) {
            Objects.requireNonNull(certificates, "certificates");
            if (certificates.isEmpty() || certificates.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException("an MDQ source needs at least one signing certificate for its"
                        + " answers (and no null)");
            }
            this.trusted = List.copyOf(certificates);
            return this;
        }

        /** Asks for {@code {sha1}<hex>} instead of the percent-encoded entityID (MDQ's transformed identifier). */
        public Builder sha1Identifiers() {
            this.sha1 = true;
            return this;
        }

        /** The clock validUntil and cache times are computed on. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The shortest and longest time an answer is used before it is asked for again (defaults 1 min, 4 h). */
        public Builder cacheDuration(Duration min, Duration max) {
            this.minCache = notNegative(min, "the minimum cache duration");
            this.maxCache = positive(max, "the maximum cache duration");
            if (min.compareTo(max) > 0) {
                throw new IllegalArgumentException("the minimum cache duration " + min + " is longer than the maximum "
                        + max);
            }
            return this;
        }

        /** How long a 404 is remembered (default 10 min). */
        public Builder negativeCacheDuration(Duration value) {
            this.negativeCache = positive(value, "the negative cache duration");
            return this;
        }

        /** How long a still-valid earlier answer is used after a failed refresh before asking again (default 60 s). */
        public Builder retryAfterFailure(Duration value) {
            this.retryAfterFailure = positive(value, "retryAfterFailure");
            return this;
        }

        /** How many entities are remembered (default {@value #DEFAULT_MAX_ENTRIES}). */
        public Builder maxEntries(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("maxEntries must be positive, was " + value);
            }
            this.maxEntries = value;
            return this;
        }

        /** The size cap for one answer (default 1 MiB). */
        public Builder maxBytes(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("maxBytes must be positive, was " + value);
            }
            this.maxBytes = value;
            return this;
        }

        /** Connect, response (per read) and total timeouts of each request (defaults 3 s, 5 s, 5 s). */
        public Builder timeouts(Duration connect, Duration response, Duration call) {
            this.connectTimeout = positive(connect, "connectTimeout");
            this.responseTimeout = positive(response, "responseTimeout");
            this.callTimeout = positive(call, "callTimeout");
            return this;
        }

        /** The TLS context for an https service; by default the JVM's default trust store. */
        public Builder sslContext(SSLContext value) {
            this.sslContext = Objects.requireNonNull(value, "sslContext");
            return this;
        }

        /**
         * The source. Nothing is fetched until the first lookup.
         *
         * @throws EcpConfigurationException {@code metadata_invalid} if the base URL is not an absolute http(s) URL
         * @throws IllegalStateException if no base URL or no signing certificate was given
         */
        public MdqTrustSource build() throws EcpConfigurationException {
            if (base == null || trusted == null) {
                throw new IllegalStateException("an MDQ source needs baseUrl(...) and verifySignatureWith(...)");
            }
            MetadataFetcher.checkHttpUrl(base, "MDQ base URL");
            if (base.getQuery() != null || base.getFragment() != null) {
                throw new EcpConfigurationException(EcpError.METADATA_INVALID,
                        "MDQ base URL must not have a query or fragment (value: '" + base + "')");
            }
            return new MdqTrustSource(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }

        private static Duration notNegative(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + value);
            }
            return value;
        }
    }
}
