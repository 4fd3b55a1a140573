package dev.samlec.cli;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.metadata.SpMetadata;
import dev.samlec.mech.metadata.SpMetadataReader;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.samlec.testkit.DemoDirectory;
import dev.samlec.testkit.DemoIdp;
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

    @Option(names = "--register-sp", paramLabel = "ENTITY_ID=ACS_URL",
            description = {"Allows this service provider to receive assertions at this ACS URL (split at the first"
                + " '='). Repeat it; repeating an entityID adds ACS URLs.",
                "Or give the SP's metadata with --sp-metadata."})
    private List<String> registrations = new ArrayList<>();

    @Option(names = "--sp-metadata", paramLabel = "FILE",
            description = "Registers the service provider described by this metadata (one md:EntityDescriptor: "
                + "its entityID, every AssertionConsumerService Location, and its encryption certificate, "
                + "to which assertions are then encrypted). Repeatable. A local file only, read as it is: it is"
                + " yours, so it needs no signature and no opt-in (there is no URL form).")
    private List<Path> spMetadataFiles = new ArrayList<>();

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
        Map<String, List<String>> serviceProviders = serviceProviders();
        List<SpMetadata> described = new ArrayList<>();
        for (Path file : spMetadataFiles) {
            described.add(readSpMetadata(file));
        }
        for (SpMetadata sp : described) {
            List<String> urls = serviceProviders.computeIfAbsent(sp.entityId(), k -> new ArrayList<>());
            sp.assertionConsumerServiceUrls().stream().filter(u -> !urls.contains(u)).forEach(urls::add);
        }
        DemoIdp idp;
        try {
            idp = DemoIdp.builder().port(port).start();
        } catch (BindException e) {
            throw new IOException("port " + port + " on " + host + " cannot be used (" + e.getMessage() + ")", e);
        }
        serviceProviders.forEach(idp::registerServiceProvider);
        for (SpMetadata sp : described) {
            sp.encryptionCertificate().ifPresent(certificate -> idp.registerServiceProvider(sp.entityId(),
                    serviceProviders.get(sp.entityId()), certificate));
        }
        print(out, idp, serviceProviders);
        return idp;
    }

    private static SpMetadata readSpMetadata(Path file) throws EcpException {
        try {
            return new SpMetadataReader().read(Files.readAllBytes(file), "SP metadata file " + file);
        } catch (IOException e) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID,
                    "SP metadata file " + file + " cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private Map<String, List<String>> serviceProviders() throws UsageException {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (String registration : registrations) {
            int eq = registration.indexOf('=');
            String entityId = eq < 0 ? "" : registration.substring(0, eq).strip();
            String acs = eq < 0 ? "" : registration.substring(eq + 1).strip();
            if (entityId.isEmpty() || acs.isEmpty()) {
                throw new UsageException("option --register-sp: must be ENTITY_ID=ACS_URL (value: " + registration
                        + ")");
            }
            List<String> urls = result.computeIfAbsent(entityId, k -> new ArrayList<>());
            if (!urls.contains(acs)) {
                urls.add(acs);
            }
        }
        return result;
    }

    private static void print(PrintWriter out, DemoIdp idp, Map<String, List<String>> serviceProviders) {
        out.print(idp.banner());
        out.println("  users:        " + String.join(", ", DEMO_USERS));
        if (serviceProviders.isEmpty()) {
            out.println("  SPs:          none registered: every login is refused (use --register-sp"
                    + " ENTITY_ID=ACS_URL or --sp-metadata FILE)");
        }
        serviceProviders.forEach((entityId, urls) ->
                out.println("  SP:           " + entityId + " -> " + String.join(", ", urls)));
        out.println("Running until stopped (Ctrl-C).");
        out.flush();
    }
}
