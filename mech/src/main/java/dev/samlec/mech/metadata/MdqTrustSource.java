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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trust in the IdPs a Metadata Query Protocol (MDQ) service describes, looked up one entity at a time on first use:
 * {@code GET {base}/entities/{percent-encoded entityID}} (or the transformed form {@code {sha1}<hex of the SHA-1 of
 * the entityID>}, {@link Builder#sha1Identifiers()}), {@code Accept: application/samlmetadata+xml}.
 *
 * <ul>
 *   <li>Each answer must be signed by one of the configured certificates (the MDQ service's signing key), must
 *   carry a {@code validUntil} within the {@linkplain Builder#validity(MetadataValidity) validity limit} (by default
 *   at most 14 days ahead) that has not passed, and must describe the entity asked for as a SAML 2.0 IdP with a
 *   signing key; anything else is refused.</li>
 *   <li>A good answer is kept until {@code min(validUntil, now + cacheDuration, now + maxCacheDuration)} (at least
 *   {@code minCacheDuration}, never past its validUntil), then asked for again with its ETag / Last-Modified (a 304
 *   keeps it for another period, but never past its validUntil, and an answer without validUntil never past
 *   {@code maxCacheDuration} after its last 200). A 404 (or an answer without that IdP) is remembered as "not
 *   trusted" for {@code negativeCacheDuration}. At most {@code maxEntries} trusted entities are remembered (least
 *   recently used first out); "not trusted" answers are kept in a separate, smaller LRU of {@code
 *   maxNegativeEntries} ({@value #DEFAULT_MAX_NEGATIVE_ENTRIES} by default), so unknown names never evict a trusted
 *   IdP.</li>
 *   <li>An unsigned answer never overrides a signed one: a 404 for an entity whose earlier signed answer is still
 *   within its own validUntil is a refresh failure (the answer is kept, WARN, asked again after
 *   {@code retryAfterFailure}). A signed answer whose validUntil is earlier than that of the answer in hand is
 *   refused the same way ({@code metadata_invalid}, rollback): a replayed older answer cannot bring back a
 *   rotated-out key.</li>
 *   <li>At most {@code maxConcurrentFetches} ({@value #DEFAULT_MAX_CONCURRENT_FETCHES} by default) requests for
 *   entities without a trusted answer in hand run at once; a lookup beyond that fails at once with {@code
 *   metadata_unavailable} (no queueing), so a flood of Responses with invented Issuers cannot tie up every login
 *   thread in MDQ requests. Refreshes of trusted entities do not count.</li>
 *   <li>At most one fetch per entity is in flight; other lookups of that entity wait for it within their own
 *   deadline. Every fetch has a total deadline ({@code callTimeout}, default {@value #DEFAULT_CALL_TIMEOUT_SECONDS}
 *   s, short enough for a login).</li>
 *   <li>Fail closed: when the service cannot answer (unreachable, too slow, an HTTP error other than 404, an answer
 *   that does not verify) the lookup throws {@code metadata_unavailable} and the login is refused; if an earlier good
 *   answer for the entity is still within its own validUntil, it is used instead (logged), and the service is asked
 *   again after {@code retryAfterFailure}.</li>
 *   <li>A plain {@code http://} base URL is refused unless {@link Builder#allowInsecureHttp(boolean)} is set (the
 *   answers are signed, but over http anyone on the path can withhold or stall them).</li>
 *   <li>A {@link FederationFilter} ({@link Builder#filter(FederationFilter)}) applies to every answer: an entity
 *   failing it is "not trusted" like a 404; an entityID off its allow-list is never asked for. With an allow-list of
 *   one entityID the source is not {@linkplain #federated() federated}: only that IdP can be trusted.</li>
 * </ul>
 *
 * <p>The entityID comes from the Issuer of a Response not yet verified, so any peer can make the service ask the MDQ
 * server about a name of its choice (one request per name and negative-cache period, within the concurrent-fetch
 * cap); IDs over {@value #MAX_ENTITY_ID_LENGTH} characters are not looked up. One INFO line per entity loaded, one
 * WARN per failure (at most one per 10 s for lookups refused by the cap).
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
    /** Default number of trusted entities remembered. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** Default number of "not trusted" (404, no usable IdP) answers remembered, in their own LRU. */
    public static final int DEFAULT_MAX_NEGATIVE_ENTRIES = 1_000;
    /** Default number of requests for entities without a trusted answer in hand that may run at once. */
    public static final int DEFAULT_MAX_CONCURRENT_FETCHES = 8;
    /** Default size cap for one answer: 1 MiB. */
    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;
    /** Longer entityIDs are not looked up (not trusted). */
    public static final int MAX_ENTITY_ID_LENGTH = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(MdqTrustSource.class);
    private static final long CAP_WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final URI base;
    private final boolean sha1;
    private final Clock clock;
    private final MdqFreshness freshness;
    private final Duration callTimeout;
    private final MetadataFetcher fetcher;
    private final MetadataAggregateReader reader;
    private final MdqCache cache;
    private final FederationFilter filter;
    private final MdqBackgroundLookup background;
    private final MdqInFlight inFlight = new MdqInFlight();
    private final Semaphore newEntityFetches;
    private final int maxConcurrentFetches;
    private final AtomicLong capRefusals = new AtomicLong();
    private final AtomicLong lastCapWarn = new AtomicLong(System.nanoTime() - CAP_WARN_INTERVAL_NANOS);

    private MdqTrustSource(Builder b) {
        String text = b.base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.sha1 = b.sha1;
        this.clock = b.clock;
        this.freshness = new MdqFreshness(b.minCache, b.maxCache, b.negativeCache, b.retryAfterFailure);
        this.callTimeout = b.callTimeout;
        this.fetcher = new MetadataFetcher(b.connectTimeout, b.responseTimeout, b.callTimeout, b.maxBytes,
                b.sslContext);
        this.reader = MetadataAggregateReader.builder().clock(b.clock).maxBytes(b.maxBytes).maxEntities(100)
                .verifySignatureWith(b.trusted).validity(b.validity).build();
        this.cache = new MdqCache(b.maxEntries, b.maxNegativeEntries);
        this.filter = b.filter;
        this.background = new MdqBackgroundLookup(this.base, b.retryAfterFailure, this::find);
        this.maxConcurrentFetches = b.maxConcurrentFetches;
        this.newEntityFetches = new Semaphore(b.maxConcurrentFetches);
    }

    /** A builder; {@link Builder#baseUrl(URI)} and {@link Builder#verifySignatureWith(List)} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cached copy only, while fresh or within its validUntil: never a request to the MDQ service. */
    @Override
    public Optional<TrustedIdp> findWithoutFetching(String entityId) {
        if (!mayAsk(entityId)) {
            return Optional.empty();
        }
        MdqEntry cached = cache.get(entityId);
        Instant now = clock.instant();
        return cached != null && (cached.freshAt(now) || cached.withinValidUntil(now))
                ? Optional.ofNullable(cached.idp()) : Optional.empty();
    }

    /**
     * The IdP {@code entityId} as the MDQ service describes it now.
     *
     * @throws EcpException {@code metadata_unavailable} when the service cannot answer in time and no earlier answer
     *     is still valid, or at once when the entity is not cached and {@code maxConcurrentFetches} requests for
     *     uncached entities are already running
     */
    @Override
    public Optional<TrustedIdp> find(String entityId) throws EcpException {
        if (!mayAsk(entityId)) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        MdqEntry cached = cache.get(entityId);
        if (cached != null && cached.freshAt(clock.instant())) {
            return Optional.ofNullable(cached.idp());
        }
        CompletableFuture<MdqEntry> mine = new CompletableFuture<>();
        CompletableFuture<MdqEntry> running = inFlight.claim(entityId, mine);
        if (running != null) {
            return Optional.ofNullable(inFlight.await(running, entityId, entityUrl(entityId), callTimeout, start)
                    .idp());
        }
        MdqEntry previous = cached != null && cached.trusted() ? cached : null;
        boolean permit = false;
        try {
            if (previous == null) {
                permit = newEntityFetches.tryAcquire();
                if (!permit) {
                    warnCapReached(entityId);
                    throw unavailable("the MDQ service is not asked for IdP '" + entityId + "' now: "
                            + maxConcurrentFetches + " lookups of entities not in the cache are already running"
                            + " (maxConcurrentFetches); the login is refused, try again later", null);
                }
            }
            MdqEntry fresh = load(entityId, previous);
            cache.put(entityId, fresh);
            mine.complete(fresh);
            return Optional.ofNullable(fresh.idp());
        } catch (EcpException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            if (permit) {
                newEntityFetches.release();
            }
            inFlight.done(entityId, mine);
        }
    }

    /** Whether the service may be asked about {@code entityId}: a sane name, on the filter's allow-list if any. */
    private boolean mayAsk(String entityId) {
        return entityId != null && !entityId.isBlank() && entityId.length() <= MAX_ENTITY_ID_LENGTH
                && (filter.entityIds().isEmpty() || filter.entityIds().contains(entityId));
    }

    /** One WARN per 10 s at most while the cap refuses lookups (a flood must not flood the log too). */
    private void warnCapReached(String entityId) {
        long refused = capRefusals.incrementAndGet();
        long last = lastCapWarn.get();
        long now = System.nanoTime();
        if (now - last >= CAP_WARN_INTERVAL_NANOS && lastCapWarn.compareAndSet(last, now)) {
            capRefusals.addAndGet(-refused);
            LOG.warn("MDQ {}: {} lookup(s) refused with {} (latest: {}): {} requests for entities not in the cache"
                    + " were already running (maxConcurrentFetches)", base, refused,
                    EcpError.METADATA_UNAVAILABLE.code(), entityId, maxConcurrentFetches);
        }
    }

    @Override
    public boolean federated() {
        return filter.entityIds().size() != 1;
    }

    /**
     * With an allow-list of one entityID, that IdP when its cached answer wants signed requests. Never waits: when the
     * cached answer is missing or no longer fresh, a lookup is started on a daemon thread ({@link MdqBackgroundLookup}), so that
     * an IdP which refuses unsigned requests, and so never sends the Response that would look it up, is still found
     * wanting them (call {@link #find} once at start-up to know it before the first request).
     */
    @Override
    public Optional<String> idpWantingSignedRequests() {
        if (federated()) {
            return Optional.empty();
        }
        String only = filter.entityIds().iterator().next();
        MdqEntry cached = cache.get(only);
        if (cached == null || !cached.freshAt(clock.instant())) {
            background.start(only);
        }
        return findWithoutFetching(only).filter(TrustedIdp::wantAuthnRequestsSigned).map(TrustedIdp::entityId);
    }

    @Override
    public String describe() {
        return "MDQ " + base + " (" + cache.describe() + (filter.isAll() ? "" : ", " + filter.describe()) + ")";
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

    /** Asks the service; on failure falls back to a still-valid earlier answer, else throws metadata_unavailable. */
    private MdqEntry load(String entityId, MdqEntry previous) throws EcpException {
        URI url = entityUrl(entityId);
        Instant now = clock.instant();
        try {
            return fetch(entityId, url, previous, now);
        } catch (EcpConfigurationException e) {
            if (previous != null && previous.trusted() && previous.withinValidUntil(now)) {
                LOG.warn("MDQ {}: refreshing {} failed: {}; using the earlier answer (validUntil {}) and asking again"
                        + " in {}", base, entityId, e.describe(), previous.validUntil(),
                        freshness.retryAfterFailure());
                return freshness.afterFailure(previous, now);
            }
            LOG.warn("MDQ {}: looking up {} failed: {}", base, entityId, e.describe());
            throw unavailable("the MDQ service could not answer for IdP '" + entityId + "' (" + e.describe()
                    + "); the login is refused rather than decided without its metadata", e);
        }
    }

    private MdqEntry fetch(String entityId, URI url, MdqEntry previous, Instant now)
            throws EcpConfigurationException {
        HttpValidators since = previous == null || freshness.needsUnconditional(previous, now) ? null
                : previous.version();
        Answer answer = fetcher.fetch(url, since);
        if (answer.status() == 404) {
            if (previous != null && previous.withinValidUntil(now)) {
                throw new EcpConfigurationException(EcpError.METADATA_INVALID, url + " answered 404 Not Found"
                        + " (unsigned) for an entity whose signed answer is valid until " + previous.validUntil()
                        + "; not taken as a revocation");
            }
            LOG.info("MDQ {}: {} is not known (404); remembered for {}", base, entityId, freshness.negativeCache());
            return freshness.unknown(now);
        }
        if (answer.status() == 304) {
            if (since == null) {
                throw new EcpConfigurationException(EcpError.METADATA_INVALID, url + " answered 304 Not Modified"
                        + " to an unconditional request");
            }
            if (previous.expiredAt(now)) {
                throw new EcpConfigurationException(EcpError.METADATA_INVALID, url + " answered 304 Not Modified"
                        + " for a copy that expired at " + previous.validUntil() + "; expired metadata is not used");
            }
            MdqEntry kept = freshness.notModified(previous, now);
            LOG.debug("MDQ {}: {} not modified; kept until {}", base, entityId, kept.freshUntil());
            return kept;
        }
        if (answer.status() != 200) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID, url + " answered HTTP " + answer.status());
        }
        MetadataAggregate document = reader.read(answer.body(), "MDQ answer " + url);
        Optional<FederationEntity> entity = document.find(entityId);
        Instant validUntil = MdqFreshness.earliestNullable(document.validUntil().orElse(null),
                entity.flatMap(FederationEntity::validUntil).orElse(null));
        // before anything that could take trust away: a replayed older answer must not revoke a trusted IdP
        if (previous != null && previous.outlives(validUntil)) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID, "rollback refused: " + url
                    + " answered a signed copy valid until " + validUntil + ", older than the one in hand (valid"
                    + " until " + previous.validUntil() + ")");
        }
        if (previous != null && validUntil == null && previous.validUntil() != null
                && previous.withinValidUntil(now)) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID, "rollback refused: " + url
                    + " answered a signed copy without validUntil while the one in hand is valid until "
                    + previous.validUntil() + " (a replayed older copy could look so)");
        }
        if (entity.isEmpty()) {
            LOG.warn("MDQ {}: the answer for {} does not describe it as a usable SAML 2.0 IdP ({} IdPs in it, {} left"
                    + " out: {}); not trusted for {}", base, entityId, document.size(), document.skippedCount(),
                    document.skippedReasons(), freshness.negativeCache());
            return freshness.unknown(now);
        }
        if (!filter.accepts(entity.get())) {
            LOG.info("MDQ {}: {} does not pass the federation filter ({}); not trusted for {}", base, entityId,
                    filter.describe(), freshness.negativeCache());
            return freshness.unknown(now);
        }
        TrustedIdp idp = entity.get().toTrustedIdp();
        MdqEntry loaded = freshness.loaded(idp, now, validUntil, document.cacheDuration().orElse(null),
                answer.validators());
        LOG.info("MDQ {}: loaded {} ({} signing certificates, validUntil {}), kept until {}", base, entityId,
                idp.signingCertificates().size(), validUntil == null ? "none" : validUntil, loaded.freshUntil());
        return loaded;
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
        private int maxNegativeEntries = DEFAULT_MAX_NEGATIVE_ENTRIES;
        private int maxConcurrentFetches = DEFAULT_MAX_CONCURRENT_FETCHES;
        private boolean allowInsecureHttp;
        private int maxBytes = DEFAULT_MAX_BYTES;
        private Duration connectTimeout = Duration.ofSeconds(3);
        private Duration responseTimeout = Duration.ofSeconds(DEFAULT_CALL_TIMEOUT_SECONDS);
        private Duration callTimeout = Duration.ofSeconds(DEFAULT_CALL_TIMEOUT_SECONDS);
        private SSLContext sslContext;
        private FederationFilter filter = FederationFilter.all();
        private MetadataValidity validity = MetadataValidity.defaults();

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
            this.trusted = BuilderChecks.signingCertificates(certificates, "an MDQ source needs at least one signing"
                    + " certificate for its answers (and no null)");
            return this;
        }

        /**
         * What each answer must say about its expiry (default {@link MetadataValidity#defaults()}: a
         * {@code validUntil} at most 14 days ahead; MDQ services publish hours to days).
         */
        public Builder validity(MetadataValidity value) {
            this.validity = Objects.requireNonNull(value, "validity");
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
            this.minCache = BuilderChecks.notNegative(min, "the minimum cache duration");
            this.maxCache = BuilderChecks.positive(max, "the maximum cache duration");
            if (min.compareTo(max) > 0) {
                throw new IllegalArgumentException("the minimum cache duration " + min + " is longer than the maximum "
                        + max);
            }
            return this;
        }

        /** How long a 404 is remembered (default 10 min). */
        public Builder negativeCacheDuration(Duration value) {
            this.negativeCache = BuilderChecks.positive(value, "the negative cache duration");
            return this;
        }

        /** How long a still-valid earlier answer is used after a failed refresh before asking again (default 60 s). */
        public Builder retryAfterFailure(Duration value) {
            this.retryAfterFailure = BuilderChecks.positive(value, "retryAfterFailure");
            return this;
        }

        /**
         * How many "not trusted" answers are remembered, in an LRU of their own (default
         * {@value #DEFAULT_MAX_NEGATIVE_ENTRIES}).
         */
        public Builder maxNegativeEntries(int value) {
            this.maxNegativeEntries = BuilderChecks.positive(value, "maxNegativeEntries");
            return this;
        }

        /**
         * How many requests for entities without a trusted answer in hand may run at once (default
         * {@value #DEFAULT_MAX_CONCURRENT_FETCHES}); a lookup beyond that fails at once with {@code
         * metadata_unavailable}.
         */
        public Builder maxConcurrentFetches(int value) {
            this.maxConcurrentFetches = BuilderChecks.positive(value, "maxConcurrentFetches");
            return this;
        }

        /** Accepts a plain {@code http://} base URL (default false: only https; for tests and closed networks). */
        public Builder allowInsecureHttp(boolean value) {
            this.allowInsecureHttp = value;
            return this;
        }

        /** How many trusted entities are remembered (default {@value #DEFAULT_MAX_ENTRIES}). */
        public Builder maxEntries(int value) {
            this.maxEntries = BuilderChecks.positive(value, "maxEntries");
            return this;
        }

        /** The size cap for one answer (default 1 MiB). */
        public Builder maxBytes(int value) {
            this.maxBytes = BuilderChecks.positive(value, "maxBytes");
            return this;
        }

        /** Connect, response (per read) and total timeouts of each request (defaults 3 s, 5 s, 5 s). */
        public Builder timeouts(Duration connect, Duration response, Duration call) {
            this.connectTimeout = BuilderChecks.positive(connect, "connectTimeout");
            this.responseTimeout = BuilderChecks.positive(response, "responseTimeout");
            this.callTimeout = BuilderChecks.positive(call, "callTimeout");
            return this;
        }

        /**
         * Which IdPs the answers may make trusted (default {@link FederationFilter#all()}): entity IDs, registration
         * authorities, entity attributes, checked on each signed answer; an entityID off the allow-list is never
         * asked for.
         */
        public Builder filter(FederationFilter value) {
            this.filter = Objects.requireNonNull(value, "filter");
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
         * @throws EcpConfigurationException {@code metadata_invalid} if the base URL is not an absolute https URL
         *     (or http with {@link #allowInsecureHttp(boolean)})
         * @throws IllegalStateException if no base URL or no signing certificate was given
         */
        public MdqTrustSource build() throws EcpConfigurationException {
            if (base == null || trusted == null) {
                throw new IllegalStateException("an MDQ source needs baseUrl(...) and verifySignatureWith(...)");
            }
            MetadataFetcher.checkHttpUrl(base, "MDQ base URL");
            MetadataFetcher.checkSecureUnlessAllowed(base, allowInsecureHttp, "MDQ base URL");
            if (base.getQuery() != null || base.getFragment() != null) {
                throw new EcpConfigurationException(EcpError.METADATA_INVALID,
                        "MDQ base URL must not have a query or fragment (value: '" + base + "')");
            }
            return new MdqTrustSource(this);
        }
    }
}
