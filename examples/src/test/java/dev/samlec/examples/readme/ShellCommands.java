package dev.samlec.examples.readme;

import java.util.List;
import java.util.Map;

/**
 * Every command block of the README ({@code ```sh}, {@code ```bash}, {@code ```shell}, {@code ```console} or a
 * fence without a language), exactly as written, with what exercises it. Each piece of evidence is a file of the
 * repository that must exist and contain a given text, so an entry cannot point at a test that is gone.
 */
final class ShellCommands {
    /** How a command is exercised. */
    enum Kind {
        /** a JUnit test runs it (or the program it starts, the way the command starts it) */
        TEST,
        /** CI runs it ({@code .ci/run}) */
        CI,
        /** {@code interop/run.sh} runs it against the real peers ({@code -Pinterop}) */
        INTEROP,
        /** nothing runs it automatically; the evidence shows what it relies on still exists */
        MANUAL
    }

    /** A file (relative to the repository root) that must contain {@code text}. */
    record Evidence(String file, String text) {
    }

    /** How one README command is exercised. */
    record Exercise(Kind kind, String how, List<Evidence> evidence) {
        Exercise(Kind kind, String how, Evidence... evidence) {
            this(kind, how, List.of(evidence));
        }
    }

    /** The command blocks, keyed by their exact text (lines joined with {@code \n}, no trailing newline). */
    static final Map<String, Exercise> TABLE = Map.ofEntries(
            Map.entry("samlec idps --metadata federation.xml --metadata-signing-cert federation.pem --search univ\n"
                    + "samlec curl --idp-metadata federation.xml --metadata-signing-cert federation.pem --idp"
                    + " \"second univ\" \\\n    -u alice --trust idp-ca.pem https://sp.example.org/secure/",
                    new Exercise(Kind.TEST, "IdpsAndCurlByNameTest runs idps --search and curl --idp \"second univ\""
                            + " over a signed aggregate of two real demo IdPs; CurlByNameTlsTest the same with an"
                            + " https IdP and --trust",
                            new Evidence("cli/src/test/java/dev/samlec/cli/IdpsAndCurlByNameTest.java",
                                    "idps(\"--search\", \"univ\")"),
                            new Evidence("cli/src/test/java/dev/samlec/cli/IdpsAndCurlByNameTest.java",
                                    "curlByName(\"second univ\")"),
                            new Evidence("cli/src/test/java/dev/samlec/cli/CurlByNameTlsTest.java",
                                    "curl(\"--trust\""))),
            Map.entry("mvn -B -q install -DskipTests && java -jar cli/target/samlec.jar demo",
                    new Exercise(Kind.TEST, "DemoCommandTest runs the demo command (the build runs in CI)",
                            new Evidence("cli/src/test/java/dev/samlec/cli/DemoCommandTest.java",
                                    "Cli.run(\"demo\")"))),
            Map.entry("samlec curl --cert alice.pem --holder-of-key --idp"
                    + " https://idp.example.org/idp/profile/SAML2/SOAP/ECP \\\n    --trust ca.pem"
                    + " https://sp.example.org/secure/",
                    new Exercise(Kind.TEST, "CurlClientCertificateTest runs curl --cert alice.pem --holder-of-key"
                            + " --trust ca.pem against an https demo IdP taking client certificates and an https"
                            + " demo service accepting holder-of-key only",
                            new Evidence("cli/src/test/java/dev/samlec/cli/CurlClientCertificateTest.java",
                                    "curl(holderOfKeyOnly, \"--cert\", alicePem, \"--holder-of-key\")"))),
            Map.entry("kinit alice\njava -jar cli/target/samlec.jar curl --negotiate --idp"
                    + " https://idp.example.org/idp/profile/SAML2/SOAP/ECP --trust idp-ca.pem"
                    + " https://sp.example.org/secure/",
                    new Exercise(Kind.TEST, "CurlNegotiateTest runs curl --negotiate with a kinit'ed credential"
                            + " cache (real MIT KDC) against the demo IdP and service",
                            new Evidence("cli/src/test/java/dev/samlec/cli/CurlNegotiateTest.java",
                                    "curl(\"--negotiate\")"),
                            new Evidence("testkit/src/main/java/dev/samlec/testkit/MitKdc.java", "\"kinit\""))),
            Map.entry("bash .ci/run",
                    new Exercise(Kind.CI, "the CI entry point itself",
                            new Evidence(".ci/run", "mvn -B verify -Pinterop"))),
            Map.entry("echo alicepw | java -jar cli/target/samlec.jar curl -v --allow-http --password-stdin -u alice \\\n"
                    + "    --idp http://127.0.0.1:8080/realms/ecp/protocol/saml http://127.0.0.1:8081/secure/whoami.cgi",
                    new Exercise(Kind.INTEROP, "check 1 of interop/run.sh (Shibboleth SP, Keycloak by URL)",
                            new Evidence("interop/run.sh",
                                    "echo alicepw | samlec curl --allow-http --password-stdin -u alice --idp \"$kc\""),
                            new Evidence("interop/run.sh", "kc=http://127.0.0.1:8080/realms/ecp/protocol/saml"),
                            new Evidence("interop/run.sh", "shib=http://127.0.0.1:8081/secure/whoami.cgi"))),
            Map.entry("mvn -B -q install -DskipTests && java -jar examples/target/samlec-examples.jar",
                    new Exercise(Kind.TEST, "LdapExampleTest runs the jar's main class as its own JVM",
                            new Evidence("examples/pom.xml", "<mainClass>dev.samlec.examples.LdapExample</mainClass>"),
                            new Evidence("examples/src/test/java/dev/samlec/examples/LdapExampleTest.java",
                                    "LdapExample.class.getName()"))),
            Map.entry("java -cp examples/target/samlec-examples.jar dev.samlec.examples.StandaloneLdapDemo",
                    new Exercise(Kind.TEST, "StandaloneLdapServerTest runs the demo's main as its own JVM",
                            new Evidence("examples/src/test/java/dev/samlec/examples/StandaloneLdapServerTest.java",
                                    "StandaloneLdapDemo.class.getName()"))),
            Map.entry("java -cp samlec-examples.jar dev.samlec.examples.standalone.SamlLdapServer server.properties",
                    new Exercise(Kind.TEST, "StandaloneLdapServerTest starts the server's main as its own JVM on"
                            + " a properties file and binds to it",
                            new Evidence("examples/src/test/java/dev/samlec/examples/StandaloneLdapServerTest.java",
                                    "SamlLdapServer.class.getName()"))),
            Map.entry("mvn -B -q install -DskipTests && java -cp examples/target/samlec-examples.jar"
                    + " dev.samlec.examples.KafkaExample",
                    new Exercise(Kind.TEST, "KafkaExampleTest runs the example's main as its own JVM",
                            new Evidence("examples/src/test/java/dev/samlec/examples/KafkaExampleTest.java",
                                    "KafkaExample.class.getName()"))),
            Map.entry("samlec curl --save-dir /tmp/ecp -u alice --idp-metadata idp.xml --trust ca.pem"
                    + " https://sp.example.org/secure/\n"
                    + "samlec verify --idp-metadata idp.xml --sp-entity-id ID --acs URL --in-response-to ID --now"
                    + " INSTANT \\\n"
                    + "    /tmp/ecp/3-idp-response.xml        # the four values from /tmp/ecp/exchange.properties",
                    new Exercise(Kind.TEST, "CurlSessionTest saves an exchange with --save-dir and runs verify on"
                            + " the saved IdP answer with the values of exchange.properties",
                            new Evidence("cli/src/test/java/dev/samlec/cli/CurlSessionTest.java", "\"--save-dir\""),
                            new Evidence("cli/src/test/java/dev/samlec/cli/CurlSessionTest.java", "\"verify\""))),
            Map.entry("samlec idp --https --ca-out /tmp/ca.pem --register-sp"
                    + " https://ldap.test/samlec=ldap@ldap.test,cert=sp.crt\n"
                    + "echo alicepw | samlec saml20ec --password-stdin -u alice --idp-metadata"
                    + " https://127.0.0.1:PORT/idp/metadata \\\n"
                    + "    --trust /tmp/ca.pem --service-name ldap@ldap.test --sp-entity-id https://ldap.test/samlec \\\n"
                    + "    --sp-key sp.key --sp-cert sp.crt --mutual",
                    new Exercise(Kind.TEST, "IdpCommandHttpsTest starts idp --https with an SP registered with its"
                            + " certificate and runs saml20ec --mutual through it",
                            new Evidence("cli/src/test/java/dev/samlec/cli/IdpCommandHttpsTest.java", "\"--https\""),
                            new Evidence("cli/src/test/java/dev/samlec/cli/IdpCommandHttpsTest.java",
                                    "saml20ec(SIGNED_SP, \"--mutual\")"))),
            Map.entry("tar xzf samlec-kafka-plugin-0.1.0-SNAPSHOT-bin.tar.gz -C /opt\n"
                    + "export CLASSPATH='/opt/samlec-kafka-plugin/*'\n"
                    + "bin/kafka-server-start.sh config/server.properties\n"
                    + "bin/kafka-console-producer.sh --bootstrap-server broker.example.org:9093 --topic orders"
                    + " --command-config client.properties",
                    new Exercise(Kind.TEST, "KafkaPluginBrokerTest starts kafka.Kafka server.properties with"
                            + " Kafka's jars and only the plugin dir on the class path, as kafka-server-start.sh does,"
                            + " and Kafka's console producer with --command-config",
                            new Evidence("kafka-plugin/it/src/test/java/dev/samlec/kafka/plugin/KafkaPluginBrokerTest.java",
                                    "org.apache.kafka.tools.ConsoleProducer"),
                            new Evidence("kafka-plugin/pom.xml", "maven-assembly-plugin"))),
            Map.entry("samlec verify --idp-metadata federation.xml --metadata-signing-cert federation-signing.pem \\\n"
                    + "    --federation-entity-attribute"
                    + " http://macedir.org/entity-category=http://refeds.org/category/research-and-scholarship \\\n"
                    + "    --sp-entity-id https://sp.example.org/sp --acs https://sp.example.org/ecp response.xml",
                    new Exercise(Kind.TEST, "VerifyFederationTest runs verify on a generated signed aggregate with"
                            + " --metadata-signing-cert and --federation-entity-attribute",
                            new Evidence("cli/src/test/java/dev/samlec/cli/VerifyFederationTest.java",
                                    "\"--federation-entity-attribute\", RS"),
                            new Evidence("cli/src/test/java/dev/samlec/cli/VerifyFederationTest.java",
                                    "\"--metadata-signing-cert\", federationPem"))),
            Map.entry(".ci/fuzz 5m",
                    new Exercise(Kind.CI, ".ci/run ends with .ci/fuzz (10 s per target there)",
                            new Evidence(".ci/run", "exec bash .ci/fuzz"))),
            Map.entry("mvn -B -Ppit -pl mech,sasl-provider -am test",
                    new Exercise(Kind.MANUAL, "PIT is run by hand; its scores are in docs/security.md",
                            new Evidence("pom.xml", "<id>pit</id>"),
                            new Evidence("docs/security.md", "mvn -B -Ppit -pl mech,sasl-provider -am test"))));

    /** The fence languages of command blocks. */
    static final List<String> SHELL_LANGUAGES = List.of("", "sh", "bash", "shell", "console");

    private ShellCommands() {
    }
}
