package dev.samlec.examples;

import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoKafka;
import dev.samlec.testkit.DemoTls;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A Kafka broker that accepts federated SAML logins, and a producer and consumer that use one, in one process on
 * embedded defaults: the demo IdP over HTTPS, a KRaft broker whose SASL_SSL listener {@code SAML} offers
 * {@code SAML20EC}, and a {@code KafkaProducer}/{@code KafkaConsumer} pair configured only through properties
 * and {@code sasl.jaas.config}. An ACL lets only {@code User:alice} use the topic; bob is refused by it, and a
 * wrong password is refused at the IdP. Prints what happens (the broker logs each login with its principal) and
 * exits 0 on success.
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; java -cp examples/target/samlec-examples.jar dev.samlec.examples.KafkaExample
 * </pre>
 */
public final class KafkaExample {
    static final String TOPIC = "greetings";
    static final String GROUP = "greeting-readers";
    static final String SERVICE_ENTITY_ID = "https://kafka.example/samlec";
    /** {@code kafka@} and the host the clients connect to: what a Kafka client names the service. */
    static final String SERVICE_NAME = "kafka@localhost";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private KafkaExample() {
    }

    /** Runs the example; exits 0 when alice's record went through and both refusals happened. */
    public static void main(String[] args) {
        System.exit(run(System.out));
    }

