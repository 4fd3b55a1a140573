package dev.samlec.cli;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.metadata.DisplayText;
import dev.samlec.mech.metadata.FederationEntity;
import dev.samlec.mech.metadata.FederationIdpDirectory;
import dev.samlec.mech.metadata.MetadataLoader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code samlec idps}: lists the ECP-capable IdPs of a federation aggregate, to pick one for {@code curl --idp}. */
@Command(name = "idps", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Lists the identity providers of a federation metadata aggregate that offer ECP (a SOAP"
                + " SingleSignOnService and a signing key), sorted by name: one line each, tab-separated,"
                + " DisplayName, entityID, ECP (SOAP) URL; with --json one JSON object per line:",
            "  {\"entityId\":\"...\",\"displayName\":\"...\",\"displayNames\":{\"en\":\"...\"},\"soapUrls\":[\"...\"]}",
            "--search TEXT keeps the IdPs whose DisplayName (any language) or entityID contains TEXT, ignoring"
                + " case; when exactly one is listed, 'samlec curl --idp-metadata ... --idp TEXT' picks it.",
            "Say how the aggregate is trusted: --metadata-signing-cert PEM (its root must be signed by one of"
                + " these certificates) or --unsigned-metadata."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:at least one IdP listed",
            "1:none matched (idp_not_found), or the metadata could not be used (one line on stderr)",
            "2:usage error (missing or invalid option)"})
final class IdpsCommand implements Callable<Integer> {
    @Option(names = {"--metadata", "--idp-metadata"}, required = true, paramLabel = "FILE|URL",
            description = "The federation's metadata aggregate (an EntitiesDescriptor). "
                    + IdpMetadataSource.LOCATION_HELP)
    private String metadata;

    @Option(names = "--search", paramLabel = "TEXT",
            description = "Only IdPs whose DisplayName or entityID contains TEXT (ignoring case).")
    private String search;

    @Option(names = "--metadata-signing-cert", paramLabel = "PEM",
            description = "Require the aggregate to be signed by a certificate in this PEM file (the federation's"
                    + " metadata signing certificate).")
    private Path metadataSigningCert;

    @Mixin
    private MetadataValidityOption validityOption = new MetadataValidityOption();

    @Option(names = "--unsigned-metadata", description = "Read the aggregate without checking a signature (a file"
            + " you fetched by a path you trust).")
    private boolean unsignedMetadata;

    @Option(names = "--trust", paramLabel = "PEM", description = "Trust only these certificates (leaf or CA) for an"
            + " https metadata URL's TLS.")
    private Path trust;

    @Option(names = "--system-trust", description = "Trust the JVM's default CA bundle for an https metadata URL's"
            + " TLS.")
    private boolean systemTrust;

    @Option(names = "--allow-http", description = "Allow a plain-http metadata URL (tests only).")
    private boolean allowHttp;

    @Option(names = "--json", description = "One JSON object per IdP instead of text lines.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((metadataSigningCert != null) == unsignedMetadata) {
            throw new UsageException(unsignedMetadata ? "--metadata-signing-cert and --unsigned-metadata exclude each"
                    + " other" : "say how the aggregate is trusted: --metadata-signing-cert PEM (the federation's"
                    + " signing certificate) or --unsigned-metadata");
        }
        FederationIdpDirectory directory = new IdpMetadataSource(metadata, null, Clock.systemUTC(), allowHttp,
                TrustChoice.of(trust, systemTrust), Optional.ofNullable(metadataSigningCert),
                MetadataLoader.DEFAULT_CALL_TIMEOUT, validityOption.validity(metadataSigningCert)).directory();
        List<FederationEntity> listed = directory.search(search == null ? "" : search);
        PrintWriter out = spec.commandLine().getOut();
        for (FederationEntity idp : listed) {
            out.println(json ? Json.object(fields(idp)) : line(idp));
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        if (listed.isEmpty()) {
            throw new EcpException(EcpError.IDP_NOT_FOUND, "none of the " + directory.ecpIdps().size()
                    + " ECP IdPs of " + printable(directory.describe()) + " has a DisplayName or entityID containing '"
                    + printable(search == null ? "" : search.strip()) + "'");
        }
        err.println("samlec idps: " + listed.size() + " of " + directory.ecpIdps().size() + " ECP IdPs of "
                + printable(directory.describe())
                + (search == null ? "" : " match '" + printable(search.strip()) + "'"));
        err.flush();
        return 0;
    }

    private static String line(FederationEntity idp) {
        return printable(idp.displayName()) + "\t" + printable(idp.entityId()) + "\t"
                + printable(idp.soapSingleSignOnServices().get(0).toString());
    }

    private static Map<String, Object> fields(FederationEntity idp) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("entityId", idp.entityId());
        fields.put("displayName", idp.displayName());
        fields.put("displayNames", new java.util.TreeMap<>(idp.displayNames()));
        fields.put("soapUrls", idp.soapSingleSignOnServices().stream().map(URI::toString).toList());
        return fields;
    }

    /**
     * Metadata text on a terminal: control characters (a tab, an escape sequence, C1 such as U+009B), bidi and other
     * format characters and line separators become '?', and very long text is cut ({@link DisplayText#safe}).
     */
    private static String printable(String text) {
        return DisplayText.safe(text);
    }
}
