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

    @Test
    void threadsWhenNoOptionThenTheCoresInProcessAndSixteenOverLdap() {
        Options none = Options.parse(List.of());
        assertThat(IdpDirectoryModes.threads(none, DirectoryAccess.IN_PROCESS, 2)).isEqualTo(2);
        assertThat(IdpDirectoryModes.threads(none, DirectoryAccess.IN_PROCESS, 8)).isEqualTo(8);
        assertThat(IdpDirectoryModes.threads(none, DirectoryAccess.IN_PROCESS, 1)).isEqualTo(2);
        assertThat(IdpDirectoryModes.threads(none, DirectoryAccess.LDAP, 2)).isEqualTo(16);
    }

    @Test
    void threadsWhenGivenThenForEveryModeAndANonNumberRefused() {
        Options four = Options.parse(List.of("--idp-threads", "4"));
        assertThat(IdpDirectoryModes.threads(four, DirectoryAccess.IN_PROCESS, 2)).isEqualTo(4);
        assertThat(IdpDirectoryModes.threads(four, DirectoryAccess.LDAP, 2)).isEqualTo(4);
        assertThat(IdpDirectoryModes.threads(Options.parse(List.of("--idp-threads", "auto")), DirectoryAccess.LDAP, 2))
                .isEqualTo(16);
        assertThatThrownBy(() -> IdpDirectoryModes.threads(Options.parse(List.of("--idp-threads", "many")),
                DirectoryAccess.LDAP, 2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("many");
    }
}
