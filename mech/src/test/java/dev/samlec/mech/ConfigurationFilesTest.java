package dev.samlec.mech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationFilesTest {
    @TempDir
    Path dir;

    @Test
    void readWhenRegularFileWithinTheBoundThenItsBytes() throws Exception {
        Path file = Files.write(dir.resolve("a"), new byte[] {1, 2, 3});

        assertThat(ConfigurationFiles.read(file, 3, "option x")).containsExactly(1, 2, 3);
    }

    @Test
    void readWhenLargerThanTheBoundThenRefusedNamingTheOption() throws Exception {
        Path file = Files.write(dir.resolve("big"), new byte[4]);

        assertThatThrownBy(() -> ConfigurationFiles.read(file, 3, "option x"))
                .isInstanceOf(EcpConfigurationException.class)
                .hasMessage("option x: larger than 3 bytes, not a file of this kind (value: " + file + ")");
    }

    @Test
    void readWhenDeviceOrDirectoryOrMissingThenRefusedWithoutReading() {
        assertThatThrownBy(() -> ConfigurationFiles.read(Path.of("/dev/zero"), 3, "option x"))
                .hasMessageStartingWith("option x: not a regular file");
        assertThatThrownBy(() -> ConfigurationFiles.read(dir, 3, "option x"))
                .hasMessageStartingWith("option x: not a regular file");
        assertThatThrownBy(() -> ConfigurationFiles.read(dir.resolve("none"), 3, "option x"))
                .hasMessageStartingWith("option x: no such file");
    }

    @Test
    void pemWhenKeyBlockIsNotBase64ThenConfigurationErrorNamingTheSource() {
        assertThatThrownBy(() -> Pem.parsePrivateKey("-----BEGIN PRIVATE KEY-----\nA\n-----END PRIVATE KEY-----\n",
                "key.pem")).isInstanceOf(EcpConfigurationException.class)
                .hasMessageStartingWith("key.pem: a PRIVATE KEY block is not valid base64");
    }
}
