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

    @Test
    void literalWhenItHasRegexCharactersThenMatchedLiterallyAndNotEqualToTheRegexp() {
        IdpScope literal = IdpScope.literal("example.edu");
        IdpScope regexp = IdpScope.regexp("example.edu");

        assertThat(literal.allows("exampleXedu")).as("a literal dot is a dot").isFalse();
        assertThat(regexp.allows("exampleXedu")).isTrue();
        assertThat(literal.isRegexp()).isFalse();
        assertThat(regexp.isRegexp()).isTrue();
        assertThat(literal).isNotEqualTo(regexp).isEqualTo(IdpScope.literal("example.edu"));
        assertThat(literal.toString()).isEqualTo("example.edu");
        assertThat(regexp.toString()).isEqualTo("regexp:example.edu");
    }
}
