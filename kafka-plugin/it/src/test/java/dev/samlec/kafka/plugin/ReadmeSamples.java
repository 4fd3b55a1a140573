package dev.samlec.kafka.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README's Kafka property files (kafka/src/test/resources/dev/samlec/kafka/, shown verbatim in the README, as
 * the kafka module's ReadmeSamplesTest checks), with their example hosts and paths replaced by this machine's, the
 * same replacements the kafka module's broker tests make.
 */
final class ReadmeSamples {
    static final String BROKER = "broker-sasl-ssl.properties";
    static final String CLIENT = "client-sasl-ssl.properties";

    private final Path dir;
    private final String idpUrl;

    /**
     * @param dir where the IdP metadata, {@code server.p12}, {@code ca.p12} and {@code ca.pem} are
     * @param idpUrl the demo IdP's ECP endpoint
     */
    ReadmeSamples(Path dir, String idpUrl) {
        this.dir = dir;
        this.idpUrl = idpUrl;
    }

    /** The sample as the README shows it. */
    static String text(String sample) {
        try {
            return Files.readString(PluginBuild.samples().resolve(sample));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The broker sample for this machine. */
    String broker() {
        return localise(text(BROKER), "broker.example.org:9093");
    }

    /** The client sample for this machine and broker ({@code host:port}), logging in as this user. */
    String client(String bootstrap, String user, String password) {
        return localise(text(CLIENT), bootstrap).replace("username=\"alice\"", "username=\"" + user + "\"")
                .replace("password=\"alicepw\"", "password=\"" + password + "\"");
    }

    private String localise(String text, String bootstrap) {
        return text.replace("broker.example.org:9093", bootstrap)
                .replace("broker.example.org", "localhost")
                .replace("https://idp.example.org:8443/idp/profile/SAML2/SOAP/ECP", idpUrl)
                .replace("/etc/kafka/samlec/idp-ca.pem", dir.resolve("ca.pem").toString())
                .replace("/etc/kafka/samlec/broker.p12", dir.resolve("server.p12").toString())
                .replace("/etc/kafka/samlec/", dir + "/");
    }
}
