package dev.samlec.cli;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.client.ChallengeCredentials;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * The user's password, asked for (or read from stdin) only when a service actually sends an ECP challenge, and at
 * most once per run. A usage problem found then (no user, no terminal, empty stdin) is kept so the command can exit
 * 2 with it rather than with the {@code credentials_unavailable} code the ECP client sees.
 */
final class PasswordOnChallenge implements ChallengeCredentials, AutoCloseable {
    private final Optional<String> user;
    private final boolean fromStdin;
    private final InputStream stdin;
    private IdpCredentials.Basic credentials;
    private UsageException usageProblem;

    PasswordOnChallenge(Optional<String> user, boolean fromStdin, InputStream stdin) {
        this.user = user;
        this.fromStdin = fromStdin;
        this.stdin = stdin;
    }

    @Override
    public synchronized IdpCredentials credentialsFor(IdpEndpoint idp) throws EcpException {
        if (credentials != null) {
            return credentials;
        }
        char[] password = null;
        try {
            String name = user.orElseThrow(() -> new UsageException("the service asked for a login at "
                    + idp.entityId() + ": give -u USER (or user= in the config file, or SAMLEC_USER)"));
            password = fromStdin ? PasswordSource.fromStdin(stdin) : PasswordSource.prompt(name, idp.soapUrl().getHost());
            credentials = IdpCredentials.basic(name, password);
            return credentials;
        } catch (UsageException e) {
            usageProblem = e;
            throw new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, e.getMessage(), e);
        } catch (IOException e) {
            throw new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, "the password cannot be read from standard input"
                    + " (" + e.getMessage() + ")", e);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** Whether a password was asked for. */
    synchronized boolean asked() {
        return credentials != null || usageProblem != null;
    }

    /** The usage problem met when the challenge came, if any. */
    synchronized Optional<UsageException> usageProblem() {
        return Optional.ofNullable(usageProblem);
    }

    @Override
    public synchronized void close() {
        if (credentials != null) {
            credentials.destroy();
        }
    }
}
