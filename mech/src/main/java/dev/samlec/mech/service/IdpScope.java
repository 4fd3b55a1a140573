package dev.samlec.mech.service;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One {@code shibmd:Scope} of an identity provider: the DNS-style domain after the {@code @} of the scoped attribute
 * values it may assert ({@code eduPersonPrincipalName}, {@code eduPersonScopedAffiliation}, {@code subject-id},
 * {@code pairwise-id}), either literal (compared case-insensitively, as Shibboleth SP does) or a regular expression
 * that must match the whole scope ({@code regexp="true"}). Immutable.
 */
public final class IdpScope {
    private final String value;
    private final Pattern pattern;

    private IdpScope(String value, Pattern pattern) {
        this.value = value;
        this.pattern = pattern;
    }

    /** A literal scope such as {@code example.edu}. */
    public static IdpScope literal(String value) {
        return new IdpScope(nonBlank(value), null);
    }

    /**
     * A regular-expression scope such as {@code ^.+\.example\.edu$}, matched against the whole scope.
     *
     * @throws IllegalArgumentException if the expression does not compile
     */
    public static IdpScope regexp(String expression) {
        try {
            return new IdpScope(nonBlank(expression), Pattern.compile(expression));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("scope regexp " + expression + " does not compile: "
                    + e.getDescription(), e);
        }
    }

    /** The literal scope or the expression. */
    public String value() {
        return value;
    }

    /** Whether this is a regular expression. */
    public boolean isRegexp() {
        return pattern != null;
    }

    /** The longest scope compared: a DNS name has at most 253 characters. */
    public static final int MAX_SCOPE_LENGTH = 253;

    /**
     * Whether {@code scope} (the part after the last {@code @} of a value) is within this scope. A scope longer than
     * {@link #MAX_SCOPE_LENGTH} never is, so a metadata regexp never runs on unbounded input.
     */
    public boolean allows(String scope) {
        if (scope == null || scope.isEmpty() || scope.length() > MAX_SCOPE_LENGTH) {
            return false;
        }
        return pattern != null ? pattern.matcher(scope).matches()
                : value.toLowerCase(Locale.ROOT).equals(scope.toLowerCase(Locale.ROOT));
    }

    private static String nonBlank(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a scope must not be blank");
        }
        return value.trim();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdpScope && value.equals(((IdpScope) o).value)
                && isRegexp() == ((IdpScope) o).isRegexp();
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, isRegexp());
    }

    @Override
    public String toString() {
        return isRegexp() ? "regexp:" + value : value;
    }
}
