package dev.samlec.mech.service;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * A kind of shared {@link LoginStateStore}, found by {@link ServiceLoader} when its jar is on the class path, so that
 * the JAAS module and the plugins select a store by name ({@code loginStore=redis}) without depending on its client
 * library. samlec-redis registers {@code redis} in {@code META-INF/services/dev.samlec.mech.service.LoginStateStores};
 * without that jar {@link #find} is empty and the caller refuses to start, naming the jar. The in-memory store is
 * not a provider: it is the default of {@link ServiceProviderSettings}.
 *
 * <p>A provider takes its settings as strings under the names of {@link #settingNames()} (e.g. {@code uri},
 * {@code keyPrefix}), and refuses unknown names, missing required ones and bad values with an
 * {@link EcpConfigurationException} ({@code invalid_configuration}) whose message names the setting. Implementations
 * are public, have a public no-argument constructor and are thread-safe.
 */
public interface LoginStateStores {
    /** The name the store is selected by, lower case (e.g. {@code redis}). */
    String name();

    /** The names of the settings {@link #open} takes. */
    Set<String> settingNames();

    /**
     * A store with these settings. It may connect lazily: a service starts while the store is down, and its logins are
     * refused until it answers.
     *
     * @param settings the settings, by the names of {@link #settingNames()}
     * @param clock the clock expiry times are computed with
     * @throws EcpConfigurationException {@code invalid_configuration} naming the setting that is unknown, missing or
     *     bad, or the file that cannot be read
     */
    LoginStateStore open(Map<String, String> settings, Clock clock) throws EcpConfigurationException;

    /**
     * The provider named {@code name} that {@code loader} can see, if any.
     *
     * @param name the store's name, e.g. {@code redis}
     * @param loader where to look for {@code META-INF/services/dev.samlec.mech.service.LoginStateStores}
     * @throws EcpConfigurationException {@code invalid_configuration} if a registered provider cannot be loaded
     *     (a jar of it, or of its client library, is missing or of another version), or if two providers of
     *     different classes answer to {@code name} (one of them would be chosen by class-path order)
     */
    static Optional<LoginStateStores> find(String name, ClassLoader loader) throws EcpConfigurationException {
        Objects.requireNonNull(name, "name");
        LoginStateStores found = null;
        try {
            for (LoginStateStores provider : ServiceLoader.load(LoginStateStores.class, loader)) {
                if (!provider.name().equals(name)) {
                    continue;
                }
                if (found != null && found.getClass() != provider.getClass()) {
                    throw new EcpConfigurationException(EcpError.INVALID_CONFIGURATION, "two login state stores"
                            + " are registered as '" + name + "' (" + found.getClass().getName() + " and "
                            + provider.getClass().getName() + "); remove the jar that should not be there");
                }
                found = provider;
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new EcpConfigurationException(EcpError.INVALID_CONFIGURATION, "a login state store registered"
                    + " on the class path cannot be loaded (" + e.getMessage() + "); check that its jar and its"
                    + " client library's jars are complete and of matching versions", e);
        }
        return Optional.ofNullable(found);
    }
}
