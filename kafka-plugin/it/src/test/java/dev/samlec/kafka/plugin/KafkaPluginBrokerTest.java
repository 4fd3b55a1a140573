package dev.samlec.kafka.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoTls;
import dev.samlec.testkit.ServiceProviderRegistration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The plugin dir on a separately started Kafka: the node ({@code kafka.Kafka server.properties}, KRaft, formatted
 * with Kafka's storage tool) and Kafka's own console producer and consumer each run in their own JVM with Kafka's
 * Maven Central jars and only the plugin dir on the class path, configured by the README's property files
 * (broker: appended to server.properties; clients: {@code --command-config}). The demo IdP runs over HTTPS in this
 * JVM. ACLs as the README describes: only {@code User:alice} may write and read the topic.
 */
@Execution(ExecutionMode.CONCURRENT) // each test runs its own tool JVMs; running them side by side saves time
class KafkaPluginBrokerTest {
    private static final String TOPIC = "orders";
    private static final String GROUP = "order-readers";
    private static final String SERVICE_ENTITY_ID = "https://kafka.example.org/samlec";
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(90);

    private static Path dir;
    private static DemoIdp idp;
    private static KafkaInstallation kafka;
    private static ReadmeSamples samples;
    private static SeparateBroker broker;

    @BeforeAll
    static void start() throws Exception {
        long started = System.nanoTime();
        dir = Files.createTempDirectory("samlec-kafka-plugin-test");
        DemoTls tls = DemoTls.generate();
        tls.writeFiles(dir);
        idp = DemoIdp.builder().https(tls.serverKeyStore(), DemoTls.password()).start();
        idp.registerServiceProvider(ServiceProviderRegistration.builder(SERVICE_ENTITY_ID)
                .acsUrls(List.of("kafka@localhost")).build());
        Files.write(dir.resolve("idp-metadata.xml"), idp.metadata());
        kafka = KafkaInstallation.withPlugin();
        samples = new ReadmeSamples(dir, idp.ssoUrl().toString());
        broker = SeparateBroker.start(kafka, dir, samples.broker());
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
            List<AclBinding> acls = new ArrayList<>();
            for (AclOperation operation : List.of(AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE)) {
                acls.add(allowAlice(ResourceType.TOPIC, TOPIC, operation));
            }
            acls.add(allowAlice(ResourceType.GROUP, GROUP, AclOperation.READ));
            admin.createAcls(acls).all().get();
        }
        System.out.printf("broker formatted, started and configured in %d ms%n",
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    @AfterAll
    static void stop() {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            if (idp != null) {
                idp.close();
            }
            PluginBuild.deleteRecursively(dir);
        }
    }

    @Test
    void consoleProducerAndConsumerWhenAliceThenRecordRoundTrips() throws Exception {
        try (JavaProcess producer = consoleProducer("alice", "alicepw", "order 1 from alice\n")) {
            assertThat(producer.waitFor(TOOL_TIMEOUT)).as(producer.output()).isZero();
            assertThat(producer.output()).doesNotContain("ERROR", "Exception");
        }
        try (JavaProcess consumer = tool("console-consumer-alice", "org.apache.kafka.tools.consumer.ConsoleConsumer",
                List.of("--bootstrap-server", broker.samlBootstrap(), "--topic", TOPIC, "--group", GROUP,
                        "--from-beginning", "--max-messages", "1", "--timeout-ms", "60000",
                        "--command-config", clientConfig("alice", "alicepw").toString()), "")) {
            assertThat(consumer.waitFor(TOOL_TIMEOUT)).as(consumer.output()).isZero();
            assertThat(consumer.output()).contains("order 1 from alice", "Processed a total of 1 messages");
        }
        assertThat(broker.output()).contains("SAML20EC login accepted: nameId=\"alice\"").contains("user=\"User:alice\"");
    }

    @Test
    void consoleProducerWhenBobHasNoAclThenTopicAuthorizationFailed() throws Exception {
        try (JavaProcess producer = consoleProducer("bob", "bobpw", "not allowed\n")) {
            producer.waitFor(TOOL_TIMEOUT);

            assertThat(producer.output()).contains("TopicAuthorizationException")
                    .doesNotContain("SaslAuthenticationException");
        }
        assertThat(broker.output()).contains("SAML20EC login accepted: nameId=\"bob\"").contains("user=\"User:bob\"");
    }

    @Test
    void consoleProducerWhenPasswordWrongThenRefusedWithReadmeError() throws Exception {
        try (JavaProcess producer = consoleProducer("alice", "wrong", "never sent\n")) {
            assertThat(producer.waitFor(TOOL_TIMEOUT)).as(producer.output()).isNotZero();
            assertThat(producer.output()).contains("FailedLoginException: idp_authentication_failed: ");
        }
    }

    private static JavaProcess consoleProducer(String user, String password, String input) throws Exception {
        return tool("console-producer-" + user + "-" + password, "org.apache.kafka.tools.ConsoleProducer",
                List.of("--bootstrap-server", broker.samlBootstrap(), "--topic", TOPIC,
                        "--command-config", clientConfig(user, password).toString()), input);
    }

    private static JavaProcess tool(String name, String main, List<String> args, String stdin) throws Exception {
        return kafka.run(name, dir, List.of(), main, args, stdin);
    }

    private static Path clientConfig(String user, String password) throws Exception {
        Path file = dir.resolve(user + "-" + password + ".properties");
        Files.writeString(file, samples.client(broker.samlBootstrap(), user, password));
        return file;
    }

    private static AclBinding allowAlice(ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:alice", "*", operation, AclPermissionType.ALLOW));
    }
}
