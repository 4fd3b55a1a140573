package dev.samlec.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import scala.Option;

/**
 * A real single-node Kafka (KRaft, broker and controller in one {@link KafkaRaftServer}) in this JVM, its logs in
 * a temporary directory removed by {@link #close()}. For demos and tests only.
 *
 * <p>Besides the listeners the caller adds (for example {@code SAML} on {@code SASL_PLAINTEXT}), the node has two
 * plain loopback listeners of its own: {@value #CONTROLLER} for the KRaft quorum and {@value #INTERNAL} for
 * inter-broker traffic and the {@link #admin()} client. The {@code StandardAuthorizer} is on and refuses what no
 * ACL allows; {@code User:ANONYMOUS}, the principal of those two unauthenticated listeners, is a super user, which
 * is what makes {@link #admin()} able to create topics and ACLs. A production broker would authenticate them too.
 *
 * <p>Every listener but the controller's binds port 0. KRaft names the controller's address in
 * {@code controller.quorum.voters} before the node starts, so that port is found by binding port 0 once and
 * released just before the start.
 *
 * <pre>{@code
 * try (DemoKafka kafka = DemoKafka.builder()
 *         .listener("SAML", "SASL_PLAINTEXT")
 *         .config("listener.name.saml.sasl.enabled.mechanisms", "SAML20EC")
 *         .start()) {
 *     String bootstrap = kafka.bootstrapServers("SAML");
 * }
 * }</pre>
 */
public final class DemoKafka implements AutoCloseable {
    /** The plaintext listener for inter-broker traffic and {@link #admin()}. */
    public static final String INTERNAL = "INTERNAL";
    /** The plaintext KRaft controller listener. */
    public static final String CONTROLLER = "CONTROLLER";
    /** The authorizer: Kafka's KRaft ACL store. */
    public static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final BrokerServer broker;
    private final Path directory;

    private DemoKafka(KafkaRaftServer server, BrokerServer broker, Path directory) {
        this.server = server;
        this.broker = broker;
        this.directory = directory;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code localhost:<port>} of a listener, for {@code bootstrap.servers}. */
    public String bootstrapServers(String listener) {
        return "localhost:" + broker.boundPort(ListenerName.normalised(listener));
    }

    /** A new admin client on the {@value #INTERNAL} listener (a super user); close it after use. */
    public Admin admin() {
        return Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(INTERNAL)));
    }

    /** Stops the node and removes its directory. */
    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            TempFiles.deleteRecursively(directory);
        }
    }

    @Override
    public String toString() {
        return "DemoKafka[" + bootstrapServers(INTERNAL) + "]";
    }

    /** Builds and starts a {@link DemoKafka}. */
    public static final class Builder {
        private final Map<String, String> listeners = new LinkedHashMap<>();
        private final Map<String, Object> config = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds a listener on port 0 with this security protocol ({@code SASL_PLAINTEXT}, {@code SASL_SSL}...). */
        public Builder listener(String name, String securityProtocol) {
            String upper = name.toUpperCase(Locale.ROOT);
            if (upper.equals(INTERNAL) || upper.equals(CONTROLLER)) {
                throw new IllegalArgumentException(name + " is DemoKafka's own listener");
            }
            listeners.put(upper, SecurityProtocol.forName(securityProtocol).name);
            return this;
        }

        /** Sets a broker configuration property (listener-prefixed ones included). */
        public Builder config(String key, Object value) {
            config.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
            return this;
        }

        /** Formats the log directory, starts the node and waits until the broker is ready. */
        public DemoKafka start() throws Exception {
            Path directory = TempFiles.createDirectory("samlec-demo-kafka");
            try {
                int controllerPort = freePort();
                Map<String, Object> props = baseConfig(directory, controllerPort);
                props.putAll(config);
                KafkaConfig kafkaConfig = new KafkaConfig(props, false);
                new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .setNodeId(NODE_ID).setClusterId(Uuid.randomUuid().toString())
                        .setControllerListenerName(CONTROLLER).setMetadataLogDirectory(directory.toString())
                        .setDirectories(List.of(directory.toString()))
                        .setReleaseVersion(MetadataVersion.latestProduction()).run();
                KafkaRaftServer server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
                server.startup();
                BrokerServer broker = broker(server);
                if (!broker.brokerState().toString().equals("RUNNING")) {
                    awaitRunning(broker);
                }
                return new DemoKafka(server, broker, directory);
            } catch (Exception | Error e) {
                TempFiles.deleteRecursively(directory);
                throw e;
            }
        }

        private Map<String, Object> baseConfig(Path directory, int controllerPort) {
            StringJoiner all = new StringJoiner(",");
            StringJoiner protocols = new StringJoiner(",");
            all.add(INTERNAL + "://localhost:0").add(CONTROLLER + "://localhost:" + controllerPort);
            protocols.add(INTERNAL + ":PLAINTEXT").add(CONTROLLER + ":PLAINTEXT");
            listeners.forEach((name, protocol) -> {
                all.add(name + "://localhost:0");
                protocols.add(name + ":" + protocol);
            });
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("process.roles", "broker,controller");
            props.put("node.id", Integer.toString(NODE_ID));
            props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
            props.put("controller.listener.names", CONTROLLER);
            props.put("inter.broker.listener.name", INTERNAL);
            props.put("listeners", all.toString());
            props.put("listener.security.protocol.map", protocols.toString());
            props.put("log.dirs", directory.toString());
            props.put("authorizer.class.name", AUTHORIZER);
            props.put("super.users", "User:ANONYMOUS");
            props.put("allow.everyone.if.no.acl.found", "false");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("num.partitions", "1");
            for (String topic : List.of("offsets.topic", "transaction.state.log", "share.coordinator.state.topic")) {
                props.put(topic + ".replication.factor", "1");
            }
            props.put("transaction.state.log.min.isr", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            return props;
        }

        /** The broker half of the node; Kafka keeps it in a private field and offers no accessor. */
        @SuppressWarnings("unchecked")
        private static BrokerServer broker(KafkaRaftServer server) throws ReflectiveOperationException {
            Field field = KafkaRaftServer.class.getDeclaredField("broker");
            field.setAccessible(true);
            return ((Option<BrokerServer>) field.get(server)).get();
        }

        private static void awaitRunning(BrokerServer broker) throws InterruptedException {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (!broker.brokerState().toString().equals("RUNNING")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Kafka broker is not running after " + READY_TIMEOUT
                            + " (state " + broker.brokerState() + ")");
                }
                Thread.sleep(50);
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }
    }
}
