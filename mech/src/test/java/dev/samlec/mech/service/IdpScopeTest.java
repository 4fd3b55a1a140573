package dev.samlec.mech.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link IdpScope}: literal scopes ignore case, regexps match whole, and no scope is compared beyond DNS length. */
class IdpScopeTest {
    @Test
    void allowsWhenLiteralThenCaseInsensitiveWholeScope() {
        IdpScope scope = IdpScope.literal("example.edu");
        assertThat(scope.allows("EXAMPLE.edu")).isTrue();
        assertThat(scope.allows("sub.example.edu")).isFalse();
        assertThat(scope.allows("")).isFalse();
    }

    @Test
    void allowsWhenRegexpThenWholeMatchOnly() {
        IdpScope scope = IdpScope.regexp("^.+\\.example\\.edu$");
        assertThat(scope.allows("dept.example.edu")).isTrue();
        assertThat(scope.allows("example.edu.evil.org")).isFalse();
    }

    @Test
    void allowsWhenScopeLongerThanDnsNameThenFalseWithoutRunningTheExpression() {
        IdpScope anything = IdpScope.regexp(".*");
        String name = "a".repeat(IdpScope.MAX_SCOPE_LENGTH);
        assertThat(anything.allows(name)).isTrue();
        assertThat(anything.allows(name + "a")).isFalse();
    }
}
