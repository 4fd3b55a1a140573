package dev.samlec.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.bench.Options;
import dev.samlec.testkit.DemoIdp.DirectoryAccess;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdpDirectoryModesTest {
    @Test
    void ofWhenNoOptionThenInProcess() {
        assertThat(IdpDirectoryModes.of(Options.parse(List.of()))).containsExactly(DirectoryAccess.IN_PROCESS);
    }

    @Test
    void ofWhenBothThenInTheOrderAsked() {
        assertThat(IdpDirectoryModes.of(Options.parse(List.of("--idp-directory", "ldap, in-process"))))
                .containsExactly(DirectoryAccess.LDAP, DirectoryAccess.IN_PROCESS);
    }

    @Test
    void ofWhenUnknownOrRepeatedThenRefusedNamingIt() {
        assertThatThrownBy(() -> IdpDirectoryModes.of(Options.parse(List.of("--idp-directory", "jdbc"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc");
        assertThatThrownBy(() -> IdpDirectoryModes.of(Options.parse(List.of("--idp-directory", "ldap,ldap"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }
}
