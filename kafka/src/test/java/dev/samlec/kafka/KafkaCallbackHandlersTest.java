package dev.samlec.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.NameId;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.sasl.IdpCallback;
import dev.samlec.sasl.SamlecAuthorizeCallback;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecCredential;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslException;
import dev.samlec.sasl.SubjectAccess;
import java.io.IOException;
import java.net.URI;
import java.security.Security;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.Sasl;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.internals.SecurityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The callback handlers' start-up checks and decisions, and the provider as Kafka installs it. */
class KafkaCallbackHandlersTest {
    private static final String MODULE = "dev.samlec.jaas.SamlecLoginModule";

    @BeforeEach
    @AfterEach
    void removeProvider() {
        Security.removeProvider(SamlecKafkaProvider.NAME);
    }

    @Test
    void configureWhenPlusThenBothHandlersExplainWhyKafkaCannotBindChannels() {
        assertThatThrownBy(() -> new SamlecServerCallbackHandler().configure(Map.of(), SamlecSasl.SAML20EC_PLUS,
                acceptorEntry())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("SAML20EC-PLUS cannot be used with Kafka")
                .hasMessageContaining("neither the TLS session nor its channel binding data");
        assertThatThrownBy(() -> new SamlecClientCallbackHandler().configure(Map.of(), SamlecSasl.SAML20EC_PLUS,
                initiatorEntry())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("SAML20EC-PLUS cannot be used with Kafka");
    }

    @Test
    void configureWhenAcceptorAcceptsHolderOfKeyThenRefusedExplainingWhy() {
        List<AppConfigurationEntry> holderOfKey = List.of(new AppConfigurationEntry(MODULE,
                LoginModuleControlFlag.REQUIRED, Map.of("isInitiator", "false", "confirmationMethods",
                "bearer,holder-of-key")));

        assertThatThrownBy(() -> new SamlecServerCallbackHandler().configure(Map.of(), SamlecSasl.SAML20EC,
                holderOfKey)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(KafkaSetupChecks.NO_HOLDER_OF_KEY);
    }

    @Test
    void configureWhenInitiatorAsksForHolderOfKeyThenRefusedExplainingWhy() {
        List<AppConfigurationEntry> holderOfKey = List.of(new AppConfigurationEntry(MODULE,
                LoginModuleControlFlag.REQUIRED, Map.of("holderOfKey", "true", "keyStore", "alice.p12")));
        List<AppConfigurationEntry> explicitlyOff = List.of(new AppConfigurationEntry(MODULE,
                LoginModuleControlFlag.REQUIRED, Map.of("holderOfKey", "false")));

        assertThatThrownBy(() -> new SamlecClientCallbackHandler().configure(Map.of(), SamlecSasl.SAML20EC,
                holderOfKey)).isInstanceOf(ConfigException.class).hasMessageContaining("holderOfKey=true")
                .hasMessageContaining(KafkaSetupChecks.NO_HOLDER_OF_KEY);
        new SamlecClientCallbackHandler().configure(Map.of(), SamlecSasl.SAML20EC, explicitlyOff);
    }

    @Test
    void configureWhenOtherMechanismThenRefused() {
        assertThatThrownBy(() -> new SamlecServerCallbackHandler().configure(Map.of(), "PLAIN", acceptorEntry()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("serve only the SAML20EC mechanism");
        assertThatThrownBy(() -> new SamlecClientCallbackHandler().configure(Map.of(), "GSSAPI", initiatorEntry()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("serve only the SAML20EC mechanism");
    }

    @Test
    void configureWhenJaasEntryIsNotSamlecOrWrongSideThenRefusedNamingTheSetting() {
        List<AppConfigurationEntry> plain = List.of(new AppConfigurationEntry(
                "org.apache.kafka.common.security.plain.PlainLoginModule", LoginModuleControlFlag.REQUIRED, Map.of()));

        assertThatThrownBy(() -> new SamlecClientCallbackHandler().configure(Map.of(), SamlecSasl.SAML20EC, plain))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sasl.jaas.config")
                .hasMessageContaining(MODULE + " required ...");
        assertThatThrownBy(() -> new SamlecServerCallbackHandler().configure(Map.of(), SamlecSasl.SAML20EC,
                initiatorEntry())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(MODULE + " required isInitiator=false");
        assertThatThrownBy(() -> new SamlecClientCallbackHandler().configure(Map.of(), SamlecSasl.SAML20EC,
                acceptorEntry())).isInstanceOf(ConfigException.class);
    }

    @Test
    void producerWhenJaasEntryIsNotSamlecThenConstructionFailsWithTheHandlersMessage() {
        Map<String, Object> config = Map.of("bootstrap.servers", "localhost:9", "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SAML20EC", "sasl.client.callback.handler.class",
                SamlecClientCallbackHandler.class.getName(), "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"a\" password=\"b\";");

        assertThatThrownBy(() -> new KafkaProducer<>(config, new StringSerializer(), new StringSerializer()).close())
                .isInstanceOf(KafkaException.class).hasStackTraceContaining("needs a JAAS entry");
    }

    @Test
    void configureWhenSamlecEntriesThenAccepted() {
        new SamlecServerCallbackHandler().configure(Map.of(), SamlecSasl.SAML20EC, acceptorEntry());
        new SamlecClientCallbackHandler().configure(Map.of(), SamlecSasl.SAML20EC, initiatorEntry());
    }

    @Test
    void authorizeWhenClientActsAsItselfThenAuthorizedAsItsName() throws Exception {
        SamlecAuthorizeCallback callback = new SamlecAuthorizeCallback("alice", "alice", identity("alice"));

        new SamlecServerCallbackHandler().handle(new Callback[] {callback});

        assertThat(callback.isAuthorized()).isTrue();
        assertThat(callback.getAuthorizedID()).isEqualTo("alice");
    }

    @Test
    void authorizeWhenClientAsksForAnotherIdentityThenRefused() throws Exception {
        SamlecAuthorizeCallback samlec = new SamlecAuthorizeCallback("alice", "admin", identity("alice"));
        AuthorizeCallback plain = new AuthorizeCallback("alice", "admin");

        new SamlecServerCallbackHandler().handle(new Callback[] {samlec, plain});

        assertThat(samlec.isAuthorized()).isFalse();
        assertThat(plain.isAuthorized()).isFalse();
    }

    @Test
    void authorizeWhenNameIsAnonymousBlankOrHasControlCharactersThenRefused() throws Exception {
        for (String name : List.of("ANONYMOUS", " ", "alice\nUser:admin")) {
            SamlecAuthorizeCallback callback = new SamlecAuthorizeCallback(name, name, identity("x"));

            new SamlecServerCallbackHandler().handle(new Callback[] {callback});

            assertThat(callback.isAuthorized()).as(name).isFalse();
        }
    }

    @Test
    void clientMessageWhenRefusedThenOnlyCodesReachTheClient() {
        assertThat(KafkaSaml20EcServer.clientMessage("SAML20EC", new SamlecSaslException(EcpError.CLIENT_SOAP_FAULT,
                "the client declined to log in and sent no assertion; its SOAP fault says 'samlec client: idp_authentication_failed'")))
                .isEqualTo("SAML20EC login refused: client_soap_fault (the client reported idp_authentication_failed)");
        assertThat(KafkaSaml20EcServer.clientMessage("SAML20EC", new SamlecSaslException(EcpError.CLIENT_SOAP_FAULT,
                "the client declined to log in and sent no assertion; its SOAP fault says 'samlec client: made_up_code'")))
                .isEqualTo("SAML20EC login refused: client_soap_fault");
        assertThat(KafkaSaml20EcServer.clientMessage("SAML20EC", new SamlecSaslException(
                EcpError.AUTHORIZATION_REFUSED, "'alice' (from https://idp) is not allowed to act as 'bob'")))
                .isEqualTo("SAML20EC login refused: authorization_refused");
    }

    @Test
    void handleWhenServerAskedSomethingElseThenUnsupported() {
        assertThatThrownBy(() -> new SamlecServerCallbackHandler().handle(new Callback[] {new NameCallback("x")}))
                .isInstanceOf(UnsupportedCallbackException.class);
    }

    @Test
    void idpCallbackWhenSubjectHoldsCredentialThenItsIdps() throws Exception {
        IdpEndpoint idp = IdpEndpoint.builder("https://idp.example.org", URI.create("https://idp.example.org/ecp"))
                .useSystemTrust()
                .build();
        Subject subject = new Subject();
        subject.getPrivateCredentials().add(new SamlecCredential("alice", List.of(idp)));
        IdpCallback callback = new IdpCallback("idp");

        SubjectAccess.callAs(subject, () -> {
            new SamlecClientCallbackHandler().handle(new Callback[] {callback});
            return null;
        });

        assertThat(callback.idps()).containsExactly(idp);
    }

    @Test
    void idpCallbackWhenSubjectHasNoLiveCredentialThenIoExceptionNamingTheFix() throws Exception {
        IdpEndpoint idp = IdpEndpoint.builder("https://idp.example.org", URI.create("https://idp.example.org/ecp"))
                .useSystemTrust()
                .build();
        SamlecCredential loggedOut = new SamlecCredential("alice", List.of(idp));
        loggedOut.destroy();
        Subject subject = new Subject();
        subject.getPrivateCredentials().add(loggedOut);

        assertThatThrownBy(() -> SubjectAccess.callAs(subject, () -> {
            new SamlecClientCallbackHandler().handle(new Callback[] {new IdpCallback("idp")});
            return null;
        })).isInstanceOf(IOException.class).hasMessageContaining("holds no live samlec credential");
        assertThatThrownBy(() -> new SamlecClientCallbackHandler().handle(new Callback[] {new IdpCallback("idp")}))
                .isInstanceOf(IOException.class).hasMessageContaining("without a Subject");
    }

    @Test
    void securityProvidersWhenConfiguredThenOnlySaml20EcFoundAndServerWrapped() throws Exception {
        assertThat(Security.getProvider(SamlecKafkaProvider.NAME)).isNull();

        SecurityUtils.addConfiguredSecurityProviders(Map.of("security.providers",
                SamlecSecurityProviderCreator.class.getName()));
        SecurityUtils.addConfiguredSecurityProviders(Map.of("security.providers",
                SamlecSecurityProviderCreator.class.getName()));

        assertThat(Security.getProviders()).filteredOn(p -> p.getName().equals(SamlecKafkaProvider.NAME)).hasSize(1);
        assertThat(Security.getProvider(SamlecKafkaProvider.NAME).getService("SaslClientFactory",
                SamlecSasl.SAML20EC)).isNotNull();
        assertThat(Security.getProvider(SamlecKafkaProvider.NAME).getService("SaslServerFactory",
                SamlecSasl.SAML20EC_PLUS)).isNull();
        assertThat(Sasl.createSaslClient(new String[] {SamlecSasl.SAML20EC}, null, "kafka", "localhost", Map.of(),
                null)).isNotNull();
        SamlecAcceptor acceptor = SamlecAcceptor.builder(ServiceProviderSettings.builder()
                .entityId("https://kafka.example.org/samlec").assertionConsumerServiceUrl("kafka@localhost")
                .idpTrust(IdpTrust.of("https://idp.example.org", List.of(TestCredentials.idp().certificate())))
                .build()).build();
        assertThat(Sasl.createSaslServer(SamlecSasl.SAML20EC, "kafka", "localhost",
                Map.of(SamlecSasl.ACCEPTOR, acceptor), new SamlecServerCallbackHandler()))
                .isInstanceOf(KafkaSaml20EcServer.class);
    }

    private static SamlIdentity identity(String name) {
        return SamlIdentity.builder().nameId(new NameId(name, null, null, null, null)).issuer("https://idp")
                .assertionId("_a").responseId("_r").expiry(Instant.now().plusSeconds(60)).build();
    }

    private static List<AppConfigurationEntry> acceptorEntry() {
        return List.of(new AppConfigurationEntry(MODULE, LoginModuleControlFlag.REQUIRED,
                Map.of("isInitiator", "false")));
    }

    private static List<AppConfigurationEntry> initiatorEntry() {
        return List.of(new AppConfigurationEntry(MODULE, LoginModuleControlFlag.REQUIRED, Map.of()));
    }
}
