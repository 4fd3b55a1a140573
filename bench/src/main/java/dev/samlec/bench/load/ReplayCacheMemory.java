package dev.samlec.bench.load;

import dev.samlec.bench.Options;
import dev.samlec.mech.service.InMemoryReplayCache;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bytes per entry of {@link InMemoryReplayCache} at N entries (default 1M): used heap after full GCs before and
 * after filling a cache with N keys of the validator's shape ({@code issuer!assertionID}, 80 characters), divided by
 * N (each entry with its own expiry Instant, as assertions have). The cache keeps a fixed-size fingerprint, not the
 * key, so the figure is the cache's own cost; the key strings alone (as a caller might hold them) are shown beside it.
 */
public final class ReplayCacheMemory {
    private static final String PREFIX = "https://idp.example.org/idp/shibboleth!_";

    private ReplayCacheMemory() {
    }

    /** Measures ({@code --entries}); returns 0. */
    public static int run(Options options, PrintStream out) throws InterruptedException {
        int n = options.integer("entries", 1_000_000);
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        Instant expiry = now.plusSeconds(300);
        long before = usedAfterGc();
        long fillStart = System.nanoTime();
        InMemoryReplayCache cache = new InMemoryReplayCache(Clock.fixed(now, ZoneOffset.UTC), n);
        for (int i = 0; i < n; i++) {
            if (!cache.checkAndStore(key(i), expiry.plusNanos(i))) {
                throw new IllegalStateException("entry " + i + " was refused");
            }
        }
        double fillNanos = (System.nanoTime() - fillStart) / (double) n;
        long withCache = usedAfterGc();
        Reference.reachabilityFence(cache);
        cache = null;
        long keysBefore = usedAfterGc();
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(key(i));
        }
        long withKeys = usedAfterGc();
        Reference.reachabilityFence(keys);
        double perEntry = (withCache - before) / (double) n;
        double perKey = (withKeys - keysBefore) / (double) n;
        out.printf(Locale.ROOT, "InMemoryReplayCache, %,d entries (keys of %d characters):%n", n, key(0).length());
        out.printf(Locale.ROOT, "  retained heap per entry (the cache keeps fingerprints, not keys): %.0f B%n",
                perEntry);
        out.printf(Locale.ROOT, "  for comparison, the key strings alone in a list:                  %.0f B%n", perKey);
        out.printf(Locale.ROOT, "  table bytes per entry at the cache's bound (structural):          %.1f B%n",
                cache0BytesPerEntry(n));
        out.printf(Locale.ROOT, "  filling: %.0f ns per check-and-store (no expiry; JMH's ReplayCacheBenchmark has"
                + " the steady state)%n", fillNanos);
        return 0;
    }

    private static double cache0BytesPerEntry(int n) {
        return new InMemoryReplayCache(Clock.systemUTC(), n).bytesPerEntryAtBound();
    }

    private static String key(int i) {
        String hex = Integer.toHexString(i);
        return PREFIX + "0".repeat(40 - hex.length()) + hex;
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
