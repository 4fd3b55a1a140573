package dev.samlec.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import dev.samlec.mech.testing.HostileXml;
import dev.samlec.sasl.SamlecSasl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Security;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 through a real broker: a hostile client's SASL bytes and a hostile IdP behind a genuine client each end
 * the connection's authentication with a samlec code, and the broker keeps authenticating genuine clients.
 */
class KafkaHostilePeersTest {
    private static final String DEEP = HostileXml.deepEnvelope("");
    private static SamlKafkaFixture fixture;
    private static HttpServer hostileIdp;
    /** The hostile client's first message. */
    private static volatile String initialResponse = "n,,,,";

    @BeforeAll
    static void start() throws Exception {
        fixture = new SamlKafkaFixture();
        hostileIdp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hostileIdp.createContext("/ecp", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = DEEP.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        hostileIdp.start();
    }

    @AfterAll
    static void stop() {
        if (hostileIdp != null) {
            hostileIdp.stop(0);
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void brokerWhenClientAnswersTheChallengeThousandsDeepThenXmlTooDeepAndGenuineClientsStillLogIn() {
        Provider hostile = new HostileClientProvider();
        Security.insertProviderAt(hostile, 1);
        try (KafkaProducer<String, String> producer = producer(fixture.plainClient(SamlKafkaFixture.SAML_MAIL,
                SamlKafkaFixture.user("alice", "alicepw")))) {
            Throwable failure = catchThrowable(() -> producer.send(new ProducerRecord<>(SamlKafkaFixture.LOAD, "x"))
                    .get(60, TimeUnit.SECONDS));

            assertThat(failure).hasCauseInstanceOf(SaslAuthenticationException.class);
            assertThat(failure.getCause()).hasMessageContaining("SAML20EC login refused: xml_too_deep");
        } finally {
            Security.removeProvider(hostile.getName());
        }
        assertGenuineProducerWorks();
    }

    /**
     * Decision D4: Kafka gives a SaslServer no SSLSession, so a broker cannot check a holder-of-key assertion and
     * refuses {@code hok} in the first message, before any request is issued (else the deep answer would be read).
     */
    @Test
    void brokerWhenClientOffersHolderOfKeyThenRefusedAtTheFirstMessage() {
        Provider hostile = new HostileClientProvider();
        Security.insertProviderAt(hostile, 1);
        initialResponse = "n,,urn:oasis:names:tc:SAML:2.0:cm:holder-of-key,,";
        try (KafkaProducer<String, String> producer = producer(fixture.plainClient(SamlKafkaFixture.SAML_MAIL,
                SamlKafkaFixture.user("alice", "alicepw")))) {
            Throwable failure = catchThrowable(() -> producer.send(new ProducerRecord<>(SamlKafkaFixture.LOAD, "x"))
                    .get(60, TimeUnit.SECONDS));

            assertThat(failure).hasCauseInstanceOf(SaslAuthenticationException.class);
            assertThat(failure.getCause()).hasMessageContaining("SAML20EC login refused: invalid_subject_confirmation");
        } finally {
            initialResponse = "n,,,,";
            Security.removeProvider(hostile.getName());
        }
    }

    @Test
    void clientWhenIdpAnswersThousandsDeepThenTheClientReportsItsCode() {
        Map<String, Object> config = fixture.plainClient(SamlKafkaFixture.SAML_MAIL,
                "username=\"alice\" password=\"alicepw\" checkCredentials=\"false\" allowInsecureHttp=\"true\"");
        config.put("sasl.jaas.config", ((String) config.get("sasl.jaas.config")).replaceFirst("idpUrl=\"[^\"]*\"",
                "idpUrl=\"http://127.0.0.1:" + hostileIdp.getAddress().getPort() + "/ecp\""));
        try (KafkaProducer<String, String> producer = producer(config)) {
            Throwable failure = catchThrowable(() -> producer.send(new ProducerRecord<>(SamlKafkaFixture.LOAD, "x"))
                    .get(60, TimeUnit.SECONDS));

            assertThat(failure).hasCauseInstanceOf(SaslAuthenticationException.class);
            assertThat(failure.getCause()).hasMessageContaining("idp_bad_content: ");
        }
        assertGenuineProducerWorks();
    }

    private static void assertGenuineProducerWorks() {
        try (KafkaProducer<String, String> producer = producer(fixture.plainClient(SamlKafkaFixture.SAML_REAUTH,
                SamlKafkaFixture.user("alice", "alicepw")))) {
            Throwable failure = catchThrowable(() -> producer.send(new ProducerRecord<>(SamlKafkaFixture.LOAD,
                    "genuine")).get(60, TimeUnit.SECONDS));

            assertThat(failure).as("a genuine login after the hostile one").isNull();
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> config) {
        config.put("acks", "all");
        config.put("max.block.ms", "30000");
        config.put("delivery.timeout.ms", "30000");
        config.put("request.timeout.ms", "20000");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** A provider whose SAML20EC client sends a genuine initial response, then a hostile answer. */
    private static final class HostileClientProvider extends Provider {
        private static final long serialVersionUID = 1L;

        HostileClientProvider() {
            super("samlec-hostile-test", "1", "a hostile SAML20EC client for tests");
            putService(new Service(this, "SaslClientFactory", SamlecSasl.SAML20EC, HostileFactory.class.getName(),
                    null, null) {
                @Override
                public Object newInstance(Object constructorParameter) {
                    return new HostileFactory();
                }
            });
        }
    }

    private static final class HostileFactory implements SaslClientFactory {
        @Override
        public SaslClient createSaslClient(String[] mechanisms, String authorizationId, String protocol,
                String serverName, Map<String, ?> props, CallbackHandler cbh) {
            return new SaslClient() {
                private int round;

                @Override
                public String getMechanismName() {
                    return SamlecSasl.SAML20EC;
                }

                @Override
                public boolean hasInitialResponse() {
                    return true;
                }

                @Override
                public byte[] evaluateChallenge(byte[] challenge) {
                    return (round++ == 0 ? initialResponse : DEEP).getBytes(StandardCharsets.UTF_8);
                }

                @Override
                public boolean isComplete() {
                    return round > 1;
                }

                @Override
                public byte[] unwrap(byte[] incoming, int offset, int len) throws SaslException {
                    throw new SaslException("no security layer");
                }

                @Override
                public byte[] wrap(byte[] outgoing, int offset, int len) throws SaslException {
                    throw new SaslException("no security layer");
                }

                @Override
                public Object getNegotiatedProperty(String propName) {
                    return Sasl.QOP.equals(propName) ? "auth" : null;
                }

                @Override
                public void dispose() {
                }
            };
        }

        @Override
        public String[] getMechanismNames(Map<String, ?> props) {
            return new String[] {SamlecSasl.SAML20EC};
        }
    }
}
