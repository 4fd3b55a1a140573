package dev.samlec.mech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelBindingTest {

    @Test
    void constructWhenValueArrayChangedLaterThenBindingUnchanged() {
        byte[] value = {1, 2, 3};
        ChannelBinding cb = new ChannelBinding("tls-exporter", value);
        value[0] = 9;
        cb.value()[1] = 9;

        assertThat(cb.value()).containsExactly(1, 2, 3);
    }

    @Test
    void equalsWhenSameTypeAndContentThenEqual() {
        ChannelBinding a = new ChannelBinding("tls-exporter", new byte[] {1, 2});
        ChannelBinding b = new ChannelBinding("tls-exporter", new byte[] {1, 2});

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.matches(b)).isTrue();
        assertThat(a).isNotEqualTo(new ChannelBinding("tls-exporter", new byte[] {1, 3}))
                .isNotEqualTo(new ChannelBinding("tls-server-end-point", new byte[] {1, 2}))
                .isNotEqualTo(null);
        assertThat(a.matches(null)).isFalse();
    }

    @Test
    void toStringWhenCalledThenTypeAndLengthOnly() {
        ChannelBinding cb = new ChannelBinding("tls-server-end-point", "p=tls-server-end-point,,SECRET".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));

        assertThat(cb.toString()).isEqualTo("ChannelBinding[type=tls-server-end-point, length=30]")
                .doesNotContain("SECRET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "tls exporter", "tls_exporter", "tls-exporter\n", "t\u00e9ls", "a,b"})
    void constructWhenTypeInvalidThenRefused(String type) {
        assertThatIllegalArgumentException().isThrownBy(() -> new ChannelBinding(type, new byte[] {1}));
        assertThat(ChannelBinding.isValidType(type)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls-exporter", "tls-server-end-point", "tls-unique", "x.y-1"})
    void constructWhenTypeValidThenAccepted(String type) {
        assertThat(new ChannelBinding(type, new byte[] {1}).type()).isEqualTo(type);
    }

    @Test
    void constructWhenValueEmptyOrNullThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ChannelBinding("tls-exporter", new byte[0]));
        assertThatNullPointerException().isThrownBy(() -> new ChannelBinding("tls-exporter", null));
        assertThatNullPointerException().isThrownBy(() -> new ChannelBinding(null, new byte[] {1}));
        assertThat(ChannelBinding.isValidType(null)).isFalse();
    }
}
