package dev.samlec.kafka.plugin;

import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoTls;
import dev.samlec.testkit.ServiceProviderRegistration;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Figures for the README, not a test: what an IdP outage of 5 s and 30 s does to a running producer (a record
 * every 100 ms) and consumer, with Kafka's default client settings and with the README's recommended ones, on a
 * separately started broker (the plugin dir) whose SAML listener makes sessions re-authenticate every
 * {@value #REAUTH_MS} ms, so that every connection needs the IdP during the outage. Two kinds of outage: the IdP
 * is stopped (its port refuses connections), or replaced by a listener that accepts connections and never answers
 * (a hung IdP or load balancer; its connections are dropped when the IdP comes back); then the IdP is started again
 * on the same port. Also: a client that starts during the outage.
 *
 * <p>Run: {@code mvn -B verify -pl kafka-plugin/it -am -Dtest=IdpOutageBenchmark -Dsamlec.benchmark=true
 * -Dsurefire.failIfNoSpecifiedTests=false}; the figures are in
 * {@code kafka-plugin/it/target/surefire-reports/dev.samlec.kafka.plugin.IdpOutageBenchmark-output.txt}.
 */
@EnabledIfSystemProperty(named = "samlec.benchmark", matches = "true")
class IdpOutageBenchmark {
    private static final long REAUTH_MS = 3000;
    private static final String TOPIC = "orders";
    private static final String SERVICE_ENTITY_ID = "https://kafka.example.org/samlec";
    private static final Duration BEFORE = Duration.ofSeconds(5);
    private static final Duration AFTER = Duration.ofSeconds(15);

    /** The README's recommendation for clients (on top of the README's client sample). */
    static final Map<String, String> RECOMMENDED = Map.of(
            "dev.samlec.sasl.callTimeout", "PT5S",
            "reconnect.backoff.ms", "200",
            "reconnect.backoff.max.ms", "2000",
            "request.timeout.ms", "30000",
            "delivery.timeout.ms", "120000");

    @Test
    void outages() throws Exception {
        Path dir = Files.createTempDirectory("samlec-idp-outage");
        DemoTls tls = DemoTls.generate();
        tls.writeFiles(dir);
        RestartableIdp idp = new RestartableIdp(tls);
        Files.write(dir.resolve("idp-metadata.xml"), idp.metadata);
        ReadmeSamples samples = new ReadmeSamples(dir, idp.ssoUrl);
        List<String> table = new ArrayList<>();
        try (SeparateBroker broker = SeparateBroker.start(KafkaInstallation.withPlugin(), dir, samples.broker()
                + "\nlistener.name.saml.saml20ec.connections.max.reauth.ms=" + REAUTH_MS + "\n")) {
            try (Admin admin = broker.admin()) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
                List<AclBinding> acls = new ArrayList<>();
                for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE)) {
                    acls.add(allow(ResourceType.TOPIC, TOPIC, op));
                }
                acls.add(allow(ResourceType.GROUP, "*", AclOperation.READ));
                admin.createAcls(acls).all().get();
            }
            for (Outage kind : Outage.values()) {
                for (Duration outage : List.of(Duration.ofSeconds(5), Duration.ofSeconds(30))) {
                    for (boolean recommended : List.of(false, true)) {
                        table.add(run(broker, samples, idp, kind, outage, recommended));
                    }
                }
            }
        } finally {
            idp.stop();
            PluginBuild.deleteRecursively(dir);
        }
        System.out.println("| outage | client settings | producer: records failed / sent, longest ack wait |"
                + " consumer: poll exceptions, longest gap, first record after the IdP is back | reauth ok / failed |"
                + " client started in the outage |");
        table.forEach(System.out::println);
    }

    private static String run(SeparateBroker broker, ReadmeSamples samples, RestartableIdp idp, Outage kind,
            Duration outage, boolean recommended) throws Exception {
        Map<String, Object> config = client(samples, broker, "alice", recommended);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong longestAck = new AtomicLong();
        AtomicLong pollExceptions = new AtomicLong();
        AtomicLong longestGap = new AtomicLong();
        AtomicLong idpBack = new AtomicLong(Long.MAX_VALUE); // epoch ms when the IdP answers again
        AtomicLong firstAfterBack = new AtomicLong(-1); // ms from then to the consumer's first record
        String group = "outage-" + kind + outage.toSeconds() + (recommended ? "-rec" : "-def");
        Thread consumerThread = new Thread(() -> consume(config, group, running, pollExceptions, longestGap, idpBack,
                firstAfterBack));
        consumerThread.start();
        String lateStarter;
        long reauthOk;
        long reauthFailed;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            Thread producerThread = new Thread(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    sent.incrementAndGet();
                    producer.send(new ProducerRecord<>(TOPIC, Long.toString(System.currentTimeMillis())),
                            (m, e) -> {
                                if (e != null) {
                                    failed.incrementAndGet();
                                } else {
                                    longestAck.accumulateAndGet((System.nanoTime() - start) / 1_000_000,
                                            Math::max);
                                }
                            });
                    sleep(100);
                }
            });
            producerThread.start();
            sleep(BEFORE.toMillis());
            idp.stop(kind);
            // on its own thread: against a silent IdP the constructor's check may outlast the outage
            ExecutorService lateThread = Executors.newSingleThreadExecutor();
            Future<String> late = lateThread.submit(() -> lateStarter(client(samples, broker, "bob", recommended)));
            lateThread.shutdown();
            sleep(outage.toMillis());
            idp.start();
            idpBack.set(System.currentTimeMillis());
            sleep(AFTER.toMillis());
            lateStarter = late.get(2, TimeUnit.MINUTES);
            running.set(false);
            producerThread.join();
            producer.flush();
            reauthOk = (long) metric(producer.metrics(), "successful-reauthentication-total");
            reauthFailed = (long) metric(producer.metrics(), "failed-reauthentication-total");
        }
        consumerThread.join();
        return "| " + outage.toSeconds() + " s, " + kind.description + " | " + (recommended ? "recommended" : "defaults") + " | "
                + failed.get() + " / " + sent.get() + ", " + longestAck.get() + " ms | " + pollExceptions.get()
                + ", " + longestGap.get() + " ms, " + (firstAfterBack.get() < 0 ? "none" : firstAfterBack.get() + " ms")
                + " | " + reauthOk + " / " + reauthFailed + " | " + lateStarter + " |";
    }

    /**
     * A producer created while the IdP is down, for another user (Kafka shares one login among clients with the
     * same {@code sasl.jaas.config}; a new JVM would log in too): does its constructor fail?
     */
    private static String lateStarter(Map<String, Object> config) {
        long start = System.nanoTime();
        try {
            new KafkaProducer<>(config, new StringSerializer(), new StringSerializer()).close();
            return "starts";
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return "constructor fails after " + (System.nanoTime() - start) / 1_000_000 + " ms ("
                    + String.valueOf(root.getMessage()).split(":")[0] + ")";
        }
    }

    /**
     * Polls until {@code running} ends, counting exceptions, the longest gap between records, and how long after
     * {@code idpBack} (epoch ms) the first record came ({@code firstAfterBack}; -1: none before the end).
     */
    private static void consume(Map<String, Object> producerConfig, String group, AtomicBoolean running,
            AtomicLong pollExceptions, AtomicLong longestGap, AtomicLong idpBack, AtomicLong firstAfterBack) {
        Map<String, Object> config = new LinkedHashMap<>(producerConfig);
        config.put("group.id", group);
        config.put("auto.offset.reset", "latest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long last = 0;
            while (running.get()) {
                try {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        long now = System.currentTimeMillis();
                        if (last != 0) {
                            longestGap.accumulateAndGet(now - last, Math::max);
                        }
                        if (now >= idpBack.get() && firstAfterBack.get() < 0) {
                            firstAfterBack.set(now - idpBack.get());
                        }
                        last = now;
                    }
                } catch (RuntimeException e) {
                    pollExceptions.incrementAndGet();
                    System.out.println("consumer poll: " + e);
                    sleep(200);
                }
            }
        }
    }

    private static Map<String, Object> client(ReadmeSamples samples, SeparateBroker broker, String user,
            boolean recommended) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(samples.client(broker.samlBootstrap(), user, user + "pw")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(k -> config.put(k, properties.getProperty(k)));
        config.put("acks", "all");
        if (recommended) {
            config.putAll(RECOMMENDED);
        }
        return config;
    }

    private static double metric(Map<MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream().filter(e -> e.getKey().name().equals(name)
                && e.getKey().group().equals("producer-metrics")).mapToDouble(e -> (Double) e.getValue().metricValue())
                .max().orElse(-1);
    }

    private static AclBinding allow(ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:alice", "*", operation, AclPermissionType.ALLOW));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the IdP's port does during an outage. */
    private enum Outage {
        REFUSED("port refuses connections"),
        SILENT("accepts connections, never answers");

        final String description;

        Outage(String description) {
            this.description = description;
        }
    }

    /** The demo IdP over HTTPS, stopped and started again on the same port. */
    private static final class RestartableIdp {
        private final DemoTls tls;
        private final int port;
        private final byte[] metadata;
        private final String ssoUrl;
        private DemoIdp idp;
        private SilentListener silent;

        RestartableIdp(DemoTls tls) throws IOException {
            this.tls = tls;
            this.idp = start(tls, 0);
            this.port = idp.port();
            this.metadata = idp.metadata();
            this.ssoUrl = idp.ssoUrl().toString();
        }

        void stop() {
            if (idp != null) {
                idp.close();
                idp = null;
            }
            if (silent != null) {
                silent.close();
                silent = null;
            }
        }

        void stop(Outage kind) throws IOException {
            stop();
            if (kind == Outage.SILENT) {
                silent = new SilentListener(port);
            }
        }

        void start() throws IOException {
            stop();
            idp = start(tls, port);
        }

        private static DemoIdp start(DemoTls tls, int port) throws IOException {
            DemoIdp idp = DemoIdp.builder().https(tls.serverKeyStore(), DemoTls.password()).port(port).start();
            idp.registerServiceProvider(ServiceProviderRegistration.builder(SERVICE_ENTITY_ID)
                    .acsUrls(List.of("kafka@localhost")).build());
            return idp;
        }
    }

    /** Accepts connections on the port and never reads or answers; closing it drops them. */
    private static final class SilentListener implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        SilentListener(int port) throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        accepted.add(server.accept());
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            }, "silent-idp");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            for (Socket socket : accepted) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
