package dev.samlec.cli;

/**
 * Stands in for samlec's main class in a small jar the launcher tests build: prints its arguments on one line and
 * exits with the last one when it is a number, so a test sees the launcher pass arguments and exit codes through a
 * real JVM.
 */
public final class LauncherProbe {
    private LauncherProbe() {
    }

    /** Prints "probe" and the arguments; exits with the last argument when it is an integer. */
    public static void main(String[] args) {
        System.out.println("probe " + String.join(" ", args));
        int code = 0;
        if (args.length > 0 && args[args.length - 1].matches("[0-9]{1,3}")) {
            code = Integer.parseInt(args[args.length - 1]);
        }
        System.exit(code);
    }
}
