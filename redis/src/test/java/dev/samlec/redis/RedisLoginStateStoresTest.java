package dev.samlec.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.service.LoginStateStore;
import dev.samlec.mech.service.LoginStateStores;
import dev.samlec.mech.service.ReplayCache.Outcome;
import dev.samlec.redis.testing.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code redis} provider of the login state store SPI: found by ServiceLoader, strict settings, AUTH from a file.
 */
class RedisLoginStateStoresTest {
    @TempDir
    Path dir;

    @Test
    void findWhenSamlecRedisOnClassPathThenRedisProvider() throws Exception {
        assertThat(LoginStateStores.find("redis", getClass().getClassLoader())).get()
                .isInstanceOf(RedisLoginStateStores.class);
        assertThat(LoginStateStores.find("memcached", getClass().getClassLoader())).isEmpty();
    }

    @Test
    void openWhenPasswordFromFileThenStoresAgainstRealRedisRequiringIt() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.startPlain("--requirepass", "file-pw")) {
            Path pw = Files.writeString(dir.resolve("pw"), "file-pw\r\n");
            Map<String, String> settings = Map.of("uri", redis.uri().toString(), "keyPrefix", "spi:",
                    "passwordFile", pw.toString(), "commandTimeout", "PT1S");
            try (LoginStateStore store = new RedisLoginStateStores().open(settings, Clock.systemUTC())) {
                assertThat(store.replayCache().record("idp!_spi", Clock.systemUTC().instant().plusSeconds(60)))
                        .isEqualTo(Outcome.STORED);
            }
        }
    }

    @Test
    void settingsWhenUnknownMissingOrBadThenInvalidConfigurationNamingTheSetting() throws Exception {
        Map<String, String> good = Map.of("uri", "redis://127.0.0.1:6379", "keyPrefix", "p:");
        assertThat(RedisLoginStateStores.settings(good).keyPrefix()).isEqualTo("p:");

        assertThatThrownBy(() -> RedisLoginStateStores.settings(with(good, "password", "x")))
                .isInstanceOf(EcpConfigurationException.class).hasMessageStartingWith("unknown redis store setting")
                .hasMessageNotContaining(": x");
        assertThatThrownBy(() -> RedisLoginStateStores.settings(with(good, "keyPrefix", null)))
                .hasMessageStartingWith("keyPrefix is required");
        assertThatThrownBy(() -> RedisLoginStateStores.settings(with(good, "uri", null)))
                .hasMessageStartingWith("uri is required");
        assertThatThrownBy(() -> RedisLoginStateStores.settings(with(good, "commandTimeout", "500")))
                .hasMessageStartingWith("commandTimeout must be an ISO-8601 duration");
        assertThatThrownBy(() -> RedisLoginStateStores.settings(with(good, "connectTimeout", "PT0S")))
                .hasMessageStartingWith("connectTimeout must be between");
        assertThatThrownBy(() -> RedisLoginStateStores.settings(with(good, "allowInsecure", "yes")))
                .hasMessageStartingWith("allowInsecure must be true or false");
        assertThatThrownBy(() -> RedisLoginStateStores.settings(with(good, "username", "u")))
                .hasMessageStartingWith("username needs passwordFile");
        assertThatThrownBy(() -> RedisLoginStateStores.settings(with(with(good, "uri", "rediss://127.0.0.1:6380"),
                "trustedCertificates", dir.resolve("none.pem").toString())))
                .hasMessageStartingWith("trustedCertificates: cannot read");
        assertThatThrownBy(() -> RedisLoginStateStores.settings(with(good, "uri", "redis://redis.example.org")))
                .hasMessageContaining("has no TLS");
        assertThat(RedisLoginStateStores.settings(with(with(good, "uri", "redis://redis.example.org"),
                "allowInsecure", "true")).uri().getHost()).isEqualTo("redis.example.org");
    }

    @Test
    void readPasswordWhenFileEmptyMultiLineOrMissingThenRefusedWithoutShowingIt() throws Exception {
        assertThat(RedisLoginStateStores.readPassword(Files.writeString(dir.resolve("a"), "s3cret\n")))
                .containsExactly("s3cret".toCharArray());
        assertThat(RedisLoginStateStores.readPassword(Files.writeString(dir.resolve("b"), "pässwörd")))
                .containsExactly("pässwörd".toCharArray());
        assertThatThrownBy(() -> RedisLoginStateStores.readPassword(Files.writeString(dir.resolve("c"), "\n")))
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> RedisLoginStateStores.readPassword(Files.writeString(dir.resolve("d"),
                "line1\nline2\n"))).hasMessageContaining("more than one line").hasMessageNotContaining("line1");
        assertThatThrownBy(() -> RedisLoginStateStores.readPassword(Files.write(dir.resolve("e"),
                new byte[] {(byte) 0xff, (byte) 0xfe}))).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> RedisLoginStateStores.readPassword(dir.resolve("absent")))
                .hasMessageStartingWith("passwordFile: cannot read");
        assertThatThrownBy(() -> RedisLoginStateStores.readPassword(Files.write(dir.resolve("f"),
                "x".repeat(5000).getBytes(StandardCharsets.UTF_8)))).hasMessageContaining("longer than");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new HashMap<>(base);
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return m;
    }
}
