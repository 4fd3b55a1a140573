package dev.samlec.bench.interleaved;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rotation and timing of {@link InterleavedRun}, on a clock that only the operations move. */
class InterleavedRunTest {
    private long now;
    private final List<String> calls = new ArrayList<>();

    /** An operation whose call takes {@code callNanos} and whose preparation takes {@code prepareNanos}. */
    private TimedOperation operation(String name, long callNanos, long prepareNanos) {
        return new TimedOperation() {
            @Override
            public void prepare() {
                now += prepareNanos;
            }

            @Override
            public Object call() {
                calls.add(name);
                now += callNanos;
                return name;
            }
        };
    }

    private InterleavedRun run(long sliceNanos) {
        Map<String, TimedOperation> operations = new LinkedHashMap<>();
        operations.put("a", operation("a", 10, 0));
        operations.put("b", operation("b", 40, 60));
        return new InterleavedRun(operations, sliceNanos, () -> now);
    }

    @Test
    void roundsWhenPreparationTakesTimeThenOnlyCallsAreTimedAndSliceCountsBoth() throws Exception {
        List<Map<String, Slice>> rounds = run(1000).rounds(1);

        // a: 100 calls of 10 ns fill the 1000 ns slice; b: each call 40 ns timed + 60 ns untimed, 10 fill it.
        assertThat(rounds.get(0).get("a")).isEqualTo(new Slice(100, 1000));
        assertThat(rounds.get(0).get("b")).isEqualTo(new Slice(10, 400));
        assertThat(rounds.get(0).get("a").perSecond()).isEqualTo(1e8);
        assertThat(rounds.get(0).get("b").perSecond()).isEqualTo(2.5e7);
    }

    @Test
    void roundsWhenSeveralThenOrderRotatesAndEveryOperationRunsInEach() throws Exception {
        List<Map<String, Slice>> rounds = run(1).rounds(3);

        // A 1 ns slice ends after one call: the calls show the order of each round.
        assertThat(calls).containsExactly("a", "b", "b", "a", "a", "b");
        assertThat(rounds).hasSize(3).allSatisfy(round -> assertThat(round).containsOnlyKeys("a", "b"));
        assertThat(rounds.get(1).keySet()).containsExactly("b", "a");
    }

    @Test
    void roundsThenLastResultKept() throws Exception {
        InterleavedRun run = run(1);
        run.rounds(1);

        assertThat(run.lastResult()).isEqualTo("b");
    }

    @Test
    void newWhenNoOperationsOrNoSliceThenRefused() {
        assertThatThrownBy(() -> new InterleavedRun(Map.of(), 1, () -> now))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InterleavedRun(Map.of("a", operation("a", 1, 0)), 0, () -> now))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
