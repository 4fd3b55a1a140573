package dev.samlec.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.bench.BadOptionException;
import dev.samlec.bench.Options;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryModesTest {
    @Test
    void ofWhenRepeatableThenAlternatedRowsKeptInOrder() {
        assertThat(IdpKeepAliveModes.of(Options.parse(List.of("--idp-keep-alive", "off,on,off, ON"))))
                .containsExactly(false, true, false, true);
        assertThat(IdpKeepAliveModes.of(Options.parse(List.of()))).containsExactly(true, false);
        assertThat(IdpKeepAliveModes.label(false)).isEqualTo("idp-ka=off");
    }

    @Test
    void ofWhenNotRepeatableThenASecondMentionRefused() {
        assertThat(IdpAnswerModes.of(Options.parse(List.of("--idp-answer", "opensaml,canonical"))))
                .containsExactly(false, true);
        assertThatThrownBy(() -> IdpAnswerModes.of(Options.parse(List.of("--idp-answer", "canonical,canonical"))))
                .isInstanceOf(BadOptionException.class).hasMessage("--idp-answer names canonical twice");
    }

    @Test
    void ofWhenUnknownModeThenBadOptionNamingBothModes() {
        assertThatThrownBy(() -> IdpKeepAliveModes.of(Options.parse(List.of("--idp-keep-alive", "yes"))))
                .isInstanceOf(BadOptionException.class)
                .hasMessage("--idp-keep-alive takes on, off or both; was yes");
    }
}
