package dev.samlec.testkit;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A private key and its certificate, used by the demo IdP to sign responses.
 *
 * <p>{@link #demo()} is a committed RSA 2048 key (testkit resources {@code demo-idp-signing.key/.crt}): it is PUBLIC,
 * for demos and tests only, and must never be trusted anywhere else.
 */
public final class SigningKey {
    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    /** A key pair; the key must be RSA or EC and belong to the certificate. */
    public SigningKey(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        String algorithm = privateKey.getAlgorithm();
        if (!("RSA".equals(algorithm) || "EC".equals(algorithm))) {
            throw new IllegalArgumentException("signing key must be RSA or EC, was " + algorithm);
        }
        if (!algorithm.equals(certificate.getPublicKey().getAlgorithm())) {
            throw new IllegalArgumentException("signing key is " + algorithm + " but the certificate's key is "
                    + certificate.getPublicKey().getAlgorithm());
        }
    }

    /** The committed DEMO-ONLY key pair. Its private key is public knowledge. */
    public static SigningKey demo() {
        try {
            return new SigningKey(Pem.parsePrivateKey(resource("demo-idp-signing.key"), "demo-idp-signing.key"),
                    Pem.parseCertificates(resource("demo-idp-signing.crt"), "demo-idp-signing.crt").get(0));
        } catch (EcpConfigurationException e) {
            throw new IllegalStateException("the demo signing key in the testkit jar is unreadable", e);
        }
    }

    /** The private key. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The certificate published in the IdP's metadata and KeyInfo. */
    public X509Certificate certificate() {
        return certificate;
    }

    @Override
    public String toString() {
        return "SigningKey[" + certificate.getSubjectX500Principal().getName() + "]";
    }

    private static String resource(String name) {
        try (InputStream in = SigningKey.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the testkit jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
