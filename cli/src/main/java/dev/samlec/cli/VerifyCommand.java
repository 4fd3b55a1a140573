package dev.samlec.cli;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlAttribute;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.metadata.FederationTrust;
import dev.samlec.mech.metadata.IdpMetadata;
import dev.samlec.mech.service.AlgorithmPolicy;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.IdpTrustSource;
import dev.samlec.mech.service.RequestTracker;
import dev.samlec.mech.service.ResponseValidator;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.mech.service.ValidationContext;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code samlec verify}: validates saved SAML Response files with the same validator a samlec service runs, and
 * prints one JSON line per file. All files of one call share one validator, so one replay cache and one request
 * tracker: a file given twice is refused the second time, exactly as a service would refuse it.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Validates saved SAML Response files exactly as a samlec service does (signatures with the IdP's"
                + " metadata keys only, Issuer, Destination, SubjectConfirmation, validity window, Audience,"
                + " replay) and prints one JSON line per file, in order:",
            "  {\"file\":\"...\",\"accepted\":true,\"nameId\":\"...\",\"issuer\":\"...\",",
            "   [\"idpName\":\"...\",] \"attributes\":{\"name\":[\"value\",...]}}",
            "  {\"file\":\"...\",\"accepted\":false,\"error\":\"CODE\",\"message\":\"...\"}",
            "A file holds a bare samlp:Response, the IdP's SOAP answer (with ecp:Response) or the client's PAOS"
                + " response to the SP. Attributes are keyed by FriendlyName when the IdP sent one, else by Name.",
            "Without --idp-entity-id, every IdP of the --idp-metadata aggregate that passes the --federation-*"
                + " filters is trusted, each Response checked only with the keys of the IdP its Issuer names;"
                + " idpName is then that IdP's mdui:DisplayName, if it has one.",
            "With --idp-mdq instead of --idp-metadata, the IdP each Response's Issuer names is looked up at that"
                + " MDQ service (signed answers only, --metadata-signing-cert), under the same filters; no idpName.",
            "All files share one replay cache: the same assertion twice is refused the second time"
                + " (replayed_assertion)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every file was accepted",
            "1:a file was rejected, or the metadata or a key could not be used (one line on stderr)",
            "2:usage error (missing or invalid option)"})
