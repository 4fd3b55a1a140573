package dev.samlec.mech.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The login state store SPI's lookup: by name, empty when no provider is registered, coded when one is broken. */
class LoginStateStoresTest {
    @TempDir
    Path dir;

    private ClassLoader registering(String... providerClasses) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(LoginStateStores.class.getName()), String.join("\n", providerClasses)
                + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void findWhenNoProviderRegisteredThenEmpty() throws Exception {
        assertThat(LoginStateStores.find("redis", getClass().getClassLoader())).isEmpty();
    }

    @Test
    void findWhenRegisteredProviderClassMissingThenInvalidConfigurationNotAnError() throws Exception {
        ClassLoader loader = registering("dev.samlec.absent.RedisLoginStateStores");

        assertThatThrownBy(() -> LoginStateStores.find("redis", loader)).isInstanceOf(EcpConfigurationException.class)
                .hasMessageContaining("cannot be loaded").extracting(e -> ((EcpConfigurationException) e).error())
                .isEqualTo(EcpError.INVALID_CONFIGURATION);
    }

    @Test
    void findWhenTwoProvidersAnswerToTheNameThenInvalidConfigurationNamingBoth() throws Exception {
        ClassLoader loader = registering(Named.class.getName(), NamedToo.class.getName());

        assertThatThrownBy(() -> LoginStateStores.find("shared", loader)).isInstanceOf(EcpConfigurationException.class)
                .hasMessageContaining(Named.class.getName()).hasMessageContaining(NamedToo.class.getName());
        assertThat(LoginStateStores.find("other", loader)).isEmpty();
    }

    /** A provider called "shared". */
    public static class Named implements LoginStateStores {
        @Override
        public String name() {
            return "shared";
        }

        @Override
        public java.util.Set<String> settingNames() {
            return java.util.Set.of();
        }

        @Override
        public LoginStateStore open(java.util.Map<String, String> settings, java.time.Clock clock) {
            throw new UnsupportedOperationException();
        }
    }

    /** Another provider, of another class, also called "shared". */
    public static class NamedToo extends Named {
    }
}
