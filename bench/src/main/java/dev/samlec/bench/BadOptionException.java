package dev.samlec.bench;

/**
 * A command-line option the bench cannot use (a missing value, a number that is not one, an unknown mode); its
 * message names the option and what it takes. {@link BenchMain} prints it with the usage instead of a stack trace.
 */
public final class BadOptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** {@code message}: the option, what it takes and what it got. */
    public BadOptionException(String message) {
        super(message);
    }

    /** The same, with the parse failure behind it. */
    public BadOptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
