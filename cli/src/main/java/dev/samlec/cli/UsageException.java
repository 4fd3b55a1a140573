package dev.samlec.cli;

/** A command line that parses but cannot work (conflicting or missing options); exits 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
