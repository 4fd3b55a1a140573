package dev.samlec.bench.load;

import dev.samlec.bench.Options;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoKafka;
import dev.samlec.testkit.ServiceProviderRegistration;
import dev.samlec.testkit.TempFiles;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * Kafka connections per second on one broker ({@code DemoKafka}, KRaft, in this JVM) with the demo IdP: a listener
 * offering SAML20EC (samlec's server callback handler and acceptor) beside a listener offering PLAIN, both
 * SASL_PLAINTEXT. One operation is a new admin client, {@code describeCluster} (its bootstrap connection and the
 * connection to the broker it learns of: two authentications each time) and close; the same for both listeners, in
 * the same run.
 */
public final class KafkaConnectLoad {
    static final String SERVICE_ENTITY_ID = "https://kafka.example.org/samlec";
    static final String SERVICE_NAME = "kafka@localhost";
    private static final long CALL_SECONDS = 30;

    private KafkaConnectLoad() {
    }

    /** Runs the load ({@code --seconds}, {@code --threads}, {@code --warmup}); returns 0. */
    public static int run(Options options, PrintStream out) throws Exception {
        double seconds = options.integer("seconds", 10);
        Warmup warmup = Warmup.fromOption(options, "5", 5);
        List<Integer> threadCounts = options.integers("threads", List.of(1, 4, 16));
        Path dir = TempFiles.createDirectory("samlec-bench-kafka-");
        try (DemoIdp idp = DemoIdp.start()) {
            idp.registerServiceProvider(ServiceProviderRegistration.builder(SERVICE_ENTITY_ID)
                    .acsUrls(List.of(SERVICE_NAME)).build());
            Path metadata = Files.write(dir.resolve("idp-metadata.xml"), idp.metadata());
            try (DemoKafka kafka = broker(metadata)) {
                Map<String, Object> saml = new HashMap<>();
                saml.put("bootstrap.servers", kafka.bootstrapServers("SAML"));
                saml.put("security.protocol", "SASL_PLAINTEXT");
                saml.put("sasl.mechanism", "SAML20EC");
                saml.put("security.providers", "dev.samlec.kafka.SamlecSecurityProviderCreator");
                saml.put("sasl.client.callback.handler.class", "dev.samlec.kafka.SamlecClientCallbackHandler");
                saml.put("sasl.jaas.config", "dev.samlec.jaas.SamlecLoginModule required idpUrl=\"" + idp.ssoUrl()
                        + "\" allowInsecureHttp=true username=\"alice\" password=\"alicepw\" checkServiceEntityId=\""
                        + SERVICE_ENTITY_ID + "\" checkServiceName=\"" + SERVICE_NAME + "\";");
                Map<String, Object> plain = new HashMap<>();
                plain.put("bootstrap.servers", kafka.bootstrapServers("PLAINL"));
                plain.put("security.protocol", "SASL_PLAINTEXT");
                plain.put("sasl.mechanism", "PLAIN");
                plain.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"alice\" password=\"alicepw\";");
                LoadRun.Operation samlOp = () -> describe(saml);
                LoadRun.Operation plainOp = () -> describe(plain);
                out.printf("Kafka admin connect + describeCluster + close per second (2 authentications each), one"
                        + " broker + demo IdP in one JVM (%d cores), %.0f s per row%n",
                        Runtime.getRuntime().availableProcessors(), seconds);
                int warmThreads = Warmup.threadsFor(threadCounts);
                out.println("warm-up SAML20EC, PLAIN in turn, N=" + warmThreads + ": "
                        + warmup.runInTurn(warmThreads, List.of(samlOp, plainOp)).describe());
                for (int threads : threadCounts) {
                    out.println(LoadRun.run(threads, seconds, samlOp).line("SAML20EC"));
                    out.println(LoadRun.run(threads, seconds, plainOp).line("PLAIN"));
                }
            }
        } finally {
            TempFiles.deleteRecursively(dir);
        }
        return 0;
    }

    private static void describe(Map<String, Object> config) throws Exception {
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(CALL_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static DemoKafka broker(Path metadata) throws Exception {
        return DemoKafka.builder().listener("SAML", "SASL_PLAINTEXT").listener("PLAINL", "SASL_PLAINTEXT")
                .config("security.providers", "dev.samlec.kafka.SamlecSecurityProviderCreator")
                .config("listener.name.saml.sasl.enabled.mechanisms", "SAML20EC")
                .config("listener.name.saml.saml20ec.sasl.server.callback.handler.class",
                        "dev.samlec.kafka.SamlecServerCallbackHandler")
                .config("listener.name.saml.saml20ec.sasl.jaas.config", "dev.samlec.jaas.SamlecLoginModule required"
                        + " isInitiator=false serviceEntityId=\"" + SERVICE_ENTITY_ID + "\" serviceName=\""
                        + SERVICE_NAME + "\" idpMetadata=\"" + metadata + "\" allowInsecureHttp=true;")
                .config("listener.name.plainl.sasl.enabled.mechanisms", "PLAIN")
                .config("listener.name.plainl.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required user_alice=\"alicepw\";")
                .start();
    }
}
