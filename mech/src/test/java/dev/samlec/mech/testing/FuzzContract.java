package dev.samlec.mech.testing;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.util.Set;

/**
 * The contract every fuzz target checks: the entry point returns, or throws an {@link EcpException} whose
 * {@link EcpError} is one the entry point documents for bad input, never {@link EcpError#INTERNAL_ERROR}. Any other
 * {@link Throwable} ({@code RuntimeException}, {@code StackOverflowError}, {@code DOMException}...) is not caught
 * here, so Jazzer reports it as a finding with its own stack trace. Time is bounded by the fuzz test's
 * {@code @Timeout}, which Jazzer turns into its per-input timeout.
 */
public final class FuzzContract {
    /** Per-input time limit of every fuzz test, in seconds (the JUnit {@code @Timeout} of each target). */
    public static final int TIMEOUT_SECONDS = 10;

    private FuzzContract() {
    }

    /** A call into an entry point. */
    @FunctionalInterface
    public interface Call {
        /** Runs the entry point. */
        void run() throws Exception;
    }

    /**
     * Runs a genuine input through the entry point once, from the fuzz test's static initialiser: OpenSAML's and
     * Santuario's start-up (and Jazzer's instrumentation of their classes) then happen before the first timed input.
     */
    public static void warmUp(Call call) {
        try {
            call.run();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Runs {@code call}; an {@link EcpException} passes when its category is one of {@code categories} (and it is not
     * {@link EcpError#INTERNAL_ERROR}), any other checked exception fails the fuzz test.
     */
    public static void holds(Set<EcpError.Category> categories, Call call) {
        check(call, e -> categories.contains(e.error().category()), "a code of category " + categories);
    }

    /** Runs {@code call}; an {@link EcpException} passes only when its code is one of {@code documented}. */
    public static void holdsWithCodes(Set<EcpError> documented, Call call) {
        check(call, e -> documented.contains(e.error()), "one of " + documented);
    }

    private static void check(Call call, java.util.function.Predicate<EcpException> allowed, String expected) {
        try {
            call.run();
        } catch (EcpException e) {
            if (e.error() == EcpError.INTERNAL_ERROR || !allowed.test(e)) {
                throw new AssertionError("peer input led to " + e.error().code() + " (expected " + expected + "): "
                        + e.getMessage(), e);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("undocumented checked exception " + e, e);
        }
    }
}
