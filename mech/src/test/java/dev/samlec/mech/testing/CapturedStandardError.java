package dev.samlec.mech.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What an action writes to {@code System.err}, where slf4j-simple logs in the test JVMs: for tests that check what
 * samlec logs (audit lines, no secrets). Not thread-safe across tests that capture at the same time.
 */
public final class CapturedStandardError {
    /** An action that may throw. */
    public interface Action {
        void run() throws Exception;
    }

    private CapturedStandardError() {
    }

    /** Runs {@code action} with {@code System.err} captured and returns what was written. */
    public static String during(Action action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
