package dev.samlec.cli;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.Pem;
import dev.samlec.mech.client.EcpHttpClient;
import dev.samlec.mech.client.HttpResult;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.client.TlsTrust;
import dev.samlec.mech.metadata.IdpChoice;
import dev.samlec.mech.metadata.IdpMetadata;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
            "The service's PAOS challenge is relayed to the IdP with your credentials (HTTP Basic, Kerberos "
                    + "with --negotiate, sent pre-emptively, or a TLS client certificate with --cert), the IdP's signed Response goes back to the service, "
                    + "and the resource is printed. The password is asked for only when a challenge comes (a session in --cookie-jar "
                    + "may make it needless).",
            "Without a challenge, a non-HTML answer is the resource; an HTML page (a browser login) is refused "
                    + "with no_ecp_challenge unless --allow-no-ecp, or unless a --cookie-jar session was sent and "
                    + "the page has no password field.",
            "With --idp-metadata, --idp NAME picks one IdP of a federation aggregate: its entityID, else the"
                    + " only ECP IdP whose DisplayName or entityID equals or contains NAME (ignoring case; an equal"
                    + " name does not beat others containing it); what matched is printed on stderr. The aggregate"
                    + " must then be signed by --metadata-signing-cert, or read with an explicit --unsigned-metadata."
                    + " The IdP's TLS is still checked with --trust or --system-trust only.",
            "Defaults for --idp, --idp-metadata, --idp-entity-id, --metadata-signing-cert, -u and --trust: the "
                    + "environment (SAMLEC_IDP, SAMLEC_IDP_METADATA, SAMLEC_IDP_ENTITY_ID, "
                    + "SAMLEC_METADATA_SIGNING_CERT, SAMLEC_USER, SAMLEC_TRUST), then the config file "
                    + "($SAMLEC_CONFIG, else $XDG_CONFIG_HOME/samlec/config or ~/.config/samlec/config: key=value "
                    + "lines, keys as the option names).",
            "Exit 0 on an HTTP 2xx, 1 on any failure, 2 on a usage error."})
