package dev.samlec.cli;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.Pem;
import dev.samlec.mech.SamlAttribute;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.client.TlsTrust;
import dev.samlec.mech.metadata.IdpChoice;
import dev.samlec.mech.metadata.IdpMetadata;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.IssueOptions;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslProvider;
import dev.samlec.sasl.TlsChannelBinding;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code samlec saml20ec}: one SAML20EC exchange between samlec's SASL client and server in this process, through
 * a real IdP, to check that the IdP works for a SASL service name before configuring LDAP, Kafka or mail.
 */
@Command(name = "saml20ec", mixinStandardHelpOptions = true,
        description = {"Run one SAML20EC (or SAML20EC-PLUS) SASL exchange between samlec's client and server in "
                + "this process, through a real IdP: checks that the IdP accepts the service name as ACS and that "
                + "its Response passes the service's validation. Register --sp-entity-id with --service-name as "
                + "its ACS at the IdP first.",
            "Exit 0 when the server accepts the login, 1 on any failure, 2 on a usage error."})
final class Saml20ecCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private IdpOptions idp = new IdpOptions();

    @Option(names = "--idp-mdq", paramLabel = "URL",
            description = "A Metadata Query (MDQ) service, instead of --idp-metadata: --idp-entity-id ID is looked up"
                    + " as URL/entities/{entityID}, and the answer must be that IdP's metadata signed by a"
                    + " --metadata-signing-cert certificate; both sides of the exchange then use it (so it"
                    + " excludes --idp-metadata and --idp). An http URL needs --allow-http; an https URL's TLS is"
                    + " checked with --trust or --system-trust, else the JVM's CAs.")
    private URI idpMdq;

    @Option(names = "--service-name", required = true, paramLabel = "NAME",
            description = "The SASL service name: protocol@host (ldap@ldap.example.org), or an absolute URI for IdPs "
                    + "that need one (urn:samlec:ldap@ldap.example.org).")
    private String serviceName;

    @Option(names = "--sp-entity-id", required = true, paramLabel = "ID", description = "The service's entity ID.")
    private String entityId;

    @Option(names = {"-u", "--user"}, required = true, paramLabel = "USER", description = "Your user name at the IdP.")
    private String user;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    private boolean passwordStdin;

    @Option(names = "--authzid", paramLabel = "ID", description = "Ask to act as ID (the server here allows only "
            + "your own name).")
    private String authzid;

    @Option(names = "--sp-key", paramLabel = "PEM", description = "The service's signing key (PKCS#8 PEM).")
    private Path spKey;

    @Option(names = "--sp-cert", paramLabel = "PEM", description = "The certificate of --sp-key.")
    private Path spCert;

    @Option(names = "--mutual", description = "Ask for mutual authentication (mut): needs --sp-key and an IdP that "
            + "answers ecp:RequestAuthenticated.")
    private boolean mutual;

    @Option(names = "--channel-binding", description = "Use SAML20EC-PLUS with a random channel binding (there is no "
            + "TLS connection here): checks that the IdP echoes ECP 2.0 channel bindings. Needs --sp-key.")
    private boolean channelBinding;

    @Option(names = "--paos-binding", description = "Ask for the PAOS ProtocolBinding instead of "
            + "urn:ietf:params:xml:ns:samlec (for IdPs that know only PAOS ACS endpoints).")
    private boolean paosBinding;

    @Option(names = "--trust", paramLabel = "PEM", description = "Trust only these certificates (leaf or CA) for the "
            + "IdP's and an https --idp-metadata or --idp-mdq URL's TLS.")
    private Path trust;

    @Option(names = "--system-trust", description = "Trust the JVM's default CA bundle for the IdP's and an https "
            + "--idp-metadata or --idp-mdq URL's TLS (off by default: your password goes to the IdP).")
    private boolean systemTrust;

    @Option(names = "--allow-http", description = "Allow plain-http IdP, --idp-metadata and --idp-mdq URLs (local "
            + "tests only: the password travels in clear and the IdP's keys can be replaced).")
    private boolean allowHttp;

    @Option(names = {"-v", "--verbose"}, description = "Print each SASL message's size and kind on stderr.")
    private boolean verbose;

    @Option(names = {"-m", "--max-time"}, paramLabel = "SECONDS", description = MaxTime.DESCRIPTION)
    private Double maxTimeSeconds;

    private TlsChannelBinding sharedChannelBinding;

    @Override
    public Integer call() throws Exception {
        if ((spKey == null) != (spCert == null)) {
            throw new UsageException("--sp-key and --sp-cert go together");
        }
        if ((mutual || channelBinding) && spKey == null) {
            throw new UsageException("--mutual and --channel-binding need --sp-key and --sp-cert: the request is signed");
        }
        if (idpMdq != null) {
            checkMdqOptions();
        }
        Optional<URI> idpUrl = idp.idpUrl(); // a bad --idp or --metadata-max-validity before any lookup or prompt
        idp.validity();
        Optional<MaxTime> limit = MaxTime.start(maxTimeSeconds);
        Optional<TlsTrust> tlsTrust = TrustChoice.of(trust, systemTrust);
        Duration metadataTimeout = limit.isPresent() ? limit.get().left()
                : dev.samlec.mech.metadata.MetadataLoader.DEFAULT_CALL_TIMEOUT;
        IdpMetadata metadata = idpMdq != null ? lookUpByMdq(tlsTrust, metadataTimeout)
                : idp.loadMetadata(allowHttp, tlsTrust, metadataTimeout);
        long prompted = MaxTime.now();
        char[] password = passwordStdin ? PasswordSource.fromStdin(System.in) : PasswordSource.prompt(user);
        Optional<MaxTime> maxTime = limit.map(m -> m.excludingSince(prompted));
        boolean installed = SamlecSaslProvider.install();
        try {
            SaslServer server = server(metadata);
            SaslClient client = client(metadata, idpUrl, password, tlsTrust, maxTime);
            SamlIdentity identity = run(client, server);
            print(server.getAuthorizationID(), identity);
            return 0;
        } finally {
            Arrays.fill(password, '\0');
            if (installed) {
                SamlecSaslProvider.uninstall();
            }
        }
    }

    /** With --idp-mdq: not with --idp-metadata or --idp, with --idp-entity-id and --metadata-signing-cert. */
    private void checkMdqOptions() throws UsageException {
        IdpMdqLookup.checkOptions(idpMdq, idp.metadataSigningCert);
        if (idp.idpMetadata != null) {
            throw new UsageException("--idp-mdq and --idp-metadata exclude each other: the IdP's metadata comes from"
                    + " one of them; give one");
        }
        if (idp.idp != null) {
            throw new UsageException("--idp-mdq excludes --idp: the IdP's ECP endpoint, where the password goes,"
                    + " comes from the signed MDQ answer");
        }
        if (idp.idpEntityId == null) {
            throw new UsageException("--idp-mdq needs --idp-entity-id ID: the IdP to look up");
        }
    }

    /** The IdP of --idp-entity-id from the --idp-mdq service, trusted by the --metadata-signing-cert signature. */
    private IdpMetadata lookUpByMdq(Optional<TlsTrust> tlsTrust, Duration timeout)
            throws EcpException, UsageException {
        IdpChoice choice = new IdpMdqLookup(idpMdq, idp.metadataSigningCert, allowHttp, tlsTrust,
                idp.validity())
                .resolve(idp.idpEntityId, timeout);
        PrintWriter err = spec.commandLine().getErr();
        err.println("samlec saml20ec: " + choice.explanation()); // where the password will go, as curl says it
        err.flush();
        return choice.metadata();
    }

    private String mechanism() {
        return channelBinding ? SamlecSasl.SAML20EC_PLUS : SamlecSasl.SAML20EC;
    }

    private SaslServer server(IdpMetadata metadata) throws EcpException, SaslException {
        ServiceProviderSettings.Builder settings = ServiceProviderSettings.builder().entityId(entityId)
                .assertionConsumerServiceUrl(serviceName)
                .idpTrust(IdpTrust.of(metadata.toTrustedIdp())); // keeps WantAuthnRequestsSigned
        if (spKey != null) {
            settings.signingKey(KeyPairs.checked(Pem.readPrivateKey(spKey), Pem.readCertificates(spCert).get(0),
                    "--sp-key", spKey));
        }
        SamlecAcceptor.Builder acceptor = SamlecAcceptor.builder(settings.build());
        if (paosBinding) {
            acceptor.protocolBinding(IssueOptions.BINDING_PAOS);
        }
        Map<String, Object> props = props();
        props.put(SamlecSasl.ACCEPTOR, acceptor.build());
        return Sasl.createSaslServer(mechanism(), null, null, props, null);
    }

    private SaslClient client(IdpMetadata metadata, Optional<URI> idpUrl, char[] password,
            Optional<TlsTrust> tlsTrust, Optional<MaxTime> maxTime) throws EcpException, SaslException {
        URI url = idpUrl.orElse(metadata.soapSingleSignOnServices().get(0));
        IdpEndpoint.Builder endpoint = IdpEndpoint.builder(metadata.entityId(), url)
                .credentials(IdpCredentials.basic(user, password)).allowInsecureHttp(allowHttp)
                .connectTimeout(Duration.ofSeconds(10)).responseTimeout(Duration.ofSeconds(30));
        tlsTrust.ifPresent(endpoint::trust); // none: an https IdP is refused (invalid_configuration)
        Map<String, Object> props = props();
        props.put(SamlecSasl.IDPS, List.of(endpoint.build()));
        maxTime.ifPresent(m -> props.put(SamlecSasl.CALL_TIMEOUT, m.left()));
        if (mutual) {
            props.put(Sasl.SERVER_AUTH, "true");
        }
        return Sasl.createSaslClient(new String[] {mechanism()}, authzid, null, null, props, null);
    }

    private Map<String, Object> props() {
        Map<String, Object> props = new HashMap<>();
        props.put(SamlecSasl.SERVICE_NAME, serviceName);
        if (channelBinding) {
            props.put(SamlecSasl.CHANNEL_BINDING, channelBindingValue());
        }
        return props;
    }

    /** One random value for both sides: they stand for the two ends of one TLS connection. */
    private TlsChannelBinding channelBindingValue() {
        if (sharedChannelBinding == null) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            sharedChannelBinding = new TlsChannelBinding(TlsChannelBinding.TLS_EXPORTER, random);
        }
        return sharedChannelBinding;
    }

    private SamlIdentity run(SaslClient client, SaslServer server) throws SaslException {
        byte[] initial = client.evaluateChallenge(new byte[0]);
        step("client initial response: " + new String(initial, StandardCharsets.UTF_8));
        byte[] challenge = server.evaluateResponse(initial);
        step("server challenge: " + challenge.length + " bytes (PAOS request, AuthnRequest for " + serviceName + ")");
        byte[] response = client.evaluateChallenge(challenge);
        if (!client.isComplete()) {
            step("client response: a SOAP fault (" + response.length + " bytes)");
            client.evaluateChallenge(new byte[0]); // throws the client's own failure, more precise than the server's
        }
        step("client response: " + response.length + " bytes");
        server.evaluateResponse(response);
        step("server: login accepted");
        return (SamlIdentity) server.getNegotiatedProperty(SamlecSasl.IDENTITY);
    }

    private void print(String authorizationId, SamlIdentity identity) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("mechanism=" + mechanism());
        out.println("authorizationId=" + authorizationId);
        out.println("nameId=" + identity.nameId().value());
        out.println("issuer=" + identity.issuer());
        for (SamlAttribute attribute : identity.attributes()) {
            out.println("attribute." + attribute.friendlyName().orElse(attribute.name()) + "="
                    + String.join(";", attribute.values()));
        }
        out.flush();
    }

    private void step(String message) {
        if (verbose) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("* " + message);
            err.flush();
        }
    }
}
