package dev.samlec.jaas;

import java.util.Map;
import java.util.Optional;
import javax.security.auth.login.LoginException;

/**
 * The options of one {@link SamlecLoginModule} entry, parsed once in {@code initialize()} and validated as a whole:
 * exactly one of the two sides is present.
 *
 * @param initiator the client side's options ({@code isInitiator=true}, the default)
 * @param acceptor the service side's options ({@code isInitiator=false})
 */
record LoginOptions(Optional<InitiatorOptions> initiator, Optional<AcceptorOptions> acceptor) {
    /** Checks that exactly one side is present. */
    LoginOptions {
        if (initiator.isPresent() == acceptor.isPresent()) {
            throw new IllegalArgumentException("exactly one of initiator and acceptor options is needed");
        }
    }

    /**
     * Parses JAAS options. {@code debug} is accepted (as the JDK's modules take it) and ignored: samlec logs through
     * SLF4J.
     *
     * @throws LoginException listing every problem, each as {@code option <name>: <problem> (value: <value>)}
     */
    static LoginOptions parse(Map<String, ?> options) throws LoginException {
        OptionReader r = new OptionReader(options);
        boolean initiator = r.bool(OptionNames.IS_INITIATOR, true);
        r.bool(OptionNames.DEBUG, false);
        if (initiator) {
            r.rejectOthers(OptionNames.ACCEPTOR, "acceptor (isInitiator=false)");
            InitiatorOptions parsed = InitiatorOptions.parse(r);
            r.throwIfProblems();
            return new LoginOptions(Optional.of(parsed), Optional.empty());
        }
        r.rejectOthers(OptionNames.INITIATOR, "initiator (isInitiator=true)");
        AcceptorOptions parsed = AcceptorOptions.parse(r);
        r.throwIfProblems();
        return new LoginOptions(Optional.empty(), Optional.of(parsed));
    }
}
