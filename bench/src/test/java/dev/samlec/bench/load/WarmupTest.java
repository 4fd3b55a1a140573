package dev.samlec.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlec.bench.Options;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class WarmupTest {
    private static final double SLICE = 0.05;

    @Test
    void runWhenJitQuietAfterThreeSlicesThenStopsThereSettled() throws Exception {
        // readings: before the minimum, then before and after each slice: 1000 ms, 1000 ms, then 1 ms compiling
        LongSupplier jit = steps(List.of(0L, 1000L, 2000L, 3000L, 4000L, 5000L, 5001L));
        AtomicInteger operations = new AtomicInteger();

        Warmup.Outcome outcome = new Warmup(0.05, true, 10).run(1, operations::incrementAndGet, jit, SLICE);

        assertThat(outcome.settled()).isTrue();
        assertThat(outcome.seconds()).isCloseTo(0.05 + 3 * SLICE, within(1e-9));
        assertThat(outcome.jitMillis()).isEqualTo(1);
        assertThat(operations.get()).isPositive();
        assertThat(outcome.describe()).doesNotContain("not settled");
    }

    @Test
    void runWhenJitNeverQuietThenStopsAtCapNotSettled() throws Exception {
        AtomicLong readings = new AtomicLong();
        LongSupplier busy = () -> readings.getAndIncrement() * 1000;

        Warmup.Outcome outcome = new Warmup(0.05, true, 0.2).run(1, () -> { }, busy, SLICE);

        assertThat(outcome.settled()).isFalse();
        assertThat(outcome.seconds()).isGreaterThanOrEqualTo(0.2).isLessThan(0.2 + SLICE + 1e-9);
        assertThat(outcome.describe()).endsWith(", not settled");
    }

    @Test
    void runWhenFixedThenOnlyTheMinimumWhateverTheJit() throws Exception {
        AtomicLong readings = new AtomicLong();

        Warmup.Outcome outcome = new Warmup(0.05, false, 0).run(1, () -> { },
                () -> readings.getAndIncrement() * 1000, SLICE);

        assertThat(outcome.seconds()).isEqualTo(0.05);
        assertThat(readings.get()).isEqualTo(2);
        assertThat(outcome.describe()).contains("the JIT compiling 1000 ms");
    }

    @Test
    void runInTurnWhenFirstOperationStillCompilesThenAnotherRoundUntilBothQuiet() throws Exception {
        // readings: before the minimums; round 1: A busy (1000 ms), B quiet (1 ms); round 2: both quiet
        LongSupplier jit = steps(List.of(0L, 100L, 1100L, 1100L, 1101L, 1101L, 1102L, 1102L, 1104L));
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();

        Warmup.Outcome outcome = new Warmup(0.05, true, 10)
                .runInTurn(1, List.of(a::incrementAndGet, b::incrementAndGet), jit, SLICE);

        assertThat(outcome.settled()).isTrue();
        assertThat(outcome.seconds()).isCloseTo(2 * 0.05 + 2 * 2 * SLICE, within(1e-9));
        assertThat(outcome.jitMillis()).isEqualTo(3);
        assertThat(outcome.jitSeconds()).isCloseTo(2 * SLICE, within(1e-9));
        assertThat(a.get()).isPositive();
        assertThat(b.get()).isPositive();
    }

    @Test
    void runInTurnWhenOnlyOneOperationEverQuietThenCapNotSettled() throws Exception {
        // after the first reading, rounds of four: A's start and end (0 ms apart), B's start and end (1000 ms)
        AtomicLong readings = new AtomicLong();
        LongSupplier jit = () -> {
            long n = readings.getAndIncrement();
            if (n == 0) {
                return 0;
            }
            long k = n - 1;
            return k / 4 * 1000 + (k % 4 == 3 ? 1000 : 0);
        };

        Warmup.Outcome outcome = new Warmup(0.05, true, 0.4).runInTurn(1, List.of(() -> { }, () -> { }), jit, SLICE);

        assertThat(outcome.settled()).isFalse();
        assertThat(outcome.seconds()).isGreaterThanOrEqualTo(0.4);
        assertThat(outcome.jitMillis()).isEqualTo(1000);
    }

    @Test
    void runInTurnWhenFixedThenEachOperationItsMinimum() throws Exception {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();

        Warmup.Outcome outcome = new Warmup(0.05, false, 0)
                .runInTurn(1, List.of(a::incrementAndGet, b::incrementAndGet), () -> 0, SLICE);

        assertThat(outcome.seconds()).isCloseTo(0.1, within(1e-9));
        assertThat(a.get()).isPositive();
        assertThat(b.get()).isPositive();
        assertThatThrownBy(() -> new Warmup(0.05, false, 0).runInTurn(1, List.of(), () -> 0, SLICE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fromOptionWhenSecondsOrSettledThenParsed() {
        assertThat(Warmup.fromOption(Options.parse(List.of()), "settled", 30))
                .isEqualTo(new Warmup(30, true, Warmup.DEFAULT_MAX_SECONDS));
        assertThat(Warmup.fromOption(Options.parse(List.of("--warmup", "settled:10")), "5", 30))
                .isEqualTo(new Warmup(10, true, Warmup.DEFAULT_MAX_SECONDS));
        assertThat(Warmup.fromOption(Options.parse(List.of("--warmup", "45")), "settled", 30))
                .isEqualTo(new Warmup(45, false, 0));
        assertThatThrownBy(() -> Warmup.fromOption(Options.parse(List.of("--warmup", "soon")), "5", 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--warmup");
    }

    @Test
    void threadsForWhenRowsThenTheBusiestUpToSixteen() {
        assertThat(Warmup.threadsFor(List.of(1, 4, 16))).isEqualTo(16);
        assertThat(Warmup.threadsFor(List.of(1, 4, 16, 50))).isEqualTo(16);
        assertThat(Warmup.threadsFor(List.of(2))).isEqualTo(2);
        assertThat(Warmup.threadsFor(List.of(0))).isEqualTo(1);
        assertThat(Warmup.threadsFor(List.of())).isEqualTo(4);
    }

    private static LongSupplier steps(List<Long> values) {
        AtomicInteger at = new AtomicInteger();
        return () -> values.get(Math.min(at.getAndIncrement(), values.size() - 1));
    }
}
