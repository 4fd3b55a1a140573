package dev.samlec.bench.interleaved;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The figures of {@link RatioTable}: medians of per-round ratios, not ratios of medians. */
class RatioTableTest {
    private static Map<String, Slice> round(long rsaCalls, long validatorCalls) {
        Map<String, Slice> round = new LinkedHashMap<>();
        round.put("rsa", new Slice(rsaCalls, 1_000_000_000L));
        round.put("validator", new Slice(validatorCalls, 1_000_000_000L));
        return round;
    }

    @Test
    void ratioWhenHostSpeedDriftsThenPerRoundRatioStaysPut() {
        // The host halves its speed in the second round and doubles it in the third; the ratio is 0.2 in each.
        RatioTable table = new RatioTable(List.of(round(1000, 200), round(500, 100), round(2000, 400)), "rsa");

        assertThat(table.ratioToBaseline("validator").median()).isCloseTo(0.2, within(1e-12));
        assertThat(table.ratioToBaseline("validator").p25()).isCloseTo(0.2, within(1e-12));
        assertThat(table.ratioToBaseline("validator").p75()).isCloseTo(0.2, within(1e-12));
        assertThat(table.perSecond("rsa").median()).isEqualTo(1000);
    }

    @Test
    void spreadThenMedianAndQuartilesInterpolated() {
        RatioTable.Spread spread = RatioTable.Spread.of(new double[] {4, 1, 3, 2, 5});

        assertThat(spread.median()).isEqualTo(3);
        assertThat(spread.p25()).isEqualTo(2);
        assertThat(spread.p75()).isEqualTo(4);
        assertThat(RatioTable.Spread.of(new double[] {1, 2}).median()).isEqualTo(1.5);
    }

    @Test
    void formatThenOperationsPairsAndTargetsPrinted() {
        RatioTable table = new RatioTable(List.of(round(1000, 200), round(1000, 300)), "rsa");

        String out = table.format(List.of(new RatioTable.Pair("validator", "rsa", 0.25),
                new RatioTable.Pair("rsa", "validator", Double.NaN)));

        assertThat(out).containsPattern("validator\\s+250\\s+0\\.250\\s+0\\.225-0\\.275")
                .containsPattern("validator / rsa\\s+0\\.250\\s+0\\.225-0\\.275\\s+>= 0\\.25")
                .containsPattern("rsa / validator\\s+4\\.167\\s+\\S+\\s+-").contains("2 rounds");
    }

    @Test
    void newWhenBaselineMissingThenRefused() {
        assertThatThrownBy(() -> new RatioTable(List.of(round(1, 1)), "nothing"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing");
    }
}