final class CurlCommand implements Callable<Integer> {
    /** The code of a service that never sent an ECP challenge but a browser login page (not an EcpError). */
    static final String NO_ECP_CHALLENGE = "no_ecp_challenge";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "The protected resource.")
    private URI url;

    @Mixin
    private IdpOptions idp = new IdpOptions();

    @Option(names = "--unsigned-metadata", description = "With --idp NAME and --idp-metadata: read the federation"
            + " aggregate without checking a signature (a file you fetched by a path you trust); otherwise"
            + " --metadata-signing-cert is required to pick an IdP by name.")
    private boolean unsignedMetadata;

    @Option(names = "--idp-mdq", paramLabel = "URL",
            description = "A Metadata Query (MDQ) service of your federation: --idp ENTITYID is looked up as"
                    + " URL/entities/{entityID}, and the answer must be that IdP's metadata signed by a"
                    + " --metadata-signing-cert certificate (MDQ cannot be searched by name). Excludes"
                    + " --idp-metadata.")
    private URI idpMdq;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Your user name at the IdP (needed when "
            + "a challenge comes).")
    private String user;

    @Option(names = {"--negotiate", "--kerberos"}, description = "Log in at the IdP with Kerberos (HTTP Negotiate, "
            + "SPNEGO, sent pre-emptively; the IdP must prove itself back) with the ticket in $KRB5CCNAME or the "
            + "default credential cache (run kinit first; never prompts). Excludes -u and --password-stdin.")
    private boolean negotiate;

    @Mixin
    private ClientCertificateOptions clientCertificate = new ClientCertificateOptions();

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input, "
            + "when a challenge comes (otherwise it is asked for on the terminal, without echo).")
    private boolean passwordStdin;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the resource to FILE, not stdout.")
    private Path output;

    @Option(names = {"-c", "--cookie-jar"}, paramLabel = "FILE",
            description = "Read cookies from FILE before and write them after (Netscape format): a session "
                    + "cookie saved here avoids a new login (and the password prompt) next time.")
    private Path cookieJar;

    @Option(names = {"-H", "--header"}, paramLabel = "HEADER",
            description = "Send HEADER ('Name: value') to the service (never to the IdP); repeatable. Accept, PAOS, Cookie, "
                    + "Authorization, Host, Content-Type, Content-Length and hop-by-hop headers are refused: the "
                    + "ECP exchange sets them or they would break it (use --cookie-jar for cookies).")
    private List<String> headers = new ArrayList<>();

    @Option(names = "--save-dir", paramLabel = "DIR",
            description = "Keep every message of the login in DIR (owner-only files, they hold your assertion): "
                    + "1-sp-challenge.xml, 2-idp-request.xml, 3-idp-response.xml (for samlec verify), "
                    + "4-sp-response.xml, and exchange.properties with verify's --sp-entity-id, --acs, "
                    + "--in-response-to and --now values.")
    private Path saveDir;

    @Option(names = "--allow-no-ecp", description = "Print what the service sent even when it answers with an HTML "
            + "(browser login) page instead of an ECP challenge.")
    private boolean allowNoEcp;

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

    @Option(names = {"-m", "--max-time"}, paramLabel = "SECONDS", description = MaxTime.DESCRIPTION
            + " A password prompt during the exchange counts.")
    private Double maxTimeSeconds;

    @Option(names = {"-v", "--verbose"}, description = "Print each ECP step on stderr.")
    private boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (negotiate && (user != null || passwordStdin)) {
            throw new UsageException("--negotiate (--kerberos) uses your Kerberos ticket: leave out -u and"
                    + " --password-stdin");
        }
        clientCertificate.check();
        if (clientCertificate.holderOfKey() && !"https".equalsIgnoreCase(url.getScheme())) {
            throw new UsageException("--holder-of-key needs an https URL: the service accepts the assertion only"
                    + " over a TLS connection with your key (value: " + url + ")");
        }
        if (clientCertificate.present() && (negotiate || user != null || passwordStdin)) {
            throw new UsageException("--cert logs you in with your client certificate: leave out -u,"
                    + " --password-stdin and --negotiate");
        }
        applyDefaults(Defaults.load());
        idp.validity(); // a bad --metadata-max-validity, or one without --metadata-signing-cert, before any request
        if (idpMdq != null) {
            checkMdqOptions();
        } else if (idp.idp == null && idp.idpMetadata == null) {
            throw new UsageException("give --idp URL, or --idp-metadata FILE|URL (with --idp NAME to pick one IdP of a"
                    + " federation aggregate) (or set SAMLEC_IDP, SAMLEC_IDP_METADATA or the config file)");
        }
        if (trust != null && systemTrust) {
            throw new UsageException("--trust and --system-trust exclude each other");
        }
        if (idpMdq == null) {
            idp.checkSigningCertHasMetadata();
        }
        checkAggregateTrust();
        List<Map.Entry<String, String>> extraHeaders = ExtraHeaders.parse(headers);
        PrintWriter err = spec.commandLine().getErr();
        Optional<MaxTime> maxTime = MaxTime.start(maxTimeSeconds);
        ExchangeFiles exchange;
        try {
            exchange = ExchangeFiles.in(Optional.ofNullable(saveDir), Clock.systemUTC());
        } catch (java.io.IOException e) {
            throw new UsageException(e.getMessage());
        }
        Optional<IdpCredentials.ClientCertificate> certificate = clientCertificate.present()
                ? Optional.of(clientCertificate.credentials()) : Optional.empty();
        try (PasswordOnChallenge password = new PasswordOnChallenge(Optional.ofNullable(user), passwordStdin,
                System.in); EcpHttpClient client = client(password, certificate, exchange, extraHeaders, err,
                        maxTime)) {
            return fetchAndPrint(client, password, exchange, err);
        } finally {
            certificate.ifPresent(IdpCredentials.ClientCertificate::destroy);
        }
    }

    private int fetchAndPrint(EcpHttpClient client, PasswordOnChallenge password, ExchangeFiles exchange,
            PrintWriter err) throws Exception {
        boolean session = false;
        if (cookieJar != null && Files.exists(cookieJar)) {
            client.loadCookies(cookieJar);
            session = client.cookieStore().getCookies().stream().anyMatch(c -> matchesHost(c.getDomain()));
        }
        HttpResult result = fetch(client, password);
        if (cookieJar != null) {
            client.saveCookies(cookieJar);
        }
        if (saveDir != null) {
            err.println("samlec curl: " + exchange.saved() + " messages saved in " + saveDir);
        }
        if (!exchange.challenged() && result.status() / 100 == 2 && !allowNoEcp) {
            Optional<String> page = NoChallenge.browserLogin(result, session);
            if (page.isPresent()) {
                err.println("samlec curl: " + NO_ECP_CHALLENGE + ": the service answered " + url
                        + (result.finalUri().equals(url) ? "" : " (redirected to " + result.finalUri() + ")")
                        + " with " + page.get() + ", not an ECP (PAOS) challenge: it wants a browser login,"
                        + " or ECP is not enabled for this URL; nothing printed (--allow-no-ecp prints it)");
                return SamlecCommand.EXIT_FAILURE;
            }
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
    }

    private HttpResult fetch(EcpHttpClient client, PasswordOnChallenge password) throws Exception {
        try {
            return client.fetch(url);
        } catch (EcpException e) {
            if (password.usageProblem().isPresent()) {
                throw password.usageProblem().get();
            }
            throw e;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private boolean matchesHost(String domain) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        String d = domain == null ? "" : domain.toLowerCase(Locale.ROOT).replaceFirst("^\\.", "");
        return !d.isEmpty() && (host.equals(d) || host.endsWith("." + d));
    }

    private void checkMdqOptions() throws UsageException {
        IdpMdqLookup.checkOptions(idpMdq, idp.metadataSigningCert);
        if (idp.idpMetadata != null || idp.idpEntityId != null) {
            throw new UsageException("--idp-mdq excludes --idp-metadata and --idp-entity-id: give the IdP's entityID"
                    + " as --idp");
        }
        if (idp.idp == null) {
            throw new UsageException("--idp-mdq needs --idp ENTITYID: the IdP to look up");
        }
    }

    /**
     * An IdP picked by name from an aggregate trusts the aggregate for where the password goes: its signature must
     * be checked (--metadata-signing-cert), or the user must say it is not (--unsigned-metadata), as for
     * {@code samlec idps}. A single IdP's --idp-metadata without --idp NAME stays readable unsigned.
     */
    private void checkAggregateTrust() throws UsageException {
        if (!unsignedMetadata) {
            if (idpMdq == null && idp.idp != null && idp.idpMetadata != null && idp.metadataSigningCert == null) {
                throw new UsageException("--idp NAME picks an IdP from the --idp-metadata aggregate: say how the"
                        + " aggregate is trusted, --metadata-signing-cert PEM (the federation's signing certificate)"
                        + " or --unsigned-metadata");
            }
            return;
        }
        if (idp.metadataSigningCert != null) {
            throw new UsageException("--metadata-signing-cert and --unsigned-metadata exclude each other");
        }
        if (idpMdq != null || idp.idpMetadata == null) {
            throw new UsageException("--unsigned-metadata needs --idp-metadata (and is refused with --idp-mdq): it"
                    + " reads that metadata without checking a signature");
        }
    }

    private void applyDefaults(Defaults defaults) throws UsageException {
        // with --idp-mdq the MDQ service is where the IdP's metadata comes from: no default IdP or metadata applies
        if (idpMdq == null && idp.idp == null && idp.idpMetadata == null) {
            // both from the defaults: the metadata is a federation aggregate and idp names one IdP of it
            idp.idp = defaults.get("idp").orElse(null);
            idp.idpMetadata = defaults.get("idp-metadata").orElse(null);
        } else if (idpMdq == null && idp.idpMetadata == null && !idp.idpLooksLikeUrl()) {
            // --idp NAME: the IdP of the default metadata (a federation aggregate) with that name
            idp.idpMetadata = defaults.get("idp-metadata").orElse(null);
        }
        boolean pickedByName = idpMdq != null || idp.idp != null && idp.idpMetadata != null;
        if (idp.idpEntityId == null && !pickedByName) {
            idp.idpEntityId = defaults.get("idp-entity-id").orElse(null);
        }
        if (idp.metadataSigningCert == null && (idp.idpMetadata != null || idpMdq != null)) {
            idp.metadataSigningCert = defaults.get("metadata-signing-cert").map(Path::of).orElse(null);
        }
        if (user == null) {
            user = defaults.get("user").orElse(null);
        }
        if (trust == null && !systemTrust) {
            trust = defaults.get("trust").map(Path::of).orElse(null);
        }
    }

    /** With -m every call's own limits are the whole -m too, so that -m alone bounds the run, as with curl. */
    private EcpHttpClient client(PasswordOnChallenge password,
            Optional<IdpCredentials.ClientCertificate> certificate, ExchangeFiles exchange,
            List<Map.Entry<String, String>> extraHeaders, PrintWriter err, Optional<MaxTime> maxTime)
            throws EcpException, UsageException {
        EcpHttpClient.Builder builder = EcpHttpClient.builder().idp(endpoint(maxTime, certificate))
                .allowInsecureHttp(allowHttp)
                .spConnectTimeout(Duration.ofSeconds(connectTimeout)).recorder(exchange);
        if (!negotiate && certificate.isEmpty()) {
            builder.challengeCredentials(password);
        }
        if (clientCertificate.holderOfKey()) {
            builder.holderOfKey(certificate.orElseThrow());
            if (clientCertificate.acceptEncrypted()) {
                builder.acceptEncryptedHolderOfKeyAnswers();
            }
        }
        for (Map.Entry<String, String> header : extraHeaders) {
            try {
                builder.spHeader(header.getKey(), header.getValue());
            } catch (EcpException e) {
                throw new UsageException("option -H/--header: " + e.getMessage().replace("ECP client: ", ""));
            }
        }
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

    private IdpEndpoint endpoint(Optional<MaxTime> maxTime, Optional<IdpCredentials.ClientCertificate> certificate)
            throws EcpException, UsageException {
        IdpEndpoint.Builder builder;
        Duration metadataTimeout = maxTime.isPresent() ? maxTime.get().left()
                : dev.samlec.mech.metadata.MetadataLoader.DEFAULT_CALL_TIMEOUT;
        if (idpMdq != null) {
            IdpChoice choice = new IdpMdqLookup(idpMdq, idp.metadataSigningCert, allowHttp, tlsTrust(),
                    idp.validity())
                    .resolve(idp.idp, metadataTimeout);
            PrintWriter err = spec.commandLine().getErr();
            err.println("samlec curl: " + choice.explanation());
            err.flush();
            builder = choice.endpoint(); // TLS trust: only --trust / --system-trust, below, never the metadata
        } else if (idp.idpMetadata == null) {
            URI soapUrl = idp.idpUrl().orElseThrow();
            builder = idp.idpEntityId != null ? IdpEndpoint.builder(idp.idpEntityId, soapUrl)
                    : IdpEndpoint.builder(soapUrl);
        } else if (idp.idp != null) {
            IdpChoice choice = idp.chooseIdp(allowHttp, tlsTrust(), metadataTimeout);
            PrintWriter err = spec.commandLine().getErr();
            err.println("samlec curl: " + choice.explanation());
            err.flush();
            builder = choice.endpoint(); // TLS trust: only --trust / --system-trust, below, never the metadata
        } else {
            IdpMetadata metadata = idp.loadMetadata(allowHttp, tlsTrust(), metadataTimeout);
            builder = IdpEndpoint.builder(metadata.entityId(), metadata.soapSingleSignOnServices().get(0));
        }
        // the password comes from PasswordOnChallenge, once a challenge comes; a Kerberos ticket or a client
        // certificate is the endpoint's
        if (negotiate) {
            builder.credentials(kerberosTicketCache());
        }
        certificate.ifPresent(builder::credentials);
        builder.allowInsecureHttp(allowHttp).connectTimeout(Duration.ofSeconds(connectTimeout));
        if (maxTime.isPresent()) {
            builder.callTimeout(maxTime.get().total())
                    .responseTimeout(longest(IdpEndpoint.DEFAULT_RESPONSE_TIMEOUT, maxTime.get().total()));
        }
        tlsTrust().ifPresent(builder::trust);
        return builder.build();
    }

    /** {@code KRB5CCNAME} (a {@code FILE:} cache or a plain path), else the JDK's default cache. */
    private static IdpCredentials.Negotiate kerberosTicketCache() throws UsageException {
        String name = Defaults.environment.apply("KRB5CCNAME");
        if (name == null || name.isBlank()) {
            return IdpCredentials.negotiateFromTicketCache();
        }
        String path = name.strip().startsWith("FILE:") ? name.strip().substring(5) : name.strip();
        if (path.isEmpty() || path.matches("^[A-Z]+:.*")) {
            throw new UsageException("KRB5CCNAME: only a FILE: credential cache can be read by Java (value: " + name
                    + ")");
        }
        return IdpCredentials.negotiateFromTicketCache(Path.of(path));
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
