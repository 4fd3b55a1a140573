package dev.samlec.cli;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.metadata.SpMetadata;
import dev.samlec.mech.metadata.SpMetadataReader;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.samlec.mech.Pem;
import dev.samlec.testkit.DemoDirectory;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoTls;
import dev.samlec.testkit.ServiceProviderRegistration;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samlec idp}: runs the testkit's demo identity provider (with its embedded LDAP directory and public demo
 * users) until the process is stopped. For demos and tests only: it signs with a public key.
 */
@Command(name = "idp", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs the samlec DEMO identity provider until stopped (Ctrl-C): an ECP (SOAP) single sign-on endpoint"
                + " and its metadata on 127.0.0.1, checking passwords against an embedded LDAP directory with the"
                + " demo users alice/alicepw, bob/bobpw and carol/carolpw.",
            "FOR DEMOS AND TESTS ONLY: it signs with a PUBLIC demo key, so anyone can forge its assertions.",
            "It issues assertions only to registered service providers, at their registered ACS URLs."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped",
            "1:the IdP could not start (for example the port is in use)",
            "2:usage error (missing or invalid option)"})
final class IdpCommand implements Callable<Integer> {
    /** The demo directory's users, as loaded by {@link DemoDirectory} (see its class comment). */
    static final List<String> DEMO_USERS = List.of(
            "alice/alicepw (groups: admins, staff)", "bob/bobpw (groups: staff)", "carol/carolpw (no groups)");

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "The TCP port (default: ${DEFAULT-VALUE}, any free port; the chosen one is printed).")
    private int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = DemoDirectory.HOST,
            description = "The address to listen on; only ${DEFAULT-VALUE}: an IdP with a public signing key must"
                + " not be reachable from the network.")
    private String host;

    @Option(names = "--register-sp", paramLabel = "ENTITY_ID=ACS_URL[,cert=PEM]",
            description = {"Allows this service provider to receive assertions at this ACS URL (split at the first"
                + " '='). Repeat it; repeating an entityID adds ACS URLs.",
                "With ,cert=PEM its signed AuthnRequests (saml20ec --mutual, --channel-binding, a signing JAAS"
                + " acceptor) are verified with the certificate in PEM; without one a signed request is refused.",
                "Or give the SP's metadata with --sp-metadata."})
    private List<String> registrations = new ArrayList<>();

    @Option(names = "--sp-metadata", paramLabel = "FILE",
            description = "Registers the service provider described by this metadata (one md:EntityDescriptor: "
                + "its entityID, every AssertionConsumerService Location, its encryption certificate, to which "
                + "assertions are then encrypted, and its signing certificate (KeyDescriptor use=\"signing\" or "
                + "without use), with which its signed AuthnRequests are verified). Repeatable. A local file only, "
                + "read as it is: it is yours, so it needs no signature and no opt-in (there is no URL form).")
    private List<Path> spMetadataFiles = new ArrayList<>();

    @Option(names = "--https", description = "Serve the endpoints over HTTPS with a throwaway CA generated at start "
            + "(a server certificate for 127.0.0.1 and localhost); the CA certificate is written to --ca-out or to a "
            + "temporary file, and its path printed: give it to the clients' --trust.")
    private boolean https;

    @Option(names = "--ca-out", paramLabel = "FILE", description = "With --https: write the CA certificate (PEM) "
            + "here.")
    private Path caOut;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws UsageException, IOException, EcpException {
        DemoIdp idp = start(spec.commandLine().getOut());
        Runtime.getRuntime().addShutdownHook(new Thread(idp::close, "samlec-idp-shutdown"));
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            idp.close();
        }
        return 0;
    }

    /**
     * Starts the IdP, registers the service providers and prints what a user needs to log in; the caller closes it.
     *
     * @throws UsageException if an option is invalid
     * @throws IOException if the IdP or its directory cannot start
     */
    DemoIdp start(PrintWriter out) throws UsageException, IOException, EcpException {
        if (!DemoDirectory.HOST.equals(host)) {
            throw new UsageException("option --host: the demo IdP listens on " + DemoDirectory.HOST
                    + " only (value: " + host + ")");
        }
        if (port < 0 || port > 65535) {
            throw new UsageException("option --port: must be 0 (any free port) to 65535 (value: " + port + ")");
        }
        if (caOut != null && !https) {
            throw new UsageException("--ca-out needs --https: there is no CA without TLS");
        }
        Map<String, SpEntry> serviceProviders = new LinkedHashMap<>();
        for (String registration : registrations) {
            SpEntry.parse(registration, serviceProviders);
        }
        for (Path file : spMetadataFiles) {
            SpEntry.fromMetadata(file, serviceProviders);
        }
        DemoIdp.Builder builder = DemoIdp.builder().port(port);
        Optional<Path> ca = Optional.empty();
        if (https) {
            DemoTls tls = DemoTls.generate();
            builder.https(tls.serverKeyStore(), DemoTls.password());
            ca = Optional.of(writeCa(tls));
        }
        DemoIdp idp;
        try {
            idp = builder.start();
        } catch (BindException e) {
            throw new IOException("port " + port + " on " + host + " cannot be used (" + e.getMessage() + ")", e);
        }
        serviceProviders.values().forEach(sp -> idp.registerServiceProvider(sp.registration()));
        print(out, idp, serviceProviders, ca);
        return idp;
    }

    private Path writeCa(DemoTls tls) throws IOException {
        Path file = caOut;
        if (file == null) {
            file = Files.createTempFile("samlec-idp-ca-", ".pem");
            file.toFile().deleteOnExit();
        }
        Files.writeString(file, Pem.encode(tls.caCertificate()), StandardCharsets.US_ASCII);
        return file;
    }

    /** One SP as registered on the command line and in metadata files, merged by entityID. */
    private static final class SpEntry {
        private final String entityId;
        private final List<String> acsUrls = new ArrayList<>();
        private X509Certificate signing;
        private X509Certificate encryption;

        private SpEntry(String entityId) {
            this.entityId = entityId;
        }

        static void parse(String registration, Map<String, SpEntry> into) throws UsageException, EcpException {
            int eq = registration.indexOf('=');
            String entityId = eq < 0 ? "" : registration.substring(0, eq).strip();
            String rest = eq < 0 ? "" : registration.substring(eq + 1);
            int cert = rest.lastIndexOf(",cert=");
            String acs = (cert < 0 ? rest : rest.substring(0, cert)).strip();
            if (entityId.isEmpty() || acs.isEmpty() || (cert >= 0 && rest.substring(cert + 6).isBlank())) {
                throw new UsageException("option --register-sp: must be ENTITY_ID=ACS_URL or"
                        + " ENTITY_ID=ACS_URL,cert=PEM (value: " + registration + ")");
            }
            SpEntry entry = into.computeIfAbsent(entityId, SpEntry::new);
            entry.addAcs(List.of(acs));
            if (cert >= 0) {
                Path pem = Path.of(rest.substring(cert + 6).strip());
                List<X509Certificate> certificates = Pem.readCertificates(pem);
                entry.signing = certificates.get(0);
            }
        }

        static void fromMetadata(Path file, Map<String, SpEntry> into) throws EcpException {
            byte[] xml;
            try {
                xml = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new EcpConfigurationException(EcpError.METADATA_INVALID,
                        "SP metadata file " + file + " cannot be read (" + e.getMessage() + ")", e);
            }
            String source = "SP metadata file " + file;
            SpMetadata sp = new SpMetadataReader().read(xml, source);
            SpEntry entry = into.computeIfAbsent(sp.entityId(), SpEntry::new);
            entry.addAcs(sp.assertionConsumerServiceUrls());
            sp.encryptionCertificate().ifPresent(c -> entry.encryption = c);
            SpSigningCertificate.in(xml, source).ifPresent(c -> entry.signing = c);
        }

        private void addAcs(List<String> urls) {
            urls.stream().filter(u -> !acsUrls.contains(u)).forEach(acsUrls::add);
        }

        ServiceProviderRegistration registration() {
            ServiceProviderRegistration.Builder builder = ServiceProviderRegistration.builder(entityId)
                    .acsUrls(acsUrls);
            if (signing != null) {
                builder.signingCertificate(signing);
            }
            if (encryption != null) {
                builder.encryptionCertificate(encryption);
            }
            return builder.build();
        }

        String describe() {
            return entityId + " -> " + String.join(", ", acsUrls)
                    + (signing == null ? "" : " (signed requests verified with "
                            + signing.getSubjectX500Principal().getName() + ")")
                    + (encryption == null ? "" : " (assertions encrypted)");
        }
    }

    private static void print(PrintWriter out, DemoIdp idp, Map<String, SpEntry> serviceProviders,
            Optional<Path> ca) {
        out.print(idp.banner());
        ca.ifPresent(file -> out.println("  TLS CA:       " + file + " (give it to --trust)"));
        out.println("  users:        " + String.join(", ", DEMO_USERS));
        if (serviceProviders.isEmpty()) {
            out.println("  SPs:          none registered: every login is refused (use --register-sp"
                    + " ENTITY_ID=ACS_URL or --sp-metadata FILE)");
        }
        serviceProviders.values().forEach(sp -> out.println("  SP:           " + sp.describe()));
        out.println("Running until stopped (Ctrl-C).");
        out.flush();
    }
}
