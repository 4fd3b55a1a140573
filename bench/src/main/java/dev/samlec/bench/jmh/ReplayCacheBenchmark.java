package dev.samlec.bench.jmh;

import dev.samlec.bench.fixtures.SteppingClock;
import dev.samlec.mech.service.InMemoryReplayCache;
import java.time.Instant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code InMemoryReplayCache.checkAndStore} of a new key (issuer + "!" + a 40-hex-digit assertion ID, built per call)
 * while the cache holds about 1M unexpired entries: the clock advances 1 µs per read and each entry lives 2 s, so
 * entries expire as fast as they arrive (two reads per call).
 */
@State(Scope.Thread)
public class ReplayCacheBenchmark {
    private static final String PREFIX = "https://idp.example.org/idp/shibboleth!_";
    private static final long LIFETIME_NANOS = 2_000_000_000L;
    private static final int LIVE = 1_000_000;

    private SteppingClock clock;
    private InMemoryReplayCache cache;
    private long counter;

    /** Fills the cache to its steady state. */
    @Setup
    public void fill() {
        clock = new SteppingClock(Instant.parse("2030-01-01T00:00:00Z"), 1_000);
        cache = new InMemoryReplayCache(clock, 2 * LIVE);
        for (int i = 0; i < LIVE; i++) {
            checkAndStoreNew();
        }
    }

    /** One check-and-store of a key never seen. */
    @Benchmark
    public boolean checkAndStoreNew() {
        String key = key(counter++);
        Instant expiresAt = clock.instant().plusNanos(LIFETIME_NANOS);
        if (!cache.checkAndStore(key, expiresAt)) {
            throw new IllegalStateException("a new key was refused");
        }
        return true;
    }

    static String key(long n) {
        String hex = Long.toHexString(n);
        return PREFIX + "0".repeat(40 - hex.length()) + hex;
    }
}
