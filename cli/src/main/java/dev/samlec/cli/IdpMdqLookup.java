package dev.samlec.cli;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.Pem;
import dev.samlec.mech.client.TlsTrust;
import dev.samlec.mech.metadata.IdpChoice;
import dev.samlec.mech.metadata.MdqIdpDirectory;
import dev.samlec.mech.metadata.MetadataValidity;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code --idp-mdq URL} of the client-side commands ({@code curl}, {@code saml20ec}): one IdP's metadata looked up by
 * its entityID at a Metadata Query service ({@link MdqIdpDirectory}), trusted only when a
 * {@code --metadata-signing-cert} certificate signed it. A plain http URL needs {@code --allow-http}; an https one
 * is fetched with {@code --trust} or {@code --system-trust} when given, else with the JVM's CAs (the answer is
 * signed, and its TLS trust is never taken for the IdP's).
 *
 * @param url the option's value
 * @param signingCertificates the {@code --metadata-signing-cert} file
 * @param allowHttp whether {@code --allow-http} was given
 * @param tlsTrust the command's {@code --trust} / {@code --system-trust}, if chosen
 * @param validity how far ahead the answer's {@code validUntil} may be ({@code --metadata-max-validity})
 */
record IdpMdqLookup(URI url, Path signingCertificates, boolean allowHttp, Optional<TlsTrust> tlsTrust,
        MetadataValidity validity) {
    /**
     * Refuses an {@code --idp-mdq} value that is not an absolute http(s) URL with a host, or that carries a user
     * name or password (they would be repeated in messages; MDQ answers are public and signed), and a missing
     * {@code --metadata-signing-cert}.
     *
     * @throws UsageException naming the option
     */
    static void checkOptions(URI url, Path signingCertificates) throws UsageException {
        checkUrl(url);
        if (signingCertificates == null) {
            throw new UsageException("--idp-mdq needs --metadata-signing-cert PEM: MDQ answers are trusted only by"
                    + " their signature");
        }
    }

    private static void checkUrl(URI url) throws UsageException {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || url.getHost() == null || url.isOpaque()) {
            throw new UsageException("option --idp-mdq: not an absolute http(s) URL with a host, e.g."
                    + " https://mdq.example.org/ (value: " + (url.getRawUserInfo() == null ? url : "[hidden]") + ")");
        }
        if (url.getRawUserInfo() != null) {
            throw new UsageException("option --idp-mdq: a URL with a user name or password; MDQ answers are public"
                    + " and signed, give the URL without them (value: [hidden])");
        }
    }

    /**
     * Looks {@code entityId} up, within {@code timeout} or the directory's own default, whichever is shorter.
     *
     * @throws EcpException {@code invalid_configuration} for an http URL without {@code --allow-http} or an unreadable
     *     certificate file; the directory's codes for an unknown IdP, a bad signature or an unreachable service
     */
    IdpChoice resolve(String entityId, Duration timeout) throws EcpException {
        if ("http".equalsIgnoreCase(url.getScheme()) && !allowHttp) {
            throw new EcpConfigurationException("option --idp-mdq: a plain http URL; use https (or --allow-http, for"
                    + " tests only) (value: " + url + ")");
        }
        MdqIdpDirectory.Builder builder = MdqIdpDirectory.builder(url)
                .verifySignatureWith(Pem.readCertificates(signingCertificates)).validity(validity)
                .callTimeout(timeout.compareTo(MdqIdpDirectory.DEFAULT_CALL_TIMEOUT) < 0 ? timeout
                        : MdqIdpDirectory.DEFAULT_CALL_TIMEOUT);
        if (tlsTrust.isPresent() && "https".equalsIgnoreCase(url.getScheme())) {
            builder.sslContext(tlsTrust.get().sslContext());
        }
        return builder.build().resolve(entityId);
    }
}
