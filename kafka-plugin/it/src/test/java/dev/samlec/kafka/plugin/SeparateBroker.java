package dev.samlec.kafka.plugin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka node (KRaft combined mode: broker and controller) in its own JVM, started as
 * {@code kafka-storage.sh format} and {@code kafka-server-start.sh server.properties} do: {@code kafka.tools.StorageTool
 * format} first, then {@code kafka.Kafka server.properties}, with Kafka's libs and the plugin dir on the class path.
 *
 * <p>Listeners: {@value #SAML} (SASL_SSL; its SAML20EC settings are the README's broker sample, appended to
 * server.properties by the caller), {@value #INTERNAL} (plaintext, for the test's admin client; its principal
 * {@code User:ANONYMOUS} is a super user) and the controller's. Ports are free ports, found by binding port 0.
 */
final class SeparateBroker implements AutoCloseable {
    static final String SAML = "SAML";
    static final String INTERNAL = "INTERNAL";
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    final int samlPort;
    final int internalPort;
    private final JavaProcess process;

    private SeparateBroker(int samlPort, int internalPort, JavaProcess process) {
        this.samlPort = samlPort;
        this.internalPort = internalPort;
        this.process = process;
    }

    /**
     * Writes {@code server.properties} (KRaft settings, then {@code samlSettings} as they are), formats the storage,
     * starts the node and waits until the admin client reaches it.
     */
    static SeparateBroker start(KafkaInstallation kafka, Path workDir, String samlSettings) throws Exception {
        int samlPort = freePort();
        int internalPort = freePort();
        int controllerPort = freePort();
        Path logs = Files.createDirectories(workDir.resolve("kraft-logs"));
        Path config = workDir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "# KRaft combined mode, one node (what kafka-storage.sh and kafka-server-start.sh are given)",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + controllerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=" + INTERNAL,
                "listeners=" + SAML + "://localhost:" + samlPort + "," + INTERNAL + "://localhost:" + internalPort
                        + ",CONTROLLER://localhost:" + controllerPort,
                "listener.security.protocol.map=" + SAML + ":SASL_SSL," + INTERNAL + ":PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logs,
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:ANONYMOUS",
                "allow.everyone.if.no.acl.found=false",
                "num.partitions=1",
                "group.initial.rebalance.delay.ms=0",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "", samlSettings, ""));
        try (JavaProcess format = kafka.run("kafka-storage", workDir, List.of(), "kafka.tools.StorageTool",
                List.of("format", "-t", clusterId(), "-c", config.toString()), "")) {
            int exit = format.waitFor(FORMAT_TIMEOUT);
            if (exit != 0) {
                throw new IllegalStateException("kafka-storage format exited " + exit + ":\n" + format.output());
            }
        }
        JavaProcess process = kafka.run("kafka-server", workDir, List.of("-Xmx512m"), "kafka.Kafka",
                List.of(config.toString()), "");
        SeparateBroker broker = new SeparateBroker(samlPort, internalPort, process);
        try {
            broker.awaitReady();
            return broker;
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
    }

    /** {@code localhost:<port>} of the SAML20EC listener. */
    String samlBootstrap() {
        return "localhost:" + samlPort;
    }

    /** A super user's admin client on {@value #INTERNAL}; close it after use. */
    Admin admin() {
        return Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + internalPort,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000"));
    }

    /** What the broker logged so far. */
    String output() {
        return process.output();
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited:\n" + process.output());
            }
            try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                    "localhost:" + internalPort, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000",
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "1000"))) {
                admin.describeCluster().nodes().get();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Kafka broker is not ready after " + READY_TIMEOUT + ":\n"
                            + process.output(), e);
                }
                Thread.sleep(200);
            }
        }
    }

    /** A cluster id, as {@code kafka-storage.sh random-uuid} makes one. */
    private static String clusterId() {
        return Uuid.randomUuid().toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
