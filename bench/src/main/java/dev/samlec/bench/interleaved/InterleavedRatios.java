package dev.samlec.bench.interleaved;

import dev.samlec.bench.BadOptionException;
import dev.samlec.bench.Options;
import dev.samlec.bench.interleaved.RatioTable.Pair;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code interleaved} command: issue 13's ratios measured in one JVM, the operations taking turns in short
 * slices ({@link InterleavedRun}), each ratio taken within a round. JMH runs each benchmark in a fork of its own at
 * another moment, so on a shared host a ratio to the RSA baseline moves with the host's speed; here the baseline
 * and the operation see the same host. The operations are the JMH benchmarks' own set-ups and methods; they share
 * one JIT profile, as a service's validator, challenge and response step do.
 */
public final class InterleavedRatios {
    /** The baseline every ratio is divided by. */
    static final String BASELINE = "rsa";
    /** Every operation, in the order they run in the first round. */
    static final List<String> OPERATIONS = List.of(BASELINE, "validator", "naive-opensaml", "paos-consume",
            "demo-validator", "response-step", "exchange");
    /** The ratios issue 13 sets targets for. */
    static final List<Pair> PAIRS = List.of(
            new Pair("validator", BASELINE, 0.25),
            new Pair("validator", "naive-opensaml", 1.4),
            new Pair("paos-consume", "validator", 0.9),
            new Pair("response-step", "demo-validator", 0.9),
            new Pair("exchange", BASELINE, 0.15));

    private InterleavedRatios() {
    }

    /**
     * Runs the command: {@code --warmup} seconds of rounds not counted (default 60), then {@code --seconds} of
     * counted rounds (default 60), slices of {@code --slice-millis} (default 200); positional arguments choose
     * operations (the baseline always runs). Returns 0.
     */
    public static int run(Options options, PrintStream out) throws Exception {
        List<String> chosen = chosen(options.positional());
        long sliceMillis = positive(options, "slice-millis", 200);
        long roundMillis = sliceMillis * chosen.size();
        int warmupSeconds = options.integer("warmup", 60);
        if (warmupSeconds < 0) {
            throw new BadOptionException("option --warmup must not be negative, got " + warmupSeconds);
        }
        int warmupRounds = (int) Math.ceil(warmupSeconds * 1000.0 / roundMillis);
        int rounds = Math.max(5, (int) Math.ceil(positive(options, "seconds", 60) * 1000.0 / roundMillis));
        try (InterleavedOperations factory = new InterleavedOperations()) {
            Map<String, TimedOperation> operations = new LinkedHashMap<>();
            for (String name : chosen) {
                operations.put(name, factory.create(name));
            }
            InterleavedRun run = new InterleavedRun(operations, TimeUnit.MILLISECONDS.toNanos(sliceMillis),
                    System::nanoTime);
            out.printf(Locale.ROOT, "# %s: %d warm-up rounds, then %d rounds of %d ms slices%n",
                    String.join(", ", chosen), warmupRounds, rounds, sliceMillis);
            run.rounds(warmupRounds);
            RatioTable table = new RatioTable(run.rounds(rounds), BASELINE);
            out.print(table.format(PAIRS.stream().filter(p -> chosen.contains(p.numerator())
                    && chosen.contains(p.denominator())).toList()));
        }
        return 0;
    }

    private static List<String> chosen(List<String> positional) {
        if (positional.isEmpty()) {
            return OPERATIONS;
        }
        List<String> chosen = new ArrayList<>(List.of(BASELINE));
        for (String name : positional) {
            if (!OPERATIONS.contains(name)) {
                throw new BadOptionException("unknown operation '" + name + "'; the operations are "
                        + String.join(", ", OPERATIONS));
            }
            if (!chosen.contains(name)) {
                chosen.add(name);
            }
        }
        return chosen;
    }

    private static int positive(Options options, String name, int fallback) {
        int value = options.integer(name, fallback);
        if (value <= 0) {
            throw new BadOptionException("option --" + name + " must be positive, got " + value);
        }
        return value;
    }
}
