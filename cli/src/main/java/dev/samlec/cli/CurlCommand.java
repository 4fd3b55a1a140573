package dev.samlec.cli;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.Pem;
import dev.samlec.mech.client.EcpHttpClient;
import dev.samlec.mech.client.HttpResult;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.client.TlsTrust;
import dev.samlec.mech.metadata.IdpMetadata;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code samlec curl}: fetch an ECP-protected HTTP resource, logging in through the IdP when challenged. */
@Command(name = "curl", mixinStandardHelpOptions = true,
        description = {"Fetch a SAML-protected HTTP resource through ECP, like ecp-curl.",
            "The service's PAOS challenge is relayed to the IdP with your credentials (HTTP Basic, sent "
                    + "pre-emptively), the IdP's signed Response goes back to the service, and the resource is "
                    + "printed. Exit 0 on an HTTP 2xx, 1 on any failure, 2 on a usage error."})
final class CurlCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "The protected resource.")
    private URI url;

    @Mixin
    private IdpOptions idp = new IdpOptions();

    @Option(names = {"-u", "--user"}, required = true, paramLabel = "USER", description = "Your user name at the IdP.")
    private String user;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input "
            + "(otherwise it is asked for on the terminal, without echo).")
    private boolean passwordStdin;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the resource to FILE, not stdout.")
    private Path output;

    @Option(names = {"-c", "--cookie-jar"}, paramLabel = "FILE",
            description = "Read cookies from FILE before and write them after (Netscape format): a session "
                    + "cookie saved here avoids a new login next time.")
    private Path cookieJar;

    @Option(names = "--trust", paramLabel = "PEM", description = "Trust only the certificates in PEM (pinned leaf "
            + "or CA) for the IdP's, the service's and an https --idp-metadata URL's TLS.")
    private Path trust;

    @Option(names = "--system-trust", description = "Trust the JVM's default CA bundle (off by default) for the "
            + "IdP's, the service's and an https --idp-metadata URL's TLS.")
    private boolean systemTrust;

    @Option(names = "--allow-http", description = "Allow plain-http IdP, service and --idp-metadata URLs (for "
            + "local tests only: the password and the assertion travel in clear, and the IdP's keys can be replaced).")
    private boolean allowHttp;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Time to open a connection (default: ${DEFAULT-VALUE}).")
    private int connectTimeout;

    @Option(names = {"-m", "--max-time"}, paramLabel = "SECONDS", description = MaxTime.DESCRIPTION)
    private Double maxTimeSeconds;

    @Option(names = {"-v", "--verbose"}, description = "Print each ECP step on stderr.")
    private boolean verbose;

    @Override
    public Integer call() throws Exception {
        if ((idp.idpUrl == null) == (idp.idpMetadata == null)) {
            throw new UsageException("give exactly one of --idp URL and --idp-metadata FILE|URL");
        }
        if (trust != null && systemTrust) {
            throw new UsageException("--trust and --system-trust exclude each other");
        }
        idp.checkSigningCertHasMetadata();
        char[] password = passwordStdin ? PasswordSource.fromStdin(System.in) : PasswordSource.prompt(user);
        PrintWriter err = spec.commandLine().getErr();
        Optional<MaxTime> maxTime = MaxTime.start(maxTimeSeconds);
        try (EcpHttpClient client = client(password, err, maxTime)) {
            if (cookieJar != null && Files.exists(cookieJar)) {
                client.loadCookies(cookieJar);
            }
            HttpResult result = client.fetch(url);
            if (cookieJar != null) {
                client.saveCookies(cookieJar);
            }
            if (output != null) {
                Files.write(output, result.body());
            } else {
                System.out.write(result.body());
                System.out.flush();
            }
            if (result.status() / 100 != 2) {
                err.println("samlec curl: HTTP " + result.status() + " from " + result.finalUri());
                return SamlecCommand.EXIT_FAILURE;
            }
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** With -m every call's own limits are the whole -m too, so that -m alone bounds the run, as with curl. */
    private EcpHttpClient client(char[] password, PrintWriter err, Optional<MaxTime> maxTime)
            throws EcpException, UsageException {
        EcpHttpClient.Builder builder = EcpHttpClient.builder().idp(endpoint(password, maxTime))
                .allowInsecureHttp(allowHttp)
                .spConnectTimeout(Duration.ofSeconds(connectTimeout));
        if (maxTime.isPresent()) {
            builder.maxTime(maxTime.get().left()).spCallTimeout(maxTime.get().total())
                    .spResponseTimeout(longest(IdpEndpoint.DEFAULT_RESPONSE_TIMEOUT, maxTime.get().total()));
        }
        tlsTrust().ifPresent(builder::spTrust);
        if (verbose) {
            builder.listener(step -> {
                err.println("* " + step);
                err.flush();
            });
        }
        return builder.build();
    }

    private IdpEndpoint endpoint(char[] password, Optional<MaxTime> maxTime) throws EcpException, UsageException {
        IdpEndpoint.Builder builder;
        if (idp.idpUrl != null) {
            builder = idp.idpEntityId != null ? IdpEndpoint.builder(idp.idpEntityId, idp.idpUrl)
                    : IdpEndpoint.builder(idp.idpUrl);
        } else {
            IdpMetadata metadata = idp.loadMetadata(allowHttp, tlsTrust(), maxTime.isPresent()
                    ? maxTime.get().left() : dev.samlec.mech.metadata.MetadataLoader.DEFAULT_CALL_TIMEOUT);
            builder = IdpEndpoint.builder(metadata.entityId(), metadata.soapSingleSignOnServices().get(0));
        }
        builder.credentials(IdpCredentials.basic(user, password))
                .allowInsecureHttp(allowHttp)
                .connectTimeout(Duration.ofSeconds(connectTimeout));
        if (maxTime.isPresent()) {
            builder.callTimeout(maxTime.get().total())
                    .responseTimeout(longest(IdpEndpoint.DEFAULT_RESPONSE_TIMEOUT, maxTime.get().total()));
        }
        tlsTrust().ifPresent(builder::trust);
        return builder.build();
    }

    private static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private java.util.Optional<TlsTrust> tlsTrust() throws EcpException {
        if (trust != null) {
            List<X509Certificate> certificates = Pem.readCertificates(trust);
            return java.util.Optional.of(TlsTrust.pinned(certificates));
        }
        return systemTrust ? java.util.Optional.of(TlsTrust.system()) : java.util.Optional.empty();
    }
}
