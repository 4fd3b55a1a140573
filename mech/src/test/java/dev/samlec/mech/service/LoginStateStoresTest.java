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

    private ClassLoader registering(String providerClass) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(LoginStateStores.class.getName()), providerClass + "\n");
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
}
