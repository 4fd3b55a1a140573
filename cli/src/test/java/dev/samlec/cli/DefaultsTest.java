package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@link Defaults} looks and what it accepts. */
class DefaultsTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        Defaults.environment = Defaults.SYSTEM_ENVIRONMENT;
    }

    @Test
    void loadWhenXdgConfigHomeHoldsSamlecConfigThenItsValuesWithoutComments() throws Exception {
        Path file = Files.createDirectories(dir.resolve("samlec")).resolve("config");
        Files.writeString(file, "# a comment\n\n  user = alice  \nidp-metadata=/etc/idp.xml\n");
        Defaults.environment = Map.of("XDG_CONFIG_HOME", dir.toString())::get;
        Defaults defaults = Defaults.load();
        assertThat(defaults.get("user")).contains("alice");
        assertThat(defaults.get("idp-metadata")).contains("/etc/idp.xml");
        assertThat(defaults.get("idp")).isEmpty();
        assertThat(defaults.source()).isEqualTo(file.toString());
    }

    @Test
    void loadWhenNoFileAndNoVariablesThenNoDefaults() throws Exception {
        Defaults.environment = Map.of("XDG_CONFIG_HOME", dir.resolve("none").toString())::get;
        assertThat(Defaults.load().get("idp")).isEmpty();
    }

    @Test
    void loadWhenEnvironmentIdpMetadataThenTheFilesIdpIsDropped() throws Exception {
        Path file = Files.writeString(dir.resolve("config"), "idp=https://idp.example/sso\nuser=alice\n");
        Defaults.environment = Map.of("SAMLEC_CONFIG", file.toString(), "SAMLEC_IDP_METADATA", "/md.xml")::get;
        Defaults defaults = Defaults.load();
        assertThat(defaults.get("idp")).isEmpty();
        assertThat(defaults.get("idp-metadata")).contains("/md.xml");
        assertThat(defaults.get("user")).contains("alice");
    }

    @Test
    void loadWhenLineHasNoEqualsThenUsageErrorNamingTheLine() throws Exception {
        Path file = Files.writeString(dir.resolve("config"), "user=alice\njust words\n");
        Defaults.environment = Map.of("SAMLEC_CONFIG", file.toString())::get;
        UsageException e = catchThrowableOfType(Defaults::load, UsageException.class);
        assertThat(e).hasMessageContaining("line 2: expected key=value");
    }
}
