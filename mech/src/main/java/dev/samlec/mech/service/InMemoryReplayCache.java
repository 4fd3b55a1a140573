package dev.samlec.mech.service;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, thread-safe {@link ReplayCache} in this JVM's memory (single node only).
 *
 * <p>Entries are dropped once expired. When {@code maxEntries} unexpired entries are held, new keys are
 * <em>refused</em> ({@link #checkAndStore} returns false, so the login fails) rather than evicting a live entry:
 * evicting would let a flood of fresh assertions push a captured one out and make it replayable. The price is that
 * such a flood blocks logins until entries expire; size the cache above the expected logins per assertion lifetime.
 */
public final class InMemoryReplayCache implements ReplayCache {
    /** Default bound: 50,000 entries (a few MB). */
    public static final int DEFAULT_MAX_ENTRIES = 50_000;
    /** Keys longer than this are refused (an attacker could otherwise fill memory with huge IDs). */
    public static final int MAX_KEY_LENGTH = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryReplayCache.class);

    private final Clock clock;
    private final int maxEntries;
    private final Map<String, Instant> entries = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>();

    /**
     * A cache.
     *
     * @param clock the clock that decides expiry
     * @param maxEntries the most unexpired entries held; positive
     */
    public InMemoryReplayCache(Clock clock, int maxEntries) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** A cache of {@link #DEFAULT_MAX_ENTRIES} entries. */
    public InMemoryReplayCache(Clock clock) {
        this(clock, DEFAULT_MAX_ENTRIES);
    }

    @Override
    public synchronized boolean checkAndStore(String key, Instant expiresAt) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (key.length() > MAX_KEY_LENGTH) {
            return false;
        }
        Instant now = clock.instant();
        purgeExpired(now);
        if (entries.containsKey(key)) {
            return false;
        }
        if (entries.size() >= maxEntries) {
            LOG.warn("replay cache is full ({} unexpired entries): refusing new assertions until entries expire",
                    maxEntries);
            return false;
        }
        entries.put(key, expiresAt);
        byExpiry.add(new Entry(expiresAt, key));
        return true;
    }

    /** The number of unexpired entries held. */
    public synchronized int size() {
        purgeExpired(clock.instant());
        return entries.size();
    }

    private void purgeExpired(Instant now) {
        while (!byExpiry.isEmpty() && !byExpiry.peek().expiresAt.isAfter(now)) {
            Entry e = byExpiry.poll();
            entries.remove(e.key, e.expiresAt);
        }
    }

    private static final class Entry implements Comparable<Entry> {
        final Instant expiresAt;
        final String key;

        Entry(Instant expiresAt, String key) {
            this.expiresAt = expiresAt;
            this.key = key;
        }

        @Override
        public int compareTo(Entry o) {
            return expiresAt.compareTo(o.expiresAt);
        }
    }
}
