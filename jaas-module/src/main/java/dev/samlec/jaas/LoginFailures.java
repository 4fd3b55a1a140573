package dev.samlec.jaas;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

/**
 * Turns engine failures into {@link LoginException}s whose message starts with the stable error code
 * ({@code idp_authentication_failed: ...}) and whose cause is the {@link EcpException} (for {@code error()}):
 * refused credentials become a {@link FailedLoginException}, everything else (IdP down, timeout, TLS, bad
 * metadata or key files) a plain {@link LoginException}.
 */
final class LoginFailures {
    private LoginFailures() {
    }

    /** The exception for a failed IdP exchange or engine step. */
    static LoginException of(EcpException e) {
        LoginException failure = e.error() == EcpError.IDP_AUTHENTICATION_FAILED
                ? new FailedLoginException(e.describe()) : new LoginException(e.describe());
        failure.initCause(e);
        return failure;
    }

    /**
     * The exception for a file or setting named by an option that cannot be used:
     * {@code <code>: option <name>: <problem> (value: <value>)}.
     */
    static LoginException option(String option, Object value, EcpException e) {
        return withCause(new LoginException(e.error().code() + ": "
                + OptionReader.format(option, e.getMessage(), String.valueOf(value))), e);
    }

    /** As {@link #option(String, Object, EcpException)} for a problem found here. */
    static LoginException option(String option, Object value, String problem, Throwable cause) {
        return withCause(new LoginException(EcpError.INVALID_CONFIGURATION.code() + ": "
                + OptionReader.format(option, problem, String.valueOf(value))), cause);
    }

    /** {@code credentials_unavailable: <message>}: the handler or the shared state gave no usable credentials. */
    static LoginException credentialsUnavailable(String message, Throwable cause) {
        return withCause(new LoginException(EcpError.CREDENTIALS_UNAVAILABLE.code() + ": " + message), cause);
    }

    /** {@code invalid_configuration: <message>}: the module is used in a way that cannot work. */
    static LoginException configuration(String message, Throwable cause) {
        return withCause(new LoginException(EcpError.INVALID_CONFIGURATION.code() + ": " + message), cause);
    }

    private static LoginException withCause(LoginException e, Throwable cause) {
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
