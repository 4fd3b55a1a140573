package dev.samlec.jaas;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.service.LoginStateStore;
import dev.samlec.mech.service.LoginStateStores;
import java.time.Clock;
import java.util.Optional;
import javax.security.auth.login.LoginException;

/**
 * Opens the shared login state store the acceptor's {@code loginStore} option names, through the
 * {@link LoginStateStores} providers that samlec-jaas's class loader, else the thread's context class loader, can see
 * (samlec-redis provides {@code redis}): the JAAS module itself
 * does not depend on any store's client library. A missing provider fails {@code login()} at start-up naming the
 * option and the jar; a provider's refusal names the option its setting came from.
 */
final class LoginStores {
    private LoginStores() {
    }

    static LoginStateStore open(LoginStoreOptions options, Clock clock) throws LoginException {
        Optional<LoginStateStores> provider;
        try {
            provider = LoginStateStores.find(options.name(), LoginStores.class.getClassLoader());
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (provider.isEmpty() && context != null) {
                provider = LoginStateStores.find(options.name(), context);
            }
        } catch (EcpConfigurationException e) {
            throw LoginFailures.option(OptionNames.LOGIN_STORE, options.name(), e);
        }
        if (provider.isEmpty()) {
            throw LoginFailures.option(OptionNames.LOGIN_STORE, options.name(), "needs "
                    + LoginStoreOptions.REDIS_JAR + " on the class path next to samlec-jaas; it is not there (no"
                    + " META-INF/services/" + LoginStateStores.class.getName() + " names a '" + options.name()
                    + "' store). Add that jar, or remove " + OptionNames.LOGIN_STORE + " to keep the replay cache in"
                    + " this JVM", null);
        }
        try {
            return provider.get().open(options.settings(), clock);
        } catch (EcpConfigurationException e) {
            String setting = leadingWord(e.getMessage());
            Optional<String> option = LoginStoreOptions.optionOf(setting);
            if (option.isPresent()) {
                throw LoginFailures.option(option.get(), options.settings().get(setting), e);
            }
            throw LoginFailures.option(OptionNames.LOGIN_STORE, options.name(), e);
        }
    }

    /** The setting a provider's message starts with (its messages name the setting first), if any. */
    private static String leadingWord(String message) {
        String text = message == null ? "" : message;
        int end = 0;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end);
    }
}
