package dev.samlec.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.jaas.SamlecLoginModule;
import dev.samlec.sasl.SamlecCredential;
import dev.samlec.testkit.DemoIdp;
import java.util.List;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import org.junit.jupiter.api.Test;

/** The Kafka login logs the user in at the IdP and, when Kafka closes it, logs out and destroys the credential. */
class SamlecKafkaLoginTest {
    @Test
    void closeWhenLoggedInThenCredentialDestroyedAndRemoved() throws Exception {
        try (DemoIdp idp = DemoIdp.start()) {
            idp.registerServiceProvider("urn:test:kafka", List.of("kafka@localhost"));
            Configuration configuration = new Configuration() {
                @Override
                public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                    return new AppConfigurationEntry[] {new AppConfigurationEntry(SamlecLoginModule.class.getName(),
                            LoginModuleControlFlag.REQUIRED, Map.of("idpUrl", idp.ssoUrl().toString(),
                                    "allowInsecureHttp", "true", "username", "carol", "password", "carolpw",
                                    "checkServiceEntityId", "urn:test:kafka", "checkServiceName", "kafka@localhost"))};
                }
            };
            SamlecKafkaLogin login = new SamlecKafkaLogin();
            login.configure(Map.of(), "KafkaClient", configuration, null);

            login.login();
            SamlecCredential credential = login.subject().getPrivateCredentials(SamlecCredential.class).iterator()
                    .next();
            login.close();

            assertThat(credential.isDestroyed()).isTrue();
            assertThat(login.subject()).isNull();
            assertThat(login.serviceName()).isEqualTo("kafka");
        }
    }
}
