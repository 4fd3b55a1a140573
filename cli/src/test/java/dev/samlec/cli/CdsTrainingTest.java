package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The launcher's training run ({@link CdsTraining}) really goes through {@code samlec verify}: its bundled sample is
 * accepted, so the archive made from it holds the classes a verification loads.
 */
class CdsTrainingTest {
    @Test
    void runWhenCalledThenTheBundledSampleIsAccepted() throws Exception {
        assertThat(CdsTraining.run()).isZero();
    }
}
