package dev.samlec.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Runs {@code samlec} in-process with stdout and stderr captured. */
final class Cli {
    private Cli() {
    }

    /** The exit code and the captured output of one run. */
    record Result(int exitCode, String out, String err) {
        /** The stdout lines. */
        List<String> lines() {
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
        }

        /** The stderr lines. */
        List<String> errLines() {
            return err.isEmpty() ? List.of() : Arrays.asList(err.split("\n"));
        }
    }

    /** Runs the command line; System.out and System.err are swapped for the duration of the call. */
    static synchronized Result run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        java.util.function.Function<String, String> environment = Defaults.environment;
        if (environment == Defaults.SYSTEM_ENVIRONMENT) {
            // no SAMLEC_* variable or config file of the machine running the tests may change their outcome
            Defaults.environment = java.util.Map.of("XDG_CONFIG_HOME", "/nonexistent/samlec-tests")::get;
        }
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = SamlecCommand.run(args);
        } finally {
            Defaults.environment = environment;
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new Result(code, normalise(out), normalise(err));
    }

    /** Runs the command line with {@code stdin} as standard input. */
    static synchronized Result runWithStdin(String stdin, String... args) {
        java.io.InputStream originalIn = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            return run(args);
        } finally {
            System.setIn(originalIn);
        }
    }

    static Result run(List<String> args) {
        return run(args.toArray(String[]::new));
    }

    private static String normalise(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
}
