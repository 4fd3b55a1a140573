package dev.samlec.examples;

import dev.samlec.testkit.DemoKafka;
import dev.samlec.testkit.DemoTls;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The Kafka example against a real identity provider: starts the example's broker for a service registered at that
 * IdP, then a producer and consumer that log in there as one user (password on standard input) and must produce
 * and consume under an ACL naming only {@code User:<user>}. Used by {@code interop/run.sh} with Keycloak.
 *
 * <pre>
 * echo "$password" | java -cp examples/target/samlec-examples.jar dev.samlec.examples.KafkaIdpCheck \
 *     IDP_ECP_URL IDP_METADATA_FILE SERVICE_ENTITY_ID SERVICE_NAME USER
 * </pre>
 * An http IdP URL is allowed (test peers on loopback). A service name other than {@code kafka@localhost} (Keycloak
 * needs an absolute URI such as {@code urn:samlec:kafka@localhost}) is given to the client as
 * {@code dev.samlec.sasl.serviceName}. Exits 0 on success, 1 when the login or the round trip failed, 2 on bad
 * arguments.
 */
public final class KafkaIdpCheck {
    private KafkaIdpCheck() {
    }

    /** Runs the check; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: KafkaIdpCheck IDP_ECP_URL IDP_METADATA_FILE SERVICE_ENTITY_ID SERVICE_NAME USER"
                    + " (password on stdin)");
            System.exit(2);
        }
        String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        System.exit(run(System.out, args[0], Path.of(args[1]), args[2], args[3], args[4],
                password == null ? "" : password));
    }

    /** Runs the check, printing to {@code out}; returns the exit code. */
    static int run(PrintStream out, String idpUrl, Path idpMetadata, String serviceEntityId, String serviceName,
            String user, String password) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("samlec-kafka-idp-check");
            Files.copy(idpMetadata, dir.resolve("idp-metadata.xml"));
            DemoTls.generate().writeFiles(dir);
            try (DemoKafka kafka = KafkaExample.startBroker(dir, serviceEntityId, serviceName)) {
                out.println("== Kafka broker at " + kafka.bootstrapServers("SAML") + " for " + serviceName
                        + ", IdP " + idpUrl);
                KafkaExample.allowOnly(kafka, user);
                Properties config = KafkaExample.clientConfig(kafka, dir, "idpUrl=\"" + idpUrl + "\""
                        + (idpUrl.startsWith("http:") ? " allowInsecureHttp=\"true\"" : "") + " username=\"" + user
                        + "\" password=\"" + password + "\" checkServiceEntityId=\"" + serviceEntityId
                        + "\" checkServiceName=\"" + serviceName + "\"");
                if (!serviceName.equals(KafkaExample.SERVICE_NAME)) {
                    config.put("dev.samlec.sasl.serviceName", serviceName);
                }
                boolean ok = KafkaExample.roundTrip(out, config, user);
                out.println(ok ? "== check passed" : "FAILED: the record did not come back");
                return ok ? 0 : 1;
            }
        } catch (Exception e) {
            out.println("FAILED: " + KafkaExample.describe(e));
            return 1;
        } finally {
            KafkaExample.delete(dir);
        }
    }
}
