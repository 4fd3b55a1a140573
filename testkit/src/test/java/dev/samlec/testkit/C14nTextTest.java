package dev.samlec.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Canonical XML's escaping of text and attribute values, and the characters XML 1.0 does not allow. */
class C14nTextTest {
    @Test
    void textWhenMarkupAndLineEndsThenEscapedAsC14nDoes() {
        assertThat(C14nText.text(new StringBuilder(), "a&b<c>d\"e'f\tg\nh\ri]]>").toString())
                .isEqualTo("a&amp;b&lt;c&gt;d\"e'f\tg\nh&#xD;i]]&gt;");
    }

    @Test
    void attributeWhenMarkupAndWhitespaceThenEscapedAsC14nDoes() {
        assertThat(C14nText.attribute(new StringBuilder(), "v", "a&b<c>d\"e'f\tg\nh\ri").toString())
                .isEqualTo(" v=\"a&amp;b&lt;c>d&quot;e'f&#x9;g&#xA;h&#xD;i\"");
    }

    @Test
    void checkWhenAllowedEdgesAndSurrogatePairsThenAccepted() {
        C14nText.check("\t\n\r \uD7FF\uE000\uFFFD\uD83D\uDE00\uDBFF\uDFFF");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0001", "\u001F", "\uFFFE", "\uFFFF", "\uD83D", "\uDE00", "x\uD83D",
            "\uDE00\uD83D"})
    void checkWhenACharacterXmlForbidsThenRefusedNamingIt(String value) {
        assertThatThrownBy(() -> C14nText.check(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+").hasMessageContaining("not allowed in XML");
    }

    @Test
    void textAndAttributeWhenAForbiddenCharacterThenRefusedBeforeWriting() {
        StringBuilder out = new StringBuilder("kept");
        assertThatThrownBy(() -> C14nText.text(out, "a\u0008")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> C14nText.attribute(out, "v", "\u000B")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+000B");
        assertThat(out).hasToString("kept");
    }
}
