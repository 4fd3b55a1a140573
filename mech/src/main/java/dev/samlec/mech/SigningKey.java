package dev.samlec.mech;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A private key with its X.509 certificate: the service's AuthnRequest signing key, or one of its decryption keys.
 *
 * <p>Only RSA and EC keys are accepted, and the key's algorithm must match the certificate's public key.
 * {@link #toString()} shows the certificate subject only, never key material.
 *
 * @param privateKey the private key (RSA or EC)
 * @param certificate the certificate holding the matching public key
 */
public record SigningKey(PrivateKey privateKey, X509Certificate certificate) {

    /** Checks that both parts are present and of the same algorithm. */
    public SigningKey {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
        String keyAlgorithm = privateKey.getAlgorithm();
        if (!"RSA".equals(keyAlgorithm) && !"EC".equals(keyAlgorithm)) {
            throw new IllegalArgumentException("private key algorithm must be RSA or EC, was " + keyAlgorithm);
        }
        String certificateAlgorithm = certificate.getPublicKey().getAlgorithm();
        if (!keyAlgorithm.equals(certificateAlgorithm)) {
            throw new IllegalArgumentException("private key is " + keyAlgorithm + " but the certificate "
                    + certificate.getSubjectX500Principal() + " holds a " + certificateAlgorithm + " key");
        }
    }

    /** Whether this is an RSA key (otherwise EC). */
    public boolean isRsa() {
        return "RSA".equals(privateKey.getAlgorithm());
    }

    /**
     * Whether the private key is the one of the certificate's public key: a random challenge signed with the key
     * verifies under the certificate. The constructor checks only the algorithms, so a key file and a certificate
     * file of two different pairs pass it; call this where such files are read, to refuse them at once rather than
     * send signatures or TLS handshakes nobody can verify.
     *
     * @throws IllegalArgumentException if this JVM cannot sign with the key at all (e.g. an EC curve it does not
     *     implement), so that the message says so instead of "another pair"
     */
    public boolean keyMatchesCertificate() {
        SecureRandom random = new SecureRandom();
        byte[] challenge = new byte[32];
        random.nextBytes(challenge);
        String algorithm = isRsa() ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] signature;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey, random);
            signer.update(challenge);
            signature = signer.sign();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("this JVM cannot sign with the private key (" + algorithm + ": "
                    + e.getMessage() + ")", e);
        }
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + privateKey.getAlgorithm() + ", " + certificate.getSubjectX500Principal() + "]";
    }
}
