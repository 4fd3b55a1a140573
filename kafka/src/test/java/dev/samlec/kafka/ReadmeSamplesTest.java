package dev.samlec.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README shows the broker and client configuration exactly as the broker tests load it. */
class ReadmeSamplesTest {
    @ParameterizedTest
    @ValueSource(strings = {"broker-sasl-ssl.properties", "client-sasl-ssl.properties"})
    void readmeWhenShowingKafkaConfigurationThenSameTextAsTheTestedSample(String sample) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));

        assertThat(readme).contains("```properties\n" + SamlKafkaFixture.sampleText(sample) + "```");
    }
}
