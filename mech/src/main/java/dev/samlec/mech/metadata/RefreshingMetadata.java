package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.metadata.MetadataFetcher.HttpValidators;
import dev.samlec.mech.metadata.MetadataParser.Parsed;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A metadata document (a URL or a file) kept fresh by a background thread, and what is built from it (by a
 * {@link MetadataParser}: the aggregate, a trust source, an IdP directory).
 *
 * <ul>
 *   <li>{@link Builder#start()} loads the document once and fails with the document's coded error if it cannot;
 *   then a daemon thread looks for a newer copy after {@code min(cacheDuration, validUntil - margin)}, clamped to
 *   {@code [minInterval, maxInterval]} (defaults {@value #DEFAULT_MIN_MINUTES} min and {@value #DEFAULT_MAX_HOURS}
 *   h, margin {@value #DEFAULT_MARGIN_MINUTES} min), with a conditional GET (ETag / Last-Modified; a 304 keeps the
 *   copy) or, for a file, when its modification time or size changed.</li>
 *   <li>A failed refresh (unreachable, HTTP error, a bad signature, an expired or malformed document, or a rollback:
 *   a verifying document whose {@code validUntil} is earlier than that of the copy in hand, such as a replayed older
 *   aggregate that would bring back rotated-out keys, refused with {@code metadata_invalid}) never replaces the good
 *   copy: it is kept until its own {@code validUntil}, and the next attempt comes after a back-off of
 *   {@value #DEFAULT_BACKOFF_MINUTES} min doubling up to {@value #DEFAULT_MAX_BACKOFF_MINUTES} min, with jitter.</li>
 *   <li>{@link #current()} answers from the snapshot in hand without waiting for a refresh in progress (the new
 *   snapshot is swapped in atomically once complete), and throws {@code metadata_unavailable} once the copy in hand
 *   has expired: expired metadata is refused, never used.</li>
 *   <li>Log lines: one INFO per load or refresh (source, entities, validUntil, next refresh), one WARN per failure with
 *   its code and message, no stack trace.</li>
 *   <li>A plain {@code http://} URL is refused unless {@link Builder#allowInsecureHttp(boolean)} is set.</li>
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} stops the thread.
 *
 * @param <T> what is built from the document
 */
public final class RefreshingMetadata<T> implements AutoCloseable {
    /** Default shortest time between two refreshes, in minutes. */
    public static final int DEFAULT_MIN_MINUTES = 5;
    /** Default longest time between two refreshes, in hours. */
    public static final int DEFAULT_MAX_HOURS = 4;
    /** Default time before a document's {@code validUntil} by which a newer copy is looked for, in minutes. */
    public static final int DEFAULT_MARGIN_MINUTES = 60;
    /** Default delay after a first failed refresh, in minutes (doubled after each further failure). */
    public static final int DEFAULT_BACKOFF_MINUTES = 1;
    /** Default longest delay between failed refreshes, in minutes. */
    public static final int DEFAULT_MAX_BACKOFF_MINUTES = 60;
    private static final Logger LOG = LoggerFactory.getLogger(RefreshingMetadata.class);

    private final DocumentSource source;
    private final MetadataParser<T> parser;
    private final Clock clock;
    private final RefreshSchedule schedule;
    private final Random random;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Object refreshLock = new Object();
    private volatile Snapshot<T> snapshot;
    private volatile String lastFailure;
    private volatile boolean closed;
    private int failures; // guarded by refreshLock
    private ScheduledFuture<?> next; // guarded by refreshLock
    private Duration nextDelay; // guarded by refreshLock

    private RefreshingMetadata(Builder<T> b, DocumentSource source) {
        this.source = source;
        this.parser = b.parser;
        this.clock = b.clock;
        this.schedule = new RefreshSchedule(b.minInterval, b.maxInterval, b.margin, b.initialBackoff, b.maxBackoff);
        this.random = b.random;
        this.scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "samlec-metadata-refresh");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** A builder for metadata read by {@code parser}; give it a {@link Builder#url(URI)} or a {@link Builder#file(Path)}. */
    public static <T> Builder<T> builder(MetadataParser<T> parser) {
        return new Builder<>(parser);
    }

    /**
     * What was built from the copy in hand.
     *
     * @throws EcpException {@code metadata_unavailable} once that copy's {@code validUntil} has passed (no newer copy
     *     could be loaded in time), or after {@link #close()}
     */
    public T current() throws EcpException {
        if (closed) {
            throw new EcpException(EcpError.METADATA_UNAVAILABLE, source.describe() + " is closed");
        }
        Snapshot<T> s = snapshot;
        if (s.expired(clock.instant())) {
            String failure = lastFailure;
            throw new EcpException(EcpError.METADATA_UNAVAILABLE, source.describe() + ": the last good copy expired"
                    + " at " + s.parsed.validUntil() + " (its validUntil) and no newer copy could be loaded"
                    + (failure == null ? "" : " (last attempt: " + failure + ")") + "; expired metadata is not used");
        }
        return s.parsed.value();
    }

    /** The {@code validUntil} of the copy in hand, if it has one. */
    public Optional<Instant> validUntil() {
        return Optional.ofNullable(snapshot.parsed.validUntil());
    }

    /** When the copy in hand was loaded (on the configured clock). */
    public Instant loadedAt() {
        return snapshot.loadedAt;
    }

    /** The number of entities in the copy in hand. */
    public int entities() {
        return snapshot.parsed.entities();
    }

    /** For messages and logs: the source, its entity count and validUntil. */
    public String describe() {
        Snapshot<T> s = snapshot;
        return source.describe() + " (" + s.parsed.entities() + " entities, validUntil "
                + (s.parsed.validUntil() == null ? "none" : s.parsed.validUntil()) + ")";
    }

    /**
     * Looks for a newer copy now, on the calling thread (the next scheduled attempt is planned from its outcome);
     * a failure is logged and counted like a scheduled one, never thrown. Lookups keep answering meanwhile.
     */
    public void refreshNow() {
        synchronized (refreshLock) {
            if (closed) {
                return;
            }
            Duration delay = null;
            try {
                delay = attempt();
            } catch (RuntimeException e) { // a bug, not a bad document: keep the copy, keep trying
                delay = failed(EcpError.INTERNAL_ERROR.code() + ": " + e);
                LOG.warn("{}: refresh failed unexpectedly; keeping the copy in hand", source.describe(), e);
            } finally { // even after an Error, so that the refresh never stops silently
                scheduleNext(delay != null ? delay : schedule.afterFailure(Math.max(failures, 1), random));
            }
        }
    }

    /** The delay until the next planned attempt (for tests). */
    Duration nextDelay() {
        synchronized (refreshLock) {
            return nextDelay;
        }
    }

    /** Stops the refresh thread; {@link #current()} then fails. Idempotent. */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
    }

    @Override
    public String toString() {
        return "RefreshingMetadata[" + describe() + "]";
    }

    private void firstLoad() throws EcpConfigurationException {
        Instant now = clock.instant();
        DocumentSource.Document document = source.fetch(null);
        if (document == null) {
            throw new IllegalStateException("a first load cannot be 'not modified'");
        }
        Parsed<T> parsed = parser.parse(document.bytes(), source.describe());
        snapshot = new Snapshot<>(parsed, document.version(), now);
        Duration delay = schedule.afterSuccess(now, parsed.validUntil(), parsed.cacheDuration());
        LOG.info("{}: loaded, {} entities, validUntil {}; next refresh in {}", source.describe(), parsed.entities(),
                orNone(parsed.validUntil()), delay);
        synchronized (refreshLock) {
            scheduleNext(delay);
        }
    }

    /** One refresh; returns the delay until the next. Caller holds refreshLock. */
    private Duration attempt() {
        Snapshot<T> old = snapshot;
        Instant now = clock.instant();
        try {
            DocumentSource.Document document = source.fetch(old.version);
            if (document == null) {
                failures = 0;
                lastFailure = null;
                Duration delay = schedule.afterSuccess(now, old.parsed.validUntil(), old.parsed.cacheDuration());
                if (old.expired(now)) {
                    LOG.warn("{}: not modified, but the copy in hand expired at {}: lookups fail with {}; next refresh"
                            + " in {}", source.describe(), old.parsed.validUntil(),
                            EcpError.METADATA_UNAVAILABLE.code(), delay);
                } else {
                    LOG.info("{}: not modified, {} entities, validUntil {}; next refresh in {}", source.describe(),
                            old.parsed.entities(), orNone(old.parsed.validUntil()), delay);
                }
                return delay;
            }
            Parsed<T> parsed = parser.parse(document.bytes(), source.describe());
            refuseRollback(old.parsed, parsed);
            snapshot = new Snapshot<>(parsed, document.version(), now);
            failures = 0;
            lastFailure = null;
            Duration delay = schedule.afterSuccess(now, parsed.validUntil(), parsed.cacheDuration());
            LOG.info("{}: refreshed, {} entities, validUntil {}; next refresh in {}", source.describe(),
                    parsed.entities(), orNone(parsed.validUntil()), delay);
            return delay;
        } catch (EcpException e) {
            Duration delay = failed(e.describe());
            if (closed) { // the fetch was cut short by close()
                return delay;
            }
            LOG.warn("{}: refresh failed: {}; {}; next attempt in {}", source.describe(), e.describe(),
                    old.expired(now) ? "the copy in hand expired at " + old.parsed.validUntil() + ": lookups fail with "
                            + EcpError.METADATA_UNAVAILABLE.code()
                            : "keeping the copy in hand (validUntil " + orNone(old.parsed.validUntil()) + ")",
                    delay);
            return delay;
        }
    }

    /** A verifying copy older than the one in hand (earlier validUntil) could bring back rotated-out keys. */
    private void refuseRollback(Parsed<T> old, Parsed<T> parsed) throws EcpConfigurationException {
        if (old.validUntil() != null && parsed.validUntil() != null && parsed.validUntil().isBefore(old.validUntil())) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID, "rollback refused: the refreshed copy is"
                    + " valid until " + parsed.validUntil() + ", earlier than the copy in hand (valid until "
                    + old.validUntil() + "); an older document is not taken back");
        }
    }

    private Duration failed(String reason) {
        lastFailure = reason;
        failures++;
        return schedule.afterFailure(failures, random);
    }

    private void scheduleNext(Duration delay) {
        nextDelay = delay;
        if (next != null) {
            next.cancel(false);
        }
        if (!closed) {
            try {
                next = scheduler.schedule(this::refreshNow, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile
            }
        }
    }

    private static Object orNone(Instant instant) {
        return instant == null ? "none" : instant;
    }

    /** One loaded copy: what was built, its version for conditional requests, and when it was loaded. */
    private static final class Snapshot<T> {
        final Parsed<T> parsed;
        final HttpValidators version;
        final Instant loadedAt;

        Snapshot(Parsed<T> parsed, HttpValidators version, Instant loadedAt) {
            this.parsed = parsed;
            this.version = version;
            this.loadedAt = loadedAt;
        }

        boolean expired(Instant now) {
            return parsed.validUntil() != null && !parsed.validUntil().isAfter(now);
        }
    }

    /** Settings for a {@link RefreshingMetadata}. */
    public static final class Builder<T> {
        private final MetadataParser<T> parser;
        private URI url;
        private Path file;
        private Clock clock = Clock.systemUTC();
        private Duration minInterval = Duration.ofMinutes(DEFAULT_MIN_MINUTES);
        private Duration maxInterval = Duration.ofHours(DEFAULT_MAX_HOURS);
        private Duration margin = Duration.ofMinutes(DEFAULT_MARGIN_MINUTES);
        private Duration initialBackoff = Duration.ofMinutes(DEFAULT_BACKOFF_MINUTES);
        private Duration maxBackoff = Duration.ofMinutes(DEFAULT_MAX_BACKOFF_MINUTES);
        private Random random;
        private Duration connectTimeout = MetadataLoader.DEFAULT_CONNECT_TIMEOUT;
        private Duration responseTimeout = MetadataLoader.DEFAULT_RESPONSE_TIMEOUT;
        private Duration callTimeout = MetadataLoader.DEFAULT_CALL_TIMEOUT;
        private int maxBytes = MetadataAggregateReader.DEFAULT_MAX_BYTES;
        private SSLContext sslContext;
        private boolean allowInsecureHttp;

        private Builder(MetadataParser<T> parser) {
            this.parser = Objects.requireNonNull(parser, "parser");
        }

        /** Fetches the document from this https URL (http only with {@link #allowInsecureHttp(boolean)}). */
        public Builder<T> url(URI value) {
            this.url = Objects.requireNonNull(value, "url");
            this.file = null;
            return this;
        }

        /** Reads the document from this file. */
        public Builder<T> file(Path value) {
            this.file = Objects.requireNonNull(value, "file");
            this.url = null;
            return this;
        }

        /** The clock expiry and refresh times are computed on (the parser should use the same). */
        public Builder<T> clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The shortest and longest time between two refreshes (defaults 5 min and 4 h). */
        public Builder<T> refreshInterval(Duration min, Duration max) {
            this.minInterval = BuilderChecks.positive(min, "the minimum refresh interval");
            this.maxInterval = BuilderChecks.positive(max, "the maximum refresh interval");
            return this;
        }

        /** How long before the document's {@code validUntil} a newer copy is looked for (default 1 h). */
        public Builder<T> expiryMargin(Duration value) {
            this.margin = BuilderChecks.notNegative(value, "the expiry margin");
            return this;
        }

        /** The delay after a first failure and the longest delay between failures (defaults 1 min and 60 min). */
        public Builder<T> backoff(Duration initial, Duration max) {
            this.initialBackoff = BuilderChecks.positive(initial, "the first back-off");
            this.maxBackoff = BuilderChecks.positive(max, "the maximum back-off");
            return this;
        }

        /** The randomness for back-off jitter (default a {@link SecureRandom}). */
        public Builder<T> random(Random value) {
            this.random = Objects.requireNonNull(value, "random");
            return this;
        }

        /** Connect, response (per read) and total timeouts for each fetch of a URL (defaults 10 s, 30 s, 60 s). */
        public Builder<T> timeouts(Duration connect, Duration response, Duration call) {
            this.connectTimeout = BuilderChecks.positive(connect, "connectTimeout");
            this.responseTimeout = BuilderChecks.positive(response, "responseTimeout");
            this.callTimeout = BuilderChecks.positive(call, "callTimeout");
            return this;
        }

        /** The size cap for one download or file (default {@link MetadataAggregateReader#DEFAULT_MAX_BYTES}). */
        public Builder<T> maxBytes(int value) {
            this.maxBytes = BuilderChecks.positive(value, "maxBytes");
            return this;
        }

        /** The TLS context for an https URL; by default the JVM's default trust store. */
        public Builder<T> sslContext(SSLContext value) {
            this.sslContext = Objects.requireNonNull(value, "sslContext");
            return this;
        }

        /** Accepts a plain {@code http://} URL (default false: only https; for tests and closed networks). */
        public Builder<T> allowInsecureHttp(boolean value) {
            this.allowInsecureHttp = value;
            return this;
        }

        /**
         * Loads the document and starts refreshing it.
         *
         * @throws EcpConfigurationException {@code metadata_invalid} for a plain http URL without
         *     {@link #allowInsecureHttp(boolean)}; or if the first load fails (its code: {@code metadata_invalid},
         *     {@code metadata_signature_invalid}, {@code redirect_refused}); no thread is left running then
         * @throws IllegalStateException if neither a URL nor a file was given
         */
        public RefreshingMetadata<T> start() throws EcpConfigurationException {
            if (url == null && file == null) {
                throw new IllegalStateException("give the metadata's url(...) or file(...)");
            }
            if (url != null) {
                MetadataFetcher.checkHttpUrl(url, "metadata URL");
                MetadataFetcher.checkSecureUnlessAllowed(url, allowInsecureHttp, "metadata URL");
            }
            if (random == null) {
                random = new SecureRandom();
            }
            DocumentSource source = url != null
                    ? DocumentSource.url(url, new MetadataFetcher(connectTimeout, responseTimeout, callTimeout,
                            maxBytes, sslContext))
                    : DocumentSource.file(file, maxBytes);
            RefreshingMetadata<T> metadata = new RefreshingMetadata<>(this, source);
            try {
                metadata.firstLoad();
            } catch (EcpConfigurationException | RuntimeException e) {
                metadata.close();
                throw e;
            }
            return metadata;
        }
    }
}
