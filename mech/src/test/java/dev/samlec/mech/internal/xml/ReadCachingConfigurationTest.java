package dev.samlec.mech.internal.xml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opensaml.core.config.ConfigurationService;
import org.opensaml.core.xml.config.XMLObjectProviderRegistry;

class ReadCachingConfigurationTest {
    /** A configuration class of this test only, so the test never changes what others read. */
    static final class Probe {
        final String name;

        Probe(String name) {
            this.name = name;
        }
    }

    @Test
    void getWhenRegisteredAfterAnEarlierReadThenTheNewValue() {
        OpenSaml.ensureInitialized();
        assertThat(ConfigurationService.get(Probe.class)).isNull();
        ConfigurationService.register(Probe.class, new Probe("first"));
        assertThat(ConfigurationService.get(Probe.class).name).isEqualTo("first");
        assertThat(ConfigurationService.get(Probe.class).name).isEqualTo("first");
        ConfigurationService.register(Probe.class, new Probe("second"));
        assertThat(ConfigurationService.get(Probe.class).name).isEqualTo("second");
        assertThat(ConfigurationService.deregister(Probe.class).name).isEqualTo("second");
        assertThat(ConfigurationService.get(Probe.class)).isNull();
    }

    @Test
    void installWhenInitializedThenOpenSamlsRegistrationsStillThereAndInstalledOnce() {
        OpenSaml.ensureInitialized();
        XMLObjectProviderRegistry registry = ConfigurationService.get(XMLObjectProviderRegistry.class);
        ReadCachingConfiguration.install();
        assertThat(ConfigurationService.get(XMLObjectProviderRegistry.class)).isSameAs(registry);
        assertThat(registry.getParserPool()).isSameAs(OpenSaml.parserPool());
    }
}
