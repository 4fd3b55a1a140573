package dev.samlec.kafka;

import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoKafka;
import dev.samlec.testkit.DemoTls;
import dev.samlec.testkit.ServiceProviderRegistration;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * A demo IdP over HTTPS and a real Kafka node with three SAML20EC listeners, configured from the sample files that
 * the README shows (their example hosts and paths replaced by this machine's):
 * <ul>
 *   <li>{@value #SAML}: SASL_SSL, {@code broker-sasl-ssl.properties} as it is (users named by NameID);</li>
 *   <li>{@value #SAML_MAIL}: SASL_PLAINTEXT, users named by their {@code mail} attribute;</li>
 *   <li>{@value #SAML_REAUTH}: SASL_PLAINTEXT, sessions of {@value #REAUTH_MS} ms.</li>
 * </ul>
 * Topics: {@value #ORDERS} (alice may write and read, with group {@value #GROUP}), {@value #MAIL_ORDERS} (only
 * {@code User:bob@samlec.dev}), {@value #LOAD} and {@value #REAUTH} (alice, bob and carol may write).
 */
final class SamlKafkaFixture implements AutoCloseable {
    static final String SAML = "SAML";
    static final String SAML_MAIL = "SAML_MAIL";
    static final String SAML_REAUTH = "SAML_REAUTH";
    static final long REAUTH_MS = 1500;
    static final String ORDERS = "orders";
    static final String MAIL_ORDERS = "mail-orders";
    static final String LOAD = "load";
    static final String REAUTH = "reauth";
    static final String GROUP = "order-readers";
    static final String SERVICE_ENTITY_ID = "https://kafka.example.org/samlec";
    /** The service name every client derives: {@code kafka@} and the host it connects to. */
    static final String SERVICE_NAME = "kafka@localhost";

    final DemoTls tls;
    final DemoIdp idp;
    final DemoKafka kafka;
    final Path dir;

    SamlKafkaFixture() throws Exception {
        tls = DemoTls.generate();
        dir = Files.createTempDirectory("samlec-kafka-test");
        idp = DemoIdp.builder().https(tls.serverKeyStore(), DemoTls.password())
                .trustClientCertificates(List.of(tls.caCertificate())).start();
        try {
            idp.registerServiceProvider(ServiceProviderRegistration.builder(SERVICE_ENTITY_ID)
                    .acsUrls(List.of(SERVICE_NAME)).build());
            Files.write(dir.resolve("idp-metadata.xml"), idp.metadata());
            tls.writeFiles(dir);
            kafka = startKafka();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
        try (Admin admin = kafka.admin()) {
            List<NewTopic> topics = Stream.of(ORDERS, MAIL_ORDERS, LOAD, REAUTH)
                    .map(t -> new NewTopic(t, 1, (short) 1)).toList();
            admin.createTopics(topics).all().get();
            List<AclBinding> acls = new ArrayList<>();
            allow(acls, ResourceType.TOPIC, ORDERS, "alice", AclOperation.WRITE, AclOperation.READ,
                    AclOperation.DESCRIBE);
            allow(acls, ResourceType.GROUP, GROUP, "alice", AclOperation.READ);
            allow(acls, ResourceType.TOPIC, MAIL_ORDERS, "bob@samlec.dev", AclOperation.WRITE,
                    AclOperation.DESCRIBE);
            for (String user : List.of("alice", "bob", "carol")) {
                allow(acls, ResourceType.TOPIC, LOAD, user, AclOperation.WRITE, AclOperation.DESCRIBE);
                allow(acls, ResourceType.TOPIC, REAUTH, user, AclOperation.WRITE, AclOperation.DESCRIBE);
            }
            admin.createAcls(acls).all().get();
        }
    }

    private DemoKafka startKafka() throws Exception {
        DemoKafka.Builder builder = DemoKafka.builder().listener(SAML, "SASL_SSL")
                .listener(SAML_MAIL, "SASL_PLAINTEXT").listener(SAML_REAUTH, "SASL_PLAINTEXT");
        load("broker-sasl-ssl.properties", "broker.example.org:9093").forEach(builder::config);
        for (String listener : List.of(SAML_MAIL, SAML_REAUTH)) {
            String prefix = "listener.name." + listener.toLowerCase(java.util.Locale.ROOT) + ".";
            builder.config(prefix + "sasl.enabled.mechanisms", "SAML20EC")
                    .config(prefix + "saml20ec.sasl.server.callback.handler.class",
                            SamlecServerCallbackHandler.class.getName())
                    .config(prefix + "saml20ec.sasl.jaas.config", "dev.samlec.jaas.SamlecLoginModule required"
                            + " isInitiator=false serviceEntityId=\"" + SERVICE_ENTITY_ID + "\" serviceName=\""
                            + SERVICE_NAME + "\" idpMetadata=\"" + dir.resolve("idp-metadata.xml") + "\""
                            + (listener.equals(SAML_MAIL) ? " principalAttribute=\"mail\"" : "") + ";");
        }
        builder.config("listener.name.saml_reauth.saml20ec.connections.max.reauth.ms", Long.toString(REAUTH_MS));
        return builder.start();
    }

    /** A client on {@value #SAML} from {@code client-sasl-ssl.properties}, logging in as this user. */
    Map<String, Object> sslClient(String user, String password) {
        Map<String, Object> config = load("client-sasl-ssl.properties", kafka.bootstrapServers(SAML));
        config.put("sasl.jaas.config", ((String) config.get("sasl.jaas.config"))
                .replace("username=\"alice\"", "username=\"" + user + "\"")
                .replace("password=\"alicepw\"", "password=\"" + password + "\""));
        return config;
    }

    /** A client on a SASL_PLAINTEXT listener with this JAAS entry (options after the IdP's). */
    Map<String, Object> plainClient(String listener, String jaasOptions) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers(listener));
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", "SAML20EC");
        config.put("security.providers", SamlecSecurityProviderCreator.class.getName());
        config.put("sasl.client.callback.handler.class", SamlecClientCallbackHandler.class.getName());
        config.put("sasl.jaas.config", "dev.samlec.jaas.SamlecLoginModule required idpUrl=\"" + idp.ssoUrl()
                + "\" idpTrustAnchors=\"" + dir.resolve("ca.pem") + "\" " + jaasOptions + ";");
        return config;
    }

    /** JAAS options logging this user in at the IdP with a TLS client certificate (CN = uid), with the check. */
    String certificateUser(String uid) throws IOException {
        Path store = dir.resolve(uid + "-client.p12");
        try (OutputStream out = Files.newOutputStream(store)) {
            tls.clientKeyStore(uid).store(out, DemoTls.password());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return "keyStore=\"" + store + "\" keyStorePassword=\"" + new String(DemoTls.password())
                + "\" checkServiceEntityId=\"" + SERVICE_ENTITY_ID + "\" checkServiceName=\"" + SERVICE_NAME + "\"";
    }

    /** JAAS options logging this user in, with the login-time check. */
    static String user(String name, String password) {
        return "username=\"" + name + "\" password=\"" + password + "\" checkServiceEntityId=\"" + SERVICE_ENTITY_ID
                + "\" checkServiceName=\"" + SERVICE_NAME + "\"";
    }

    /** A sample file with its example hosts, ports and paths replaced by the real ones. */
    Map<String, Object> load(String sample, String bootstrap) {
        String text = sampleText(sample).replace("broker.example.org:9093", bootstrap)
                .replace("broker.example.org", "localhost")
                .replace("https://idp.example.org:8443" + DemoIdp.SSO_PATH, idp.ssoUrl().toString())
                .replace("/etc/kafka/samlec/idp-ca.pem", dir.resolve("ca.pem").toString())
                .replace("/etc/kafka/samlec/broker.p12", dir.resolve("server.p12").toString())
                .replace("/etc/kafka/samlec/", dir.toString() + "/");
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(k -> config.put(k, properties.getProperty(k)));
        return config;
    }

    /** The text of a sample file, as the README shows it. */
    static String sampleText(String sample) {
        try (InputStream in = SamlKafkaFixture.class.getResourceAsStream(sample)) {
            if (in == null) {
                throw new IllegalStateException("no sample " + sample);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void allow(List<AclBinding> acls, ResourceType type, String name, String user,
            AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                    new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
        }
    }

    @Override
    public void close() {
        if (kafka != null) {
            kafka.close();
        }
        if (idp != null) {
            idp.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
