package dev.samlec.jaas;

/**
 * How the initiator uses the JAAS shared state, as the JDK's own login modules do (keys
 * {@value #NAME_KEY} and {@value #PASSWORD_KEY}).
 *
 * @param useFirstPass take the name and password from the shared state only; never prompt
 * @param tryFirstPass take them from the shared state, and prompt if they are missing or refused
 * @param storePass put the name and password into the shared state after a successful login (never overwriting)
 * @param clearPass remove the name and password from the shared state when commit or abort finishes
 */
record PasswordSharing(boolean useFirstPass, boolean tryFirstPass, boolean storePass, boolean clearPass) {
    /** The shared-state key of the user name (a {@code String}). */
    static final String NAME_KEY = "javax.security.auth.login.name";
    /** The shared-state key of the password (a {@code char[]}). */
    static final String PASSWORD_KEY = "javax.security.auth.login.password";
    /** No sharing. */
    static final PasswordSharing NONE = new PasswordSharing(false, false, false, false);

    /** Whether any of the four options is set. */
    boolean any() {
        return useFirstPass || tryFirstPass || storePass || clearPass;
    }

    /** Whether credentials are read from the shared state first. */
    boolean readsSharedState() {
        return useFirstPass || tryFirstPass;
    }
}
