package dev.samlec.mech.testing;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.Pem;
import dev.samlec.mech.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Throw-away keys from {@code src/test/resources/dev/samlec/mech/keys/} (see the README there): the trusted IdP (RSA
 * and EC), a second trusted IdP, an attacker whose certificate clones the IdP's subject, and the SP's signing and
 * encryption keys.
 */
public final class TestCredentials {
    private static final String DIR = "/dev/samlec/mech/keys/";
    private static final Map<String, SigningKey> CACHE = new ConcurrentHashMap<>();

    private TestCredentials() {
    }

    /** The trusted IdP's RSA signing key. */
    public static SigningKey idp() {
        return load("idp");
    }

    /** The trusted IdP's EC P-256 signing key (also trusted for the same entityID). */
    public static SigningKey idpEc() {
        return load("idp-ec");
    }

    /** A second trusted IdP's RSA key (trusted only for {@link TestSamlObjects#IDP2}). */
    public static SigningKey idp2() {
        return load("idp2");
    }

    /** An untrusted RSA key whose self-signed certificate has the IdP's subject DN. */
    public static SigningKey attacker() {
        return load("attacker");
    }

    /** The SP's AuthnRequest signing key. */
    public static SigningKey spSigning() {
        return load("sp-signing");
    }

    /** An SP's EC P-256 AuthnRequest signing key (ECDSA-SHA256 signatures). */
    public static SigningKey spSigningEc() {
        return load("sp-signing-ec");
    }

    /** The SP's (first) decryption key. */
    public static SigningKey spEncryption() {
        return load("sp-encryption");
    }

    /** A second SP decryption key (key rollover). */
    public static SigningKey spEncryption2() {
        return load("sp-encryption2");
    }

    /** The key pair {@code name.key} + {@code name.crt}. */
    public static SigningKey load(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            try {
                X509Certificate certificate = Pem.parseCertificates(read(n + ".crt"), n + ".crt").get(0);
                return new SigningKey(Pem.parsePrivateKey(read(n + ".key"), n + ".key"), certificate);
            } catch (EcpConfigurationException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The PEM text of a resource in the keys directory. */
    public static String read(String file) {
        try (InputStream in = TestCredentials.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + DIR + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