final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--idp-metadata", paramLabel = "FILE|URL",
            description = "The IdP's SAML metadata (file, or http(s) URL): its entityID and signing certificates"
                + " (required unless --idp-mdq). " + IdpMetadataSource.LOCATION_HELP)
    private String idpMetadata;

    @Option(names = "--idp-mdq", paramLabel = "URL", description = IdpMdqSource.HELP)
    private URI idpMdq;

    @Option(names = "--metadata-signing-cert", paramLabel = "PEM", description = IdpMetadataSource.SIGNING_CERT_HELP
            + " With --idp-mdq (required there): the certificate the MDQ service signs its answers with.")
    private Path metadataSigningCert;

    @Mixin
    private MetadataValidityOption validityOption = new MetadataValidityOption();

    @Option(names = "--allow-http", description = "Allow a plain-http --idp-metadata URL (tests only: whoever is on"
            + " the path could replace the IdP's signing keys) or --idp-mdq URL (its answers could be withheld).")
    private boolean allowHttp;

    @Option(names = "--trust", paramLabel = "PEM", description = "Trust only these certificates (leaf or CA) for an"
            + " https --idp-metadata or --idp-mdq URL's TLS.")
    private Path trust;

    @Option(names = "--system-trust", description = "Trust the JVM's default CA bundle for an https --idp-metadata"
            + " or --idp-mdq URL's TLS (for --idp-mdq also the default).")
    private boolean systemTrust;

    @Option(names = "--idp-entity-id", paramLabel = "ID",
            description = "Trust only this IdP of the metadata (with --idp-mdq: the only IdP asked for); without"
                + " it, every IdP of the document (or of the MDQ service) that passes the --federation-* filters.")
    private String idpEntityId;

    @Mixin
    private FederationOptions federation = new FederationOptions();

    @Option(names = "--sp-entity-id", required = true, paramLabel = "ID",
            description = "This service's entityID (the required Audience).")
    private String spEntityId;

    @Option(names = "--acs", required = true, paramLabel = "URL",
            description = "This service's AssertionConsumerService URL (compared with Destination and Recipient).")
    private String acs;

    @Option(names = "--in-response-to", paramLabel = "ID",
            description = {"The AuthnRequest ID the Responses must answer. It is tracked once and consumed by the"
                + " first file that answers it, as a service does: a second file answering the same ID is refused"
                + " (invalid_in_response_to).",
                "Without this option InResponseTo is NOT bound to any request: an accepted file may be an"
                + " unsolicited or stolen Response, so an acceptance here never means a login would be safe."})
    private String inResponseTo;

    @Option(names = "--now", paramLabel = "INSTANT",
            description = "Validate as of this ISO-8601 instant (e.g. 2026-11-22T10:00:00Z), typically when the"
                + " Responses were issued; default: the current time.")
    private String now;

    @Option(names = "--clock-skew", paramLabel = "SECONDS", defaultValue = "180",
            description = "Tolerance for every time comparison, 0 to 600 (default: ${DEFAULT-VALUE}).")
    private long clockSkewSeconds;

    @Option(names = "--sp-key", paramLabel = "PEM",
            description = "The service's RSA decryption key (unencrypted PKCS#8 PEM) for EncryptedAssertions.")
    private Path spKey;

    @Option(names = "--sp-cert", paramLabel = "PEM",
            description = "The certificate of --sp-key (default: a CERTIFICATE block in the --sp-key file).")
    private Path spCert;

    @Option(names = "--allow-sha1", description = "Also accept RSA-SHA1/ECDSA-SHA1 signatures and SHA-1 digests.")
    private boolean allowSha1;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Saved Response files.")
    private List<Path> files;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws UsageException, EcpConfigurationException, EcpException {
        Clock clock = clock();
        Duration skew = clockSkew();
        checkTrustOptions();
        List<SigningKey> keys = new DecryptionKeyFiles(spKey, spCert).load();
        IdpTrustSource idps = loadTrust(clock);
        ServiceProviderSettings settings = ServiceProviderSettings.builder()
                .entityId(spEntityId)
                .assertionConsumerServiceUrl(acs)
                .idpTrust(idps)
                .scopedAttributes(federation.scopedAttributePolicy())
                .decryptionKeys(keys)
                .clockSkew(skew)
                .clock(clock)
                .algorithmPolicy(allowSha1 ? AlgorithmPolicy.defaults().allowSha1() : AlgorithmPolicy.defaults())
                .build();
        RequestTracker tracker = RequestTracker.forSettings(settings);
        if (inResponseTo != null) {
            tracker.track(inResponseTo);
        }
        ResponseValidator validator = new ResponseValidator(settings, tracker);
        SavedResponse reader = new SavedResponse(settings.maxResponseBytes());
        PrintWriter out = spec.commandLine().getOut();
        boolean allAccepted = true;
        for (Path file : files) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("file", file.toString());
            try {
                SamlIdentity identity = validator.validate(reader.samlResponse(file), context());
                line.put("accepted", true);
                line.put("nameId", identity.nameId().value());
                line.put("issuer", identity.issuer());
                if (idps instanceof FederationTrust) {
                    ((FederationTrust) idps).entity(identity.issuer()).filter(idp -> !idp.displayNames().isEmpty())
                            .ifPresent(idp -> line.put("idpName", idp.displayName()));
                }
                line.put("attributes", attributes(identity));
            } catch (EcpException e) {
                allAccepted = false;
                line.put("accepted", false);
                line.put("error", e.error().code());
                line.put("message", e.getMessage());
            } catch (RuntimeException | Error e) {
                // One file must not stop the batch, whatever it triggers.
                allAccepted = false;
                line.put("accepted", false);
                line.put("error", EcpError.INTERNAL_ERROR.code());
                line.put("message", "checking the file failed unexpectedly (" + e.getClass().getSimpleName() + ")");
                org.slf4j.LoggerFactory.getLogger(VerifyCommand.class).warn("verify {}: {}", file, e.toString());
            }
            out.println(Json.object(line));
            out.flush();
        }
        return allAccepted ? 0 : SamlecCommand.EXIT_FAILURE;
    }

    private ValidationContext context() {
        return inResponseTo == null ? ValidationContext.unchecked() : ValidationContext.expect(inResponseTo);
    }

    private Clock clock() throws UsageException {
        if (now == null) {
            return Clock.systemUTC();
        }
        try {
            return Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new UsageException("option --now: must be an ISO-8601 instant such as 2026-11-22T10:00:00Z"
                    + " (value: " + now + ")");
        }
    }

    private Duration clockSkew() throws UsageException {
        Duration skew = Duration.ofSeconds(clockSkewSeconds);
        if (skew.isNegative() || skew.compareTo(ServiceProviderSettings.MAX_CLOCK_SKEW) > 0) {
            throw new UsageException("option --clock-skew: must be 0 to "
                    + ServiceProviderSettings.MAX_CLOCK_SKEW.toSeconds() + " seconds (value: " + clockSkewSeconds
                    + ")");
        }
        return skew;
    }

    /** Exactly one of --idp-metadata and --idp-mdq (the latter with --metadata-signing-cert); filters or one IdP. */
    private void checkTrustOptions() throws UsageException {
        if (idpMdq != null) {
            IdpMdqSource.checkOptions(idpMetadata, metadataSigningCert);
        } else if (idpMetadata == null) {
            throw new UsageException("give --idp-metadata FILE|URL or --idp-mdq URL: where the IdPs' keys come from");
        }
        federation.checkNotWithEntityId(idpEntityId);
        validityOption.validity(metadataSigningCert);
    }

    /**
     * With --idp-mdq the MDQ service (one IdP with --idp-entity-id); else one IdP of the metadata with
     * --idp-entity-id, or the whole document as a federation, narrowed by the filters.
     */
    private IdpTrustSource loadTrust(Clock clock) throws UsageException, EcpConfigurationException {
        if (idpMdq != null) {
            return new IdpMdqSource(idpMdq, metadataSigningCert, allowHttp, TrustChoice.of(trust, systemTrust), clock,
                    validityOption.validity(metadataSigningCert))
                    .trust(idpEntityId, federation);
        }
        IdpMetadataSource source = new IdpMetadataSource(idpMetadata, idpEntityId, clock, allowHttp,
                TrustChoice.of(trust, systemTrust), Optional.ofNullable(metadataSigningCert),
                dev.samlec.mech.metadata.MetadataLoader.DEFAULT_CALL_TIMEOUT,
                validityOption.validity(metadataSigningCert));
        if (idpEntityId == null) {
            return source.loadFederation(federation.filter(), federation.maxBytes(true));
        }
        IdpMetadata metadata = source.load(federation.maxBytes(false));
        return IdpTrust.of(metadata.entityId(), metadata.signingCertificates());
    }

    /** Values by FriendlyName, else Name; attributes sharing a key have their values merged in document order. */
    static Map<String, Object> attributes(SamlIdentity identity) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (SamlAttribute attribute : identity.attributes()) {
            String key = attribute.friendlyName().filter(f -> !f.isBlank()).orElse(attribute.name());
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).addAll(attribute.values());
        }
        return new LinkedHashMap<>(byKey);
    }
}
