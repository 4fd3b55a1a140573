package dev.samlec.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {
    @Test
    void nanosWhenThreadSpinsThenReadingGrows() {
        long before = ProcessCpu.nanos();
        long until = System.nanoTime() + 50_000_000;
        long spins = 0;
        while (System.nanoTime() < until) {
            spins++;
        }

        assertThat(spins).isPositive();
        assertThat(before).isNotEqualTo(ProcessCpu.UNKNOWN);
        assertThat(ProcessCpu.nanos()).isGreaterThan(before);
    }

    @Test
    void millisPerOperationWhenReadingsKnownThenCpuDividedByOperations() {
        assertThat(ProcessCpu.millisPerOperation(1_000_000, 9_000_000, 4)).isEqualTo(2.0);
    }

    @Test
    void millisPerOperationWhenUnknownOrNoOperationsThenNaN() {
        assertThat(ProcessCpu.millisPerOperation(ProcessCpu.UNKNOWN, 9_000_000, 4)).isNaN();
        assertThat(ProcessCpu.millisPerOperation(1_000_000, ProcessCpu.UNKNOWN, 4)).isNaN();
        assertThat(ProcessCpu.millisPerOperation(1_000_000, 9_000_000, 0)).isNaN();
    }
}
