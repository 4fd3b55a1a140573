package dev.samlec.bench.interleaved;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The figures of an {@link InterleavedRun}: for each operation its median calls per second and the median of its
 * per-round ratio to the baseline, with the interquartile range over the rounds; for each {@link Pair} the median
 * and range of numerator ÷ denominator, each taken within a round.
 */
final class RatioTable {
    /** A ratio to report, with the target for it (NaN: none). */
    record Pair(String numerator, String denominator, double target) {
    }

    /** The median and quartiles of one figure over the rounds. */
    record Spread(double median, double p25, double p75) {
        static Spread of(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return new Spread(quantile(sorted, 0.5), quantile(sorted, 0.25), quantile(sorted, 0.75));
        }

        /** Linear interpolation between the closest ranks. */
        private static double quantile(double[] sorted, double q) {
            double position = q * (sorted.length - 1);
            int below = (int) Math.floor(position);
            int above = (int) Math.ceil(position);
            return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
        }
    }

    private final List<Map<String, Slice>> rounds;
    private final String baseline;

    /** {@code rounds} as {@link InterleavedRun#rounds} returns them; {@code baseline} names one operation. */
    RatioTable(List<Map<String, Slice>> rounds, String baseline) {
        if (rounds.isEmpty() || !rounds.get(0).containsKey(baseline)) {
            throw new IllegalArgumentException("no rounds, or no baseline '" + baseline + "' in them");
        }
        this.rounds = rounds;
        this.baseline = baseline;
    }

    /** The median calls per second of {@code operation}. */
    Spread perSecond(String operation) {
        return spread(round -> round.get(operation).perSecond());
    }

    /** {@code operation}'s calls per second ÷ the baseline's, within each round. */
    Spread ratioToBaseline(String operation) {
        return ratio(operation, baseline);
    }

    /** {@code numerator}'s calls per second ÷ {@code denominator}'s, within each round. */
    Spread ratio(String numerator, String denominator) {
        return spread(round -> round.get(numerator).perSecond() / round.get(denominator).perSecond());
    }

    private Spread spread(ToDoubleFunction<Map<String, Slice>> figure) {
        return Spread.of(rounds.stream().mapToDouble(figure).toArray());
    }

    /** The printed table: operations first (in the first round's order), then the pairs. */
    String format(List<Pair> pairs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"operation", "ops/s", "ratio to " + baseline, "ratio p25-p75"});
        for (String name : rounds.get(0).keySet()) {
            Spread ratio = ratioToBaseline(name);
            rows.add(new String[] {name, String.format(Locale.ROOT, "%,.0f", perSecond(name).median()),
                String.format(Locale.ROOT, "%.3f", ratio.median()),
                String.format(Locale.ROOT, "%.3f-%.3f", ratio.p25(), ratio.p75())});
        }
        StringBuilder out = new StringBuilder(columns(rows));
        if (!pairs.isEmpty()) {
            List<String[]> pairRows = new ArrayList<>();
            pairRows.add(new String[] {"pair", "ratio", "p25-p75", "target"});
            for (Pair pair : pairs) {
                Spread ratio = ratio(pair.numerator(), pair.denominator());
                pairRows.add(new String[] {pair.numerator() + " / " + pair.denominator(),
                    String.format(Locale.ROOT, "%.3f", ratio.median()),
                    String.format(Locale.ROOT, "%.3f-%.3f", ratio.p25(), ratio.p75()),
                    Double.isNaN(pair.target()) ? "-" : String.format(Locale.ROOT, ">= %.2f", pair.target())});
            }
            out.append('\n').append(columns(pairRows));
        }
        out.append(String.format(Locale.ROOT, "%d rounds; ratios are medians of per-round ratios%n", rounds.size()));
        return out.toString();
    }

    private static String columns(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                out.append(i == 0 ? String.format("%-" + widths[i] + "s", row[i])
                        : String.format("  %" + widths[i] + "s", row[i]));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
