package dev.samlec.bench;

import dev.samlec.bench.jmh.RsaVerifyBaseline;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the raw RSA-2048 verification baseline and the selected benchmarks (default: all) in one JMH run, one
 * thread, throughput mode, and prints one table: benchmark, ops/s, ± error (99.9 %), ratio to the baseline. The
 * ratio is what to compare across machines and runs; absolute figures drift on a shared machine.
 */
public final class JmhRatioRunner {
    private static final String BASELINE = RsaVerifyBaseline.class.getName();
    private static final String PACKAGE = "dev.samlec.bench.jmh.";

    private final Options options;

    /**
     * A runner for these options ({@code --forks}, {@code --warmups}, {@code --iterations}, {@code --seconds},
     * {@code --threads}: threads sharing each benchmark's state, as a service's threads share one validator; the
     * baseline runs on as many, so the ratio compares like with like).
     */
    public JmhRatioRunner(Options options) {
        this.options = options;
    }

    /** Runs and prints the table; returns 0. */
    public int run(PrintStream out) throws RunnerException {
        int seconds = options.integer("seconds", 3);
        int millis = options.integer("millis", seconds * 1000);
        ChainedOptionsBuilder builder = new OptionsBuilder()
                .include(Pattern.quote(BASELINE) + ".*")
                .forks(options.integer("forks", 1))
                .warmupIterations(options.integer("warmups", 10))
                .warmupTime(TimeValue.milliseconds(millis))
                .measurementIterations(options.integer("iterations", 5))
                .measurementTime(TimeValue.milliseconds(millis))
                .threads(options.integer("threads", 1))
                .mode(org.openjdk.jmh.annotations.Mode.Throughput)
                .timeUnit(TimeUnit.SECONDS)
                // The forked JVM starts HttpServers too (the stand-in IdP): it needs the same TCP_NODELAY switch.
                .jvmArgsAppend("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-D" + BenchMain.HTTP_SERVER_NODELAY
                        + "=" + System.getProperty(BenchMain.HTTP_SERVER_NODELAY, "true"))
                .shouldFailOnError(true);
        List<String> filters = options.positional().isEmpty() ? List.of(PACKAGE + ".*") : options.positional();
        for (String filter : filters) {
            builder.include(filter);
        }
        Collection<RunResult> results = new Runner(builder.build()).run();
        out.print(table(results));
        return 0;
    }

    /** The table of {@code results}, each divided by the baseline's score. */
    static String table(Collection<RunResult> results) {
        double baseline = Double.NaN;
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().startsWith(BASELINE)) {
                baseline = r.getPrimaryResult().getScore();
            }
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"benchmark", "ops/s", "± error", "ratio"});
        for (RunResult r : results) {
            Result<?> primary = r.getPrimaryResult();
            rows.add(new String[] {name(r), format(primary.getScore()), format(primary.getScoreError()),
                String.format(Locale.ROOT, "%.3f", primary.getScore() / baseline)});
        }
        return render(rows);
    }

    private static String name(RunResult r) {
        StringBuilder name = new StringBuilder(r.getParams().getBenchmark().substring(PACKAGE.length()));
        for (String key : r.getParams().getParamsKeys()) {
            name.append(" ").append(key).append('=').append(r.getParams().getParam(key));
        }
        return name.toString();
    }

    private static String format(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.1f", value);
    }

    private static String render(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder("\n");
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                String cell = i == 0 ? String.format("%-" + widths[i] + "s", row[i])
                        : String.format("%" + widths[i] + "s", row[i]);
                out.append(i == 0 ? "" : "  ").append(cell);
            }
            out.append('\n');
        }
        return out.toString();
    }
}
