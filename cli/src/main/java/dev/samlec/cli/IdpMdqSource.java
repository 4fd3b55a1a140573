package dev.samlec.cli;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.Pem;
import dev.samlec.mech.client.TlsTrust;
import dev.samlec.mech.metadata.FederationFilter;
import dev.samlec.mech.metadata.MdqTrustSource;
import dev.samlec.mech.metadata.MetadataValidity;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * {@code --idp-mdq URL} of the service-side commands ({@code verify}, {@code sp}): trust in the IdPs a Metadata Query
 * (MDQ) service describes, each looked up by the Issuer of a Response on first use ({@link MdqTrustSource}), under
 * the CLI's rules:
 * <ul>
 *   <li>the answers are trusted only by their signature: {@code --metadata-signing-cert} is required, and
 *       {@code --idp-metadata} is refused beside it (the IdPs' keys come from one source);</li>
 *   <li>a plain http URL needs {@code --allow-http}; an https one is fetched with {@code --trust} or
 *       {@code --system-trust} when given, else with the JVM's default trust store (the answers are signed);</li>
 *   <li>with {@code --idp-entity-id} only that IdP is asked for and trusted (the source is then not federated);
 *       otherwise every IdP the service answers for that passes the {@code --federation-*} filters;</li>
 *   <li>{@code --metadata-max-bytes}, if given, caps each answer (default {@value MdqTrustSource#DEFAULT_MAX_BYTES}
 *       bytes).</li>
 * </ul>
 *
 * @param url the option's value
 * @param signingCertificates the {@code --metadata-signing-cert} file
 * @param allowHttp whether {@code --allow-http} was given
 * @param tlsTrust the TLS trust for an https URL ({@code --trust} or {@code --system-trust}), if chosen
 * @param clock the command's clock (answers' validUntil, cache times)
 * @param validity how far ahead an answer's {@code validUntil} may be ({@code --metadata-max-validity})
 */
record IdpMdqSource(URI url, Path signingCertificates, boolean allowHttp, Optional<TlsTrust> tlsTrust, Clock clock,
        MetadataValidity validity) {
    /** The description of {@code --idp-mdq}, the same for {@code verify} and {@code sp}. */
    static final String HELP = "A Metadata Query (MDQ) service, instead of --idp-metadata: the Issuer of each Response"
            + " is looked up as URL/entities/{percent-encoded entityID} (answers cached, a 404 remembered as not"
            + " trusted), and trusted only if the answer is that IdP's metadata signed by a --metadata-signing-cert"
            + " certificate (required). With --idp-entity-id only that IdP is asked for and trusted; without it,"
            + " every IdP the service answers for that passes the --federation-* filters. An http URL needs"
            + " --allow-http; an https URL's TLS is checked with --trust or --system-trust, else the JVM's CAs.";

    /**
     * Refuses {@code --idp-mdq} together with {@code --idp-metadata}, or without {@code --metadata-signing-cert}.
     *
     * @throws UsageException naming the options
     */
    static void checkOptions(String idpMetadata, Path signingCertificates) throws UsageException {
        if (idpMetadata != null) {
            throw new UsageException("--idp-mdq and --idp-metadata exclude each other: the IdPs' keys come either"
                    + " from the MDQ service or from the metadata; give one");
        }
        if (signingCertificates == null) {
            throw new UsageException("--idp-mdq needs --metadata-signing-cert PEM: MDQ answers are trusted only by"
                    + " their signature");
        }
    }

    /**
     * The trust source; nothing is fetched until the first lookup.
     *
     * @param idpEntityId {@code --idp-entity-id}: the only IdP asked for and trusted, or {@code null}
     * @param federation the {@code --federation-*} filters and {@code --metadata-max-bytes}
     * @throws UsageException for a bad filter or size cap
     * @throws EcpConfigurationException {@code invalid_configuration} for an http URL without {@code --allow-http}
     *     or an unreadable certificate file, {@code metadata_invalid} for a URL that is not an absolute http(s) URL
     */
    MdqTrustSource trust(String idpEntityId, FederationOptions federation)
            throws UsageException, EcpConfigurationException {
        if ("http".equalsIgnoreCase(url.getScheme()) && !allowHttp) {
            throw new EcpConfigurationException("option --idp-mdq: a plain http URL, whose answers anyone on the"
                    + " path could withhold or stall; use https (or --allow-http, for tests only) (value: " + url
                    + ")");
        }
        MdqTrustSource.Builder builder = MdqTrustSource.builder().baseUrl(url)
                .verifySignatureWith(Pem.readCertificates(signingCertificates)).validity(validity)
                .allowInsecureHttp(allowHttp)
                .filter(filter(idpEntityId, federation))
                .clock(clock);
        federation.maxBytesIfGiven().ifPresent(builder::maxBytes);
        if (tlsTrust.isPresent() && "https".equalsIgnoreCase(url.getScheme())) {
            builder.sslContext(tlsTrust.get().sslContext());
        }
        try {
            return builder.build();
        } catch (EcpConfigurationException e) {
            throw new EcpConfigurationException(e.error(), "option --idp-mdq: " + e.getMessage(), e);
        }
    }

    private static FederationFilter filter(String idpEntityId, FederationOptions federation) throws UsageException {
        if (idpEntityId == null) {
            return federation.filter();
        }
        try {
            return FederationFilter.builder().entityIds(List.of(idpEntityId)).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("option --idp-entity-id: " + e.getMessage() + " (value: " + idpEntityId + ")");
        }
    }
}
