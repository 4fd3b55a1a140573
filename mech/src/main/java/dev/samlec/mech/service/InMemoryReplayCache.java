package dev.samlec.mech.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, thread-safe {@link ReplayCache} in this JVM's memory (single node only).
 *
 * <p>Each entry is a 128-bit keyed fingerprint of the key (SHA-256 over a per-cache random salt and the key,
 * truncated) and its expiry in whole seconds, held in an open-addressing table of primitive arrays: 20 bytes a slot,
 * at most two slots an entry, so about 40 bytes an entry at the bound (see {@link #bytesPerEntryAtBound}); the table
 * starts small and grows with use. A fingerprint collision can only make a new assertion look seen (a refused login,
 * never an accepted replay), and with a secret salt an attacker cannot aim for one.
 *
 * <p>Check and store are O(1) amortised: expired slots are reclaimed in sweeps that run only when the table is three
 * quarters used. When {@code maxEntries} unexpired entries are held, new keys are <em>refused</em> with
 * {@link Outcome#FULL} rather than evicting a live entry: evicting would let a flood of fresh assertions push a captured
 * one out and make it replayable. A full cache is not a replay: the validator reports it as
 * {@code replay_cache_full}, this class logs a WARN with the figures (at most once a minute) and counts the refusals
 * ({@link #fullRefusals}). Size the cache above the logins expected per assertion lifetime (plus skew).
 */
public final class InMemoryReplayCache implements ReplayCache {
    /** Default bound: 1,048,576 entries (about 40 MiB when full; a few KiB while idle). */
    public static final int DEFAULT_MAX_ENTRIES = 1 << 20;
    /** The largest bound a cache accepts (16,777,216 entries, a 640 MiB table; beyond that use a shared store). */
    public static final int LARGEST_MAX_ENTRIES = 1 << 24;
    /** Keys longer than this are refused (an attacker could otherwise make every check hash megabytes). */
    public static final int MAX_KEY_LENGTH = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryReplayCache.class);
    private static final int INITIAL_SLOTS = 1024;
    private static final int BYTES_PER_SLOT = 2 * Long.BYTES + Integer.BYTES;
    private static final Duration WARN_INTERVAL = Duration.ofMinutes(1);

    private final Clock clock;
    private final int maxEntries;
    private final int maxSlots;
    private final long baseSecond;
    private final MessageDigest digest;
    private final byte[] salt = new byte[32];

    /** Per slot: fingerprint high and low words at 2i, 2i+1. */
    private long[] fingerprints;
    /** Per slot: expiry in seconds after {@link #baseSecond}, 0 = empty. */
    private int[] expiries;
    /** Slots not empty, expired ones included. */
    private int occupied;
    /** Unexpired entries at the last sweep plus those stored since: never below the true count. */
    private int liveUpperBound;
    /** When full after a sweep: the earliest second at which a live entry expires (no sweep helps before it). */
    private long fullUntilSecond = Long.MIN_VALUE;
    private long fullRefusals;
    /** Incremented by every sweep or rebuild: slot indexes found before it are stale after it. */
    private long generation;
    private Instant lastFullWarning;

    /**
     * A cache.
     *
     * @param clock the clock that decides expiry
     * @param maxEntries the most unexpired entries held; positive
     * @param random the source of the fingerprint salt
     */
    public InMemoryReplayCache(Clock clock, int maxEntries, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxEntries <= 0 || maxEntries > LARGEST_MAX_ENTRIES) {
            throw new IllegalArgumentException("maxEntries must be between 1 and " + LARGEST_MAX_ENTRIES + ", was "
                    + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.maxSlots = 2 * maxEntries;
        this.baseSecond = clock.instant().getEpochSecond() - 1;
        Objects.requireNonNull(random, "random").nextBytes(salt);
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        allocate(Math.min(INITIAL_SLOTS, maxSlots));
    }

    /** A cache with its salt from a new {@link SecureRandom}. */
    public InMemoryReplayCache(Clock clock, int maxEntries) {
        this(clock, maxEntries, new SecureRandom());
    }

    /** A cache of {@link #DEFAULT_MAX_ENTRIES} entries. */
    public InMemoryReplayCache(Clock clock) {
        this(clock, DEFAULT_MAX_ENTRIES);
    }

    @Override
    public boolean checkAndStore(String key, Instant expiresAt) {
        return record(key, expiresAt) == Outcome.STORED;
    }

    @Override
    public synchronized Outcome record(String key, Instant expiresAt) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (key.length() > MAX_KEY_LENGTH) {
            return Outcome.ALREADY_SEEN;
        }
        long now = secondsNow();
        long[] fp = fingerprint(key);
        int free = -1;
        for (int i = home(fp[0]); ; i = next(i)) {
            int expiry = expiries[i];
            if (expiry == 0) {
                break;
            }
            boolean live = expiry > now;
            if (live && fingerprints[2 * i] == fp[0] && fingerprints[2 * i + 1] == fp[1]) {
                return Outcome.ALREADY_SEEN;
            }
            if (!live && free < 0) {
                free = i;
            }
        }
        long generationBefore = generation;
        if (liveUpperBound >= maxEntries && !roomAfterSweep(now)) {
            refuseFull();
            return Outcome.FULL;
        }
        // A sweep (in place or into a new table) moves entries: the dead slot found above is then stale.
        if (free >= 0 && generation == generationBefore) {
            put(free, fp, encode(expiresAt));
        } else {
            if ((long) (occupied + 1) * 4 > (long) expiries.length * 3) {
                rebuild(now, liveUpperBound + 1);
            }
            insert(fp, encode(expiresAt));
        }
        liveUpperBound++;
        return Outcome.STORED;
    }

    /** The number of unexpired entries held. */
    public synchronized int size() {
        long now = secondsNow();
        int live = 0;
        for (int expiry : expiries) {
            if (expiry > now) {
                live++;
            }
        }
        return live;
    }

    /** How many new keys were refused because the cache was full of live entries, since it was created. */
    public synchronized long fullRefusals() {
        return fullRefusals;
    }

    /** The most unexpired entries held. */
    public int maxEntries() {
        return maxEntries;
    }

    /** Heap bytes of the table per entry when the cache holds {@code maxEntries} entries (the table's largest size). */
    public double bytesPerEntryAtBound() {
        return (double) maxSlots * BYTES_PER_SLOT / maxEntries;
    }

    /** The table's current heap bytes (its arrays). */
    public synchronized long tableBytes() {
        return (long) expiries.length * BYTES_PER_SLOT;
    }

    private boolean roomAfterSweep(long now) {
        if (now < fullUntilSecond) {
            return false;
        }
        rebuild(now, 0);
        if (liveUpperBound < maxEntries) {
            fullUntilSecond = Long.MIN_VALUE;
            return true;
        }
        fullUntilSecond = earliestExpiry();
        return false;
    }

    private void refuseFull() {
        fullRefusals++;
        Instant now = clock.instant();
        if (lastFullWarning == null || !now.isBefore(lastFullWarning.plus(WARN_INTERVAL))) {
            lastFullWarning = now;
            LOG.warn("replay cache full: {} unexpired entries (maxEntries {}), the first expires in {} s; {} new"
                    + " assertions refused so far (replay_cache_full); raise maxEntries above the logins per assertion"
                    + " lifetime", liveUpperBound, maxEntries, Math.max(0, fullUntilSecond - secondsNow()),
                    fullRefusals);
        }
    }

    /** Drops expired slots; grows the table (up to its largest size) when {@code needed} entries would crowd it. */
    private void rebuild(long now, int needed) {
        generation++;
        long[] oldFingerprints = fingerprints;
        int[] oldExpiries = expiries;
        int live = 0;
        for (int expiry : oldExpiries) {
            if (expiry > now) {
                live++;
            }
        }
        int slots = oldExpiries.length;
        while (slots < maxSlots && (long) Math.max(live, needed) * 2 > slots) {
            slots = (int) Math.min(maxSlots, 2L * slots);
        }
        if (slots == oldExpiries.length) {
            sweepInPlace(now);
            liveUpperBound = live;
            return;
        }
        allocate(slots);
        for (int i = 0; i < oldExpiries.length; i++) {
            if (oldExpiries[i] > now) {
                insert(new long[] {oldFingerprints[2 * i], oldFingerprints[2 * i + 1]}, oldExpiries[i]);
            }
        }
        liveUpperBound = live;
    }

    /**
     * Empties expired slots and re-places the survivors without a second table (so a full cache at its bound never
     * holds two tables). The walk starts at a slot that was empty before the sweep, which no probe chain crosses, so
     * every entry's home comes before it in the walk: re-inserting entries in walk order moves each only towards its
     * home, over slots already settled.
     */
    private void sweepInPlace(long now) {
        int slots = expiries.length;
        int start = -1;
        for (int i = 0; i < slots && start < 0; i++) {
            if (expiries[i] == 0) {
                start = i;
            }
        }
        if (start < 0) {
            throw new IllegalStateException("replay cache table without an empty slot");
        }
        for (int i = 0; i < slots; i++) {
            if (expiries[i] != 0 && expiries[i] <= now) {
                expiries[i] = 0;
                occupied--;
            }
        }
        for (int step = 1; step < slots; step++) {
            int i = (start + step) % slots;
            if (expiries[i] == 0) {
                continue;
            }
            long[] fp = {fingerprints[2 * i], fingerprints[2 * i + 1]};
            int expiry = expiries[i];
            expiries[i] = 0;
            occupied--;
            insert(fp, expiry);
        }
    }

    private long earliestExpiry() {
        long earliest = Long.MAX_VALUE;
        for (int expiry : expiries) {
            if (expiry != 0 && expiry < earliest) {
                earliest = expiry;
            }
        }
        return earliest;
    }

    private void allocate(int slots) {
        fingerprints = new long[2 * slots];
        expiries = new int[slots];
        occupied = 0;
    }

    private void insert(long[] fp, int expiry) {
        int i = home(fp[0]);
        while (expiries[i] != 0) {
            i = next(i);
        }
        put(i, fp, expiry);
    }

    private void put(int slot, long[] fp, int expiry) {
        if (expiries[slot] == 0) {
            occupied++;
        }
        fingerprints[2 * slot] = fp[0];
        fingerprints[2 * slot + 1] = fp[1];
        expiries[slot] = expiry;
    }

    /** The first slot to probe: the fingerprint's top 32 bits scaled onto the table (any table size works). */
    private int home(long fingerprint) {
        return (int) (((fingerprint >>> 32) * expiries.length) >>> 32);
    }

    private int next(int slot) {
        return slot + 1 == expiries.length ? 0 : slot + 1;
    }

    private long[] fingerprint(String key) {
        digest.update(salt);
        byte[] hash = digest.digest(key.getBytes(StandardCharsets.UTF_8));
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (hash[i] & 0xff);
            lo = (lo << 8) | (hash[8 + i] & 0xff);
        }
        return new long[] {hi, lo};
    }

    private long secondsNow() {
        return clock.instant().getEpochSecond() - baseSecond;
    }

    /** Whole seconds after the base, rounded up (an entry is kept at least until it expires), at least 1. */
    private int encode(Instant expiresAt) {
        long seconds = expiresAt.getEpochSecond() - baseSecond + (expiresAt.getNano() > 0 ? 1 : 0);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
    }
}
