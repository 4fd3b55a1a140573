package dev.samlec.mech.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Text from a peer that ends up in an error message: no terminal escape (C0 or C1, e.g. CSI U+009B), no bidi
 * override (U+202E) that would make a message read differently from what it says, no line separators.
 */
class ExcerptsTest {
    @Test
    void cleanWhenPeerTextHasC0C1BidiAndLineSeparatorsThenEachBecomesASpace() {
        String hostile = "ok\u001b[31mred\u009b2J\u202eesrever\u2028next\u0007";

        String cleaned = Excerpts.clean(hostile, 200);

        assertThat(cleaned).doesNotContain("\u001b", "\u009b", "\u202e", "\u2028", "\u0007")
                .isEqualTo("ok [31mred 2J esrever next");
    }

    @Test
    void cleanWhenLongThenCutWithEllipsis() {
        assertThat(Excerpts.clean("x".repeat(300), 10)).isEqualTo("xxxxxxxxxx...");
    }
}
