package dev.samlec.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads the user's password from the first line of stdin, or from the terminal without echo. */
final class PasswordSource {
    private PasswordSource() {
    }

    static char[] fromStdin(InputStream in) throws IOException, UsageException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line == null || line.isEmpty()) {
            throw new UsageException("--password-stdin: no password on standard input");
        }
        return line.toCharArray();
    }

    static char[] prompt(String user) throws UsageException {
        return prompt(user, null);
    }

    /**
     * As {@link #prompt(String)}, naming in the prompt the IdP the password goes to ({@code idpHost}, when not
     * null), since it may come from an environment variable or a config file rather than the command line.
     */
    static char[] prompt(String user, String idpHost) throws UsageException {
        Console console = System.console();
        if (console == null) {
            throw new UsageException("no terminal to ask for the password of " + user + "; use --password-stdin");
        }
        char[] password = idpHost == null ? console.readPassword("Password for %s: ", user)
                : console.readPassword("Password for %s at %s: ", user, idpHost);
        if (password == null || password.length == 0) {
            throw new UsageException("no password given");
        }
        return password;
    }
}
