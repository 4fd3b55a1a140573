package dev.samlec.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GcPausesTest {
    @Test
    void nowWhenAFullCollectionRanThenCountedSinceTheEarlierReading() {
        GcPauses before = GcPauses.now();

        System.gc();

        GcPauses during = GcPauses.now().since(before);
        assertThat(during.count()).isPositive();
        assertThat(during.millis()).isNotNegative();
    }

    @Test
    void countsPausesWhenCycleBeanThenLeftOutAndG1RemarkCleanupBeanKept() {
        assertThat(GcPauses.countsPauses("G1 Young Generation")).isTrue();
        assertThat(GcPauses.countsPauses("G1 Old Generation")).isTrue();
        assertThat(GcPauses.countsPauses("ZGC Pauses")).isTrue();
        assertThat(GcPauses.countsPauses("G1 Concurrent GC")).isTrue();
        assertThat(GcPauses.countsPauses("Shenandoah Pauses")).isTrue();
        assertThat(GcPauses.countsPauses("ZGC Cycles")).isFalse();
        assertThat(GcPauses.countsPauses("Shenandoah Cycles")).isFalse();
    }
}
