package dev.samlec.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The refusals {@link PasswordCheck#bindDn} makes before any directory is asked. */
class PasswordCheckTest {
    private static final char[] PASSWORD = "alicepw".toCharArray();

    @Test
    void bindDnWhenNameAndPasswordThenUserUnderPeople() {
        assertThat(PasswordCheck.bindDn("alice", PASSWORD)).hasValueSatisfying(dn -> assertThat(dn.getName())
                .isEqualTo("uid=alice," + DemoDirectory.PEOPLE_DN));
        assertThat(PasswordCheck.bindDn("a".repeat(PasswordCheck.MAX_USER_NAME_LENGTH), PASSWORD)).isPresent();
    }

    @Test
    void bindDnWhenEmptyPasswordThenNoneSinceThatBindWouldBeAnonymous() {
        assertThat(PasswordCheck.bindDn("alice", new char[0])).isEmpty();
    }

    @Test
    void bindDnWhenEmptyOrOverlongNameThenNone() {
        assertThat(PasswordCheck.bindDn("", PASSWORD)).isEmpty();
        assertThat(PasswordCheck.bindDn("a".repeat(PasswordCheck.MAX_USER_NAME_LENGTH + 1), PASSWORD)).isEmpty();
    }
}
