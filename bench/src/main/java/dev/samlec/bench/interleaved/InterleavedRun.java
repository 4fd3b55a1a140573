package dev.samlec.bench.interleaved;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Runs several operations in one JVM in alternating slices, so that they are measured at the same moments: one
 * round gives each operation one slice of about the same wall-clock time, the order rotating from round to round.
 * A ratio taken within a round (an operation against the RSA baseline, or the response step against the validator)
 * is then immune to the drift of a shared host's speed, which moved a bare RSA verification by 40 % between two
 * JMH forks a few minutes apart. A slice ends at the first call that finishes past its length; only the calls are
 * timed, not their {@link TimedOperation#prepare()}.
 */
final class InterleavedRun {
    private final Map<String, TimedOperation> operations;
    private final long sliceNanos;
    private final LongSupplier clock;
    /** The last result of any call, so that no call's work is dead code. */
    private Object sink;

    /** {@code operations} in their first round's order; {@code clock} in nanoseconds ({@code System::nanoTime}). */
    InterleavedRun(Map<String, TimedOperation> operations, long sliceNanos, LongSupplier clock) {
        if (operations.isEmpty() || sliceNanos <= 0) {
            throw new IllegalArgumentException("an interleaved run needs operations and a positive slice");
        }
        this.operations = new LinkedHashMap<>(operations);
        this.sliceNanos = sliceNanos;
        this.clock = clock;
    }

    /** Runs {@code rounds} rounds and returns each round's slices, by operation name. */
    List<Map<String, Slice>> rounds(int rounds) throws Exception {
        List<Map<String, Slice>> all = new ArrayList<>(rounds);
        List<String> names = new ArrayList<>(operations.keySet());
        for (int r = 0; r < rounds; r++) {
            Map<String, Slice> round = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((r + i) % names.size());
                round.put(name, slice(operations.get(name)));
            }
            all.add(round);
        }
        return all;
    }

    private Slice slice(TimedOperation operation) throws Exception {
        long end = clock.getAsLong() + sliceNanos;
        long calls = 0;
        long timed = 0;
        long now;
        do {
            operation.prepare();
            long start = clock.getAsLong();
            sink = operation.call();
            now = clock.getAsLong();
            timed += now - start;
            calls++;
        } while (now < end);
        return new Slice(calls, timed);
    }

    /** The last call's result (for tests; it also keeps the results reachable). */
    Object lastResult() {
        return sink;
    }
}
