package dev.samlec.mech.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link DisplayText}: what metadata text may not bring to a terminal or a log. */
class DisplayTextTest {
    @Test
    void safeWhenC0C1FormatAndLineSeparatorsThenEachIsAQuestionMark() {
        assertThat(DisplayText.safe("Univ \u009b2K\u202eA")).isEqualTo("Univ ?2K?A");
        assertThat(DisplayText.safe("a\nb\rc\td\u001b[2Je\u007f")).isEqualTo("a?b?c?d?[2Je?");
        assertThat(DisplayText.safe("x\u2028y\u2029z\u200bw\ufeffv")).isEqualTo("x?y?z?w?v");
        assertThat(DisplayText.safe("tag\udb40\udc01")).isEqualTo("tag?");
        assertThat(DisplayText.safe("lone\ud800")).isEqualTo("lone?");
    }

    @Test
    void safeWhenOrdinaryUnicodeThenUnchanged() {
        assertThat(DisplayText.safe("Zweite Universität – 東京 \ud83c\udf93")).isEqualTo(
                "Zweite Universität – 東京 \ud83c\udf93");
        assertThat(DisplayText.safe(null)).isNull();
    }

    @Test
    void safeWhenLongerThanTheBoundThenCutWithAnEllipsis() {
        String exactly = "a".repeat(DisplayText.MAX_LENGTH);
        assertThat(DisplayText.safe(exactly)).isEqualTo(exactly);
        assertThat(DisplayText.safe(exactly + "bc")).isEqualTo(exactly + "…");
        assertThat(DisplayText.controlsReplaced(exactly + "b\n")).isEqualTo(exactly + "b?");
    }
}
