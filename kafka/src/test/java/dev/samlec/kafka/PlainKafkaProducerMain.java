package dev.samlec.kafka;

import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A Kafka application that knows nothing of samlec: it reads a client properties file and produces one record.
 * Run in its own JVM by the tests, it shows that the configuration alone brings SAML20EC in.
 * Arguments: the properties file and the topic. Prints {@code sent to <topic>-<partition>@<offset>}.
 */
public final class PlainKafkaProducerMain {
    private PlainKafkaProducerMain() {
    }

    /** Produces one record; exits 0 when the broker acknowledged it, 1 otherwise. */
    public static void main(String[] args) throws Exception {
        Properties config = new Properties();
        try (InputStream in = new FileInputStream(args[0])) {
            config.load(in);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(args[1], "from a plain Kafka application"))
                    .get(30, TimeUnit.SECONDS);
            System.out.println("sent to " + sent.topic() + "-" + sent.partition() + "@" + sent.offset());
        } catch (Exception e) {
            System.out.println("failed: " + e);
            System.exit(1);
        }
    }
}
