package dev.samlec.mech.internal.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenSamlProviderTable} is exactly what OpenSAML's provider files on the class path say: after an OpenSAML
 * upgrade this fails and writes the new source to {@code target/OpenSamlProviderTable.java}, to copy over the one in
 * {@code src/main}.
 */
class OpenSamlProviderTableTest {
    private static final Path SOURCE = Path.of("src/main/java/dev/samlec/mech/internal/xml/OpenSamlProviderTable.java");

    @Test
    void tableWhenComparedWithOpenSamlsFilesThenTheSame() throws Exception {
        String expected = ProviderTableSource.generate();
        String actual = Files.readString(SOURCE);
        if (!expected.equals(actual)) {
            Path fresh = Path.of("target", "OpenSamlProviderTable.java");
            Files.writeString(fresh, expected);
            assertThat(actual).as("%s is out of date; the source generated from OpenSAML's files is in %s", SOURCE,
                    fresh.toAbsolutePath()).isEqualTo(expected);
        }
    }
}