    /** Runs the example, printing to {@code out}; returns the exit code. */
    public static int run(PrintStream out) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("samlec-kafka-example");
            DemoTls tls = DemoTls.generate();
            try (DemoIdp idp = DemoIdp.builder().https(tls.serverKeyStore(), DemoTls.password()).start()) {
                idp.registerServiceProvider(SERVICE_ENTITY_ID, List.of(SERVICE_NAME));
                Files.write(dir.resolve("idp-metadata.xml"), idp.metadata());
                tls.writeFiles(dir);
                try (DemoKafka kafka = startBroker(dir, SERVICE_ENTITY_ID, SERVICE_NAME)) {
                    out.println("== Kafka broker (KRaft) with SAML20EC on SASL_SSL at " + kafka.bootstrapServers("SAML")
                            + ", IdP at " + idp.ssoUrl());
                    allowOnly(kafka, "alice");
                    return clients(out, kafka, idp, dir);
                }
            }
        } catch (Exception e) {
            out.println("UNEXPECTED failure: " + e);
            return 1;
        } finally {
            delete(dir);
        }
    }

    private static int clients(PrintStream out, DemoKafka kafka, DemoIdp idp, Path dir) throws Exception {
        Properties alice = clientConfig(kafka, dir, demoLogin(idp, dir, "alice", "alicepw"));
        out.println("-- client configuration (properties only, no samlec code):");
        alice.stringPropertyNames().stream().sorted()
                .forEach(k -> out.println("   " + k + "=" + alice.getProperty(k).replace("alicepw", "***")));
        boolean ok = roundTrip(out, alice, "alice");
        ok &= refusedAsExpected(out, "bob (no ACL)", clientConfig(kafka, dir, demoLogin(idp, dir, "bob", "bobpw")),
                "TopicAuthorizationException");
        ok &= refusedAsExpected(out, "alice with a wrong password", clientConfig(kafka, dir,
                demoLogin(idp, dir, "alice", "wrong")), "idp_authentication_failed");
        out.println(ok ? "== example finished" : "UNEXPECTED outcome");
        return ok ? 0 : 1;
    }

    /** Produces a record as {@code user} and consumes it back in group {@value #GROUP}; true when it came back. */
    static boolean roundTrip(PrintStream out, Properties config, String user) throws Exception {
        String value = "hello from " + user;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, user, value)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            out.println("-- " + user + " produced '" + value + "' to " + TOPIC + " (the ACL allows only User:" + user
                    + ")");
        }
        Properties reader = new Properties();
        reader.putAll(config);
        reader.put("group.id", GROUP);
        reader.put("auto.offset.reset", "earliest");
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(reader, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (read.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    read.add(record.value());
                }
            }
        }
        out.println("-- " + user + " consumed " + read + " as User:" + user + " in group " + GROUP);
        return read.contains(value);
    }

    /** The JAAS options that log a user in at the demo IdP, trusting its CA. */
    private static String demoLogin(DemoIdp idp, Path dir, String user, String password) {
        return "idpUrl=\"" + idp.ssoUrl() + "\" idpTrustAnchors=\"" + dir.resolve("ca.pem") + "\" username=\"" + user
                + "\" password=\"" + password + "\" checkServiceEntityId=\"" + SERVICE_ENTITY_ID
                + "\" checkServiceName=\"" + SERVICE_NAME + "\"";
    }

    /**
     * The client configuration an application would put in a properties file: SASL_SSL to the {@code SAML}
     * listener (trusting the CA in {@code dir}), SAML20EC, and a SamlecLoginModule entry with these options.
     */
    static Properties clientConfig(DemoKafka kafka, Path dir, String loginOptions) {
        Properties config = new Properties();
        config.put("bootstrap.servers", kafka.bootstrapServers("SAML"));
        config.put("security.protocol", "SASL_SSL");
        config.put("ssl.truststore.type", "PKCS12");
        config.put("ssl.truststore.location", dir.resolve("ca.p12").toString());
        config.put("ssl.truststore.password", "changeit");
        config.put("sasl.mechanism", "SAML20EC");
        config.put("security.providers", "dev.samlec.kafka.SamlecSecurityProviderCreator");
        config.put("sasl.client.callback.handler.class", "dev.samlec.kafka.SamlecClientCallbackHandler");
        config.put("sasl.login.class", "dev.samlec.kafka.SamlecKafkaLogin");
        config.put("sasl.jaas.config", "dev.samlec.jaas.SamlecLoginModule required " + loginOptions + ";");
        config.put("max.block.ms", "30000");
        return config;
    }

    private static boolean refusedAsExpected(PrintStream out, String who, Properties config, String expected) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "should not arrive")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            out.println("UNEXPECTED: " + who + " could produce");
            return false;
        } catch (Exception e) {
            String chain = describe(e);
            out.println("-- " + who + ": refused as expected: " + chain);
            return chain.contains(expected);
        }
    }

    /**
     * A broker whose SASL_SSL listener {@code SAML} offers SAML20EC for this service, trusting the IdP described by
     * {@code dir/idp-metadata.xml}, with TLS material from {@link DemoTls#writeFiles} in {@code dir}.
     */
    static DemoKafka startBroker(Path dir, String serviceEntityId, String serviceName) throws Exception {
        return DemoKafka.builder().listener("SAML", "SASL_SSL")
                .config("security.providers", "dev.samlec.kafka.SamlecSecurityProviderCreator")
                .config("listener.name.saml.sasl.enabled.mechanisms", "SAML20EC")
                .config("listener.name.saml.saml20ec.sasl.server.callback.handler.class",
                        "dev.samlec.kafka.SamlecServerCallbackHandler")
                .config("listener.name.saml.saml20ec.sasl.jaas.config", "dev.samlec.jaas.SamlecLoginModule required"
                        + " isInitiator=false serviceEntityId=\"" + serviceEntityId + "\" serviceName=\""
                        + serviceName + "\" idpMetadata=\"" + dir.resolve("idp-metadata.xml") + "\";")
                .config("listener.name.saml.ssl.keystore.type", "PKCS12")
                .config("listener.name.saml.ssl.keystore.location", dir.resolve("server.p12").toString())
                .config("listener.name.saml.ssl.keystore.password", "changeit")
                .start();
    }

    /** Creates {@value #TOPIC} and lets only {@code User:<user>} write, read and use group {@value #GROUP}. */
    static void allowOnly(DemoKafka kafka, String user) throws Exception {
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
            List<AclBinding> acls = new ArrayList<>();
            for (AclOperation operation : List.of(AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE)) {
                acls.add(allow(user, ResourceType.TOPIC, TOPIC, operation));
            }
            acls.add(allow(user, ResourceType.GROUP, GROUP, AclOperation.READ));
            admin.createAcls(acls).all().get();
        }
    }

    private static AclBinding allow(String user, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    /** The exception and its causes, one line: what the application sees. */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(text.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName()).append(": ")
                    .append(t.getMessage());
        }
        return text.toString();
    }

    static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; nothing else to do
        }
    }
}
