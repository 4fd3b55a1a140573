package dev.samlec.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.bench.Options;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdpAnswerModesTest {
    @Test
    void ofWhenNoOptionThenCanonical() {
        assertThat(IdpAnswerModes.of(Options.parse(List.of()))).containsExactly(true);
    }

    @Test
    void ofWhenBothThenInTheOrderAsked() {
        assertThat(IdpAnswerModes.of(Options.parse(List.of("--idp-answer", "opensaml, canonical"))))
                .containsExactly(false, true);
        assertThat(IdpAnswerModes.label(true)).isEqualTo("answer=canonical");
        assertThat(IdpAnswerModes.label(false)).isEqualTo("answer=opensaml");
    }

    @Test
    void ofWhenUnknownOrRepeatedThenRefusedNamingIt() {
        assertThatThrownBy(() -> IdpAnswerModes.of(Options.parse(List.of("--idp-answer", "dom"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dom");
        assertThatThrownBy(() -> IdpAnswerModes.of(Options.parse(List.of("--idp-answer", "opensaml,opensaml"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }
}
