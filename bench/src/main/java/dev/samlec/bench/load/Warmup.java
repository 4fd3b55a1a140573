package dev.samlec.bench.load;

import dev.samlec.bench.BadOptionException;
import dev.samlec.bench.Options;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How a load harness warms an operation up before its measured rows: for a fixed time, or until the JIT has
 * settled. On two cores the JIT's compiler threads share the CPU with every busy thread of the load, so the
 * SAML20EC paths (Xerces, OpenSAML, Santuario, ApacheDS, the demo IdP) keep compiling for minutes: a 30-second
 * warm-up left LDAP rows with 30 s of compiling time in a 30 s row and 45 % more CPU per bind than the same row
 * four minutes later. The settled mode runs the operation in slices after a minimum and stops at the first slice
 * whose compiling time is at most {@value #QUIET_PERCENT} % of the slice, or at a cap (and says it did not settle);
 * several operations warmed up together ({@link #runInTurn}) take turns, a round of one slice each, until a round in
 * which every slice was quiet.
 *
 * @param minSeconds the time always run (the whole warm-up when {@code untilSettled} is false)
 * @param untilSettled whether to continue after the minimum until the JIT is quiet
 * @param maxSeconds the cap of a settled warm-up
 */
public record Warmup(double minSeconds, boolean untilSettled, double maxSeconds) {
    /** The share of a slice the JIT may spend compiling for the load to count as warm. */
    static final int QUIET_PERCENT = 5;
    static final double SLICE_SECONDS = 5;
    static final double DEFAULT_MAX_SECONDS = 600;
    static final int MAX_THREADS = 16;

    /** The outcome of a warm-up, for the harness's header. */
    public record Outcome(double seconds, long jitMillis, double jitSeconds, boolean settled) {
        /** E.g. {@code 185 s, the JIT compiling 120 ms in its last 5 s}, with {@code , not settled} at the cap. */
        public String describe() {
            String jit = jitMillis == JitTime.UNKNOWN ? "JIT time unknown" : String.format(Locale.ROOT,
                    "the JIT compiling %d ms in its last %.0f s", jitMillis, jitSeconds);
            return String.format(Locale.ROOT, "%.0f s, %s%s", seconds, jit, settled ? "" : ", not settled");
        }
    }

    /**
     * The {@code --warmup} option: a number of seconds, or {@code settled} (or {@code settled:MIN}) for a warm-up
     * of at least {@code MIN} seconds (default {@code defaultMinSeconds}) that goes on until the JIT is quiet.
     */
    public static Warmup fromOption(Options options, String fallback, double defaultMinSeconds) {
        String value = options.text("warmup", fallback).trim();
        try {
            if (value.equals("settled")) {
                return new Warmup(defaultMinSeconds, true, DEFAULT_MAX_SECONDS);
            }
            if (value.startsWith("settled:")) {
                return new Warmup(Integer.parseInt(value.substring(8)), true, DEFAULT_MAX_SECONDS);
            }
            return new Warmup(Integer.parseInt(value), false, 0);
        } catch (NumberFormatException e) {
            throw new BadOptionException("option --warmup: expected seconds (30), settled or settled:30, got '"
                    + value + "'", e);
        }
    }

    /**
     * The warm-up's threads for rows of {@code threadCounts}: as many as the busiest row, at most
     * {@value #MAX_THREADS}, at least one. After a 4-thread warm-up had settled, an N = 16 LDAP row still compiled for
     * 4 s of its 20: other methods get hot under contention.
     */
    public static int threadsFor(List<Integer> threadCounts) {
        return Math.max(1, Math.min(MAX_THREADS, threadCounts.stream().mapToInt(Integer::intValue).max().orElse(4)));
    }

    /** Warms {@code operation} up on {@code threads} threads. */
    public Outcome run(int threads, LoadRun.Operation operation) throws InterruptedException {
        return runInTurn(threads, List.of(operation));
    }

    /**
     * Warms {@code operations} up together on {@code threads} threads: each runs the minimum in turn, then (settled
     * mode) one slice each per round until a round whose every slice had the JIT quiet. A harness whose rows
     * alternate two operations (SAML20EC and SIMPLE binds) warms them up this way: each warmed up alone, the other's
     * rows recompiled the code they share (ApacheDS, JNDI), and the first SAML20EC row after a quiet warm-up still
     * had the JIT compiling 4.5 s of its 30.
     */
    public Outcome runInTurn(int threads, List<LoadRun.Operation> operations) throws InterruptedException {
        return runInTurn(threads, operations, JitTime::millis, SLICE_SECONDS);
    }

    Outcome run(int threads, LoadRun.Operation operation, LongSupplier jitMillis, double sliceSeconds)
            throws InterruptedException {
        return runInTurn(threads, List.of(operation), jitMillis, sliceSeconds);
    }

    Outcome runInTurn(int threads, List<LoadRun.Operation> operations, LongSupplier jitMillis, double sliceSeconds)
            throws InterruptedException {
        if (operations.isEmpty()) {
            throw new IllegalArgumentException("nothing to warm up");
        }
        double elapsed = minSeconds * operations.size();
        long before = jitMillis.getAsLong();
        for (LoadRun.Operation operation : operations) {
            LoadRun.run(threads, minSeconds, operation);
        }
        if (!untilSettled) {
            return new Outcome(elapsed, JitTime.between(before, jitMillis.getAsLong()), elapsed, true);
        }
        double roundSeconds = sliceSeconds * operations.size();
        while (true) {
            boolean quiet = true;
            long round = 0;
            for (LoadRun.Operation operation : operations) {
                long start = jitMillis.getAsLong();
                LoadRun.run(threads, sliceSeconds, operation);
                long compiling = JitTime.between(start, jitMillis.getAsLong());
                if (compiling == JitTime.UNKNOWN) {
                    return new Outcome(elapsed + sliceSeconds, compiling, sliceSeconds, false);
                }
                quiet &= compiling * 100 <= QUIET_PERCENT * sliceSeconds * 1000;
                round += compiling;
            }
            elapsed += roundSeconds;
            if (quiet || elapsed >= maxSeconds) {
                return new Outcome(elapsed, round, roundSeconds, quiet);
            }
        }
    }
}
