package dev.samlec.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.security.auth.login.FailedLoginException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Kafka broker (KRaft, in this JVM, port 0) and real producers and consumers configured only through
 * properties and {@code sasl.jaas.config}, logging in through the demo IdP over HTTPS.
 */
class KafkaBrokerLoginTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static SamlKafkaFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new SamlKafkaFixture();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void produceAndConsumeWhenAliceOverSaslSslThenRecordRoundTrips() throws Exception {
        try (KafkaProducer<String, String> producer = producer(fixture.sslClient("alice", "alicepw"))) {
            producer.send(new ProducerRecord<>(SamlKafkaFixture.ORDERS, "k", "order 1 from alice"))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        Map<String, Object> config = fixture.sslClient("alice", "alicepw");
        config.put("group.id", SamlKafkaFixture.GROUP);
        config.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = consumer(config)) {
            consumer.subscribe(List.of(SamlKafkaFixture.ORDERS));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
            assertThat(values).contains("order 1 from alice");
        }
    }

    @Test
    void produceWhenBobHasNoAclOnTopicThenTopicAuthorizationFailed() {
        try (KafkaProducer<String, String> producer = producer(fixture.sslClient("bob", "bobpw"))) {
            Throwable failure = catchThrowable(() -> producer.send(new ProducerRecord<>(SamlKafkaFixture.ORDERS,
                    "not allowed")).get(WAIT.toSeconds(), TimeUnit.SECONDS));

            assertThat(failure).hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void produceWhenListenerNamesUsersByMailThenAclsNameTheMailAddress() throws Exception {
        Map<String, Object> byMail = fixture.plainClient(SamlKafkaFixture.SAML_MAIL,
                SamlKafkaFixture.user("bob", "bobpw"));
        try (KafkaProducer<String, String> producer = producer(byMail)) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(SamlKafkaFixture.MAIL_ORDERS, "from bob"))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(sent.topic()).isEqualTo(SamlKafkaFixture.MAIL_ORDERS);
        }
        // The same user named by NameID (User:bob) on the other listener is not User:bob@samlec.dev.
        try (KafkaProducer<String, String> producer = producer(fixture.sslClient("bob", "bobpw"))) {
            Throwable failure = catchThrowable(() -> producer.send(new ProducerRecord<>(
                    SamlKafkaFixture.MAIL_ORDERS, "as User:bob")).get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertThat(failure).hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void produceWhenUserLogsInAtIdpWithClientCertificateThenNoPasswordNeeded() throws Exception {
        Map<String, Object> config = fixture.plainClient(SamlKafkaFixture.SAML_REAUTH,
                fixture.certificateUser("carol"));
        try (KafkaProducer<String, String> producer = producer(config)) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(SamlKafkaFixture.LOAD, "carol by certificate"))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(sent.topic()).isEqualTo(SamlKafkaFixture.LOAD);
        }
    }

    @Test
    void loginWhenPasswordWrongThenClientStartFailsWithSamlecCode() {
        Throwable failure = catchThrowable(() -> producer(fixture.sslClient("alice", "wrong")).close());

        assertThat(failure).isInstanceOf(KafkaException.class).hasStackTraceContaining(
                FailedLoginException.class.getName() + ": idp_authentication_failed: ");
    }

    @Test
    void produceWhenPasswordWrongAndNotCheckedAtLoginThenSaslAuthenticationExceptionWithSamlecCode() {
        Map<String, Object> config = fixture.plainClient(SamlKafkaFixture.SAML_MAIL,
                "username=\"alice\" password=\"wrong\" checkCredentials=\"false\"");
        try (KafkaProducer<String, String> producer = producer(config)) {
            Throwable failure = catchThrowable(() -> producer.send(new ProducerRecord<>(SamlKafkaFixture.LOAD,
                    "never sent")).get(WAIT.toSeconds(), TimeUnit.SECONDS));

            assertThat(failure).hasCauseInstanceOf(SaslAuthenticationException.class);
            assertThat(failure.getCause()).as("the client's own reason, not the broker's echo")
                    .hasMessageContaining("idp_authentication_failed: ").hasMessageContaining("user alice");
        }
    }

    @Test
    void produceWhenIdpUnreachableThenKafkaRetriesTheConnectionInsteadOfFailingTheLogin() throws Exception {
        int deadPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        Map<String, Object> config = fixture.plainClient(SamlKafkaFixture.SAML_MAIL,
                "username=\"alice\" password=\"alicepw\" checkCredentials=\"false\"");
        config.put("sasl.jaas.config", ((String) config.get("sasl.jaas.config")).replace(
                fixture.idp.ssoUrl().toString(), "https://127.0.0.1:" + deadPort + "/idp/profile/SAML2/SOAP/ECP"));
        try (KafkaProducer<String, String> producer = producer(config, "4000")) {
            Throwable failure = catchThrowable(() -> producer.send(new ProducerRecord<>(SamlKafkaFixture.LOAD,
                    "waits for the IdP")).get(WAIT.toSeconds(), TimeUnit.SECONDS));

            // a network failure Kafka keeps retrying (the send gives up at max.block.ms), not a refused login
            assertThat(failure).hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class)
                    .hasMessageContaining("not present in metadata after 4000 ms");
            assertThat(metric(producer.metrics(), "failed-authentication-total")).isZero();
            assertThat(metric(producer.metrics(), "connection-creation-total")).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void sessionWhenBrokerLimitsItThenClientReauthenticatesWithoutNewLogin() throws Exception {
        Map<String, Object> config = fixture.plainClient(SamlKafkaFixture.SAML_REAUTH,
                SamlKafkaFixture.user("carol", "carolpw"));
        long assertionsBefore = fixture.idp.assertionCount();
        try (KafkaProducer<String, String> producer = producer(config)) {
            long until = System.nanoTime() + Duration.ofMillis(SamlKafkaFixture.REAUTH_MS * 4).toNanos();
            int sent = 0;
            while (System.nanoTime() < until) {
                producer.send(new ProducerRecord<>(SamlKafkaFixture.REAUTH, "record " + sent++))
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
                Thread.sleep(100);
            }

            assertThat(metric(producer.metrics(), "successful-reauthentication-total")).isGreaterThanOrEqualTo(2);
            assertThat(metric(producer.metrics(), "failed-reauthentication-total")).isZero();
            // one login check, at least one first authentication, then a fresh assertion for every re-authentication
            assertThat(fixture.idp.assertionCount() - assertionsBefore).isGreaterThanOrEqualTo(
                    2 + (long) metric(producer.metrics(), "successful-reauthentication-total"));
        }
    }

    @Test
    void produceWhenTwentyClientsAtOnceThenAllAuthenticate() throws Exception {
        List<String> users = List.of("alice", "bob", "carol");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<RecordMetadata>> clients = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String user = users.get(i % users.size());
                int n = i;
                clients.add(() -> {
                    try (KafkaProducer<String, String> producer = producer(fixture.sslClient(user, user + "pw"))) {
                        return producer.send(new ProducerRecord<>(SamlKafkaFixture.LOAD, user, "client " + n))
                                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    }
                });
            }
            List<RecordMetadata> results = new ArrayList<>();
            for (Future<RecordMetadata> result : pool.invokeAll(clients, 2, TimeUnit.MINUTES)) {
                results.add(result.get());
            }
            assertThat(results).hasSize(20).allSatisfy(m -> assertThat(m.topic()).isEqualTo(SamlKafkaFixture.LOAD));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void clientWhenOwnJvmConfiguredByPropertiesFileOnlyThenSamlec20EcFoundThroughSecurityProviders()
            throws Exception {
        Properties config = new Properties();
        config.putAll(fixture.sslClient("alice", "alicepw"));
        config.put("max.block.ms", "20000");
        Path file = fixture.dir.resolve("alice-client.properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            config.store(out, null);
        }
        Properties withoutProvider = new Properties();
        withoutProvider.putAll(config);
        withoutProvider.remove("security.providers");
        withoutProvider.put("max.block.ms", "5000");
        Path without = fixture.dir.resolve("no-provider.properties");
        try (Writer out = Files.newBufferedWriter(without)) {
            withoutProvider.store(out, null);
        }

        String sent = runClientJvm(file);
        String unknown = runClientJvm(without);

        assertThat(sent).startsWith("0\n").contains("sent to " + SamlKafkaFixture.LOAD + "-0@");
        // without security.providers the JVM has no SAML20EC: Kafka cannot even create the client side
        assertThat(unknown).startsWith("1\n").contains("Failed to create SaslClient with mechanism SAML20EC");
    }

    /** Runs {@link PlainKafkaProducerMain} in a new JVM; returns its exit code, a newline and its output. */
    private static String runClientJvm(Path properties) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", PlainKafkaProducerMain.class.getName(),
                properties.toString(), SamlKafkaFixture.LOAD).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as(out).isTrue();
        return process.exitValue() + "\n" + out;
    }

    private static double metric(Map<MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream().filter(e -> e.getKey().name().equals(name)
                && e.getKey().group().equals("producer-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> config) {
        return producer(config, "30000");
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> config, String maxBlockMs) {
        config.put("acks", "all");
        config.put("max.block.ms", maxBlockMs);
        config.put("delivery.timeout.ms", "30000");
        config.put("request.timeout.ms", "20000");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
