package dev.samlec.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitTimeTest {
    @Test
    void millisWhenHotSpotThenKnownAndNeverDecreasing() {
        long before = JitTime.millis();

        assertThat(before).isNotEqualTo(JitTime.UNKNOWN);
        assertThat(JitTime.millis()).isGreaterThanOrEqualTo(before);
    }

    @Test
    void betweenWhenEitherReadingUnknownThenUnknown() {
        assertThat(JitTime.between(100, 350)).isEqualTo(250);
        assertThat(JitTime.between(JitTime.UNKNOWN, 350)).isEqualTo(JitTime.UNKNOWN);
        assertThat(JitTime.between(100, JitTime.UNKNOWN)).isEqualTo(JitTime.UNKNOWN);
    }
}
