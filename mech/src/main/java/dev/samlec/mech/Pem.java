package dev.samlec.mech;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files: X.509 certificates ({@code CERTIFICATE}) and unencrypted PKCS#8 private keys
 * ({@code PRIVATE KEY}, RSA or EC), the forms {@code openssl req -nodes} and {@code openssl pkcs8 -nocrypt} write.
 */
public final class Pem {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private Pem() {
    }

    /** Every certificate in the file, in order; at least one. */
    public static List<X509Certificate> readCertificates(Path file) throws EcpConfigurationException {
        return parseCertificates(read(file), file.toString());
    }

    /** Every certificate in PEM text, in order; at least one. {@code source} names the text in errors. */
    public static List<X509Certificate> parseCertificates(String pem, String source)
            throws EcpConfigurationException {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(pem, "CERTIFICATE", source)) {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new EcpConfigurationException(EcpError.INVALID_CONFIGURATION,
                    source + ": not a valid PEM certificate (" + e.getMessage() + ")", e);
        }
        if (certificates.isEmpty()) {
            throw new EcpConfigurationException(source + ": no '-----BEGIN CERTIFICATE-----' block found");
        }
        return List.copyOf(certificates);
    }

    /** The first {@code PRIVATE KEY} (PKCS#8, RSA or EC) in the file. */
    public static PrivateKey readPrivateKey(Path file) throws EcpConfigurationException {
        return parsePrivateKey(read(file), file.toString());
    }

    /** The first {@code PRIVATE KEY} (PKCS#8, RSA or EC) in PEM text. */
    public static PrivateKey parsePrivateKey(String pem, String source) throws EcpConfigurationException {
        List<byte[]> keys = blocks(pem, "PRIVATE KEY", source);
        if (keys.isEmpty()) {
            String hint = pem.contains("RSA PRIVATE KEY") || pem.contains("EC PRIVATE KEY")
                    ? " (convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)"
                    : pem.contains("ENCRYPTED PRIVATE KEY") ? " (encrypted keys are not supported)" : "";
            throw new EcpConfigurationException(source + ": no unencrypted PKCS#8 'PRIVATE KEY' block found" + hint);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(keys.get(0));
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new EcpConfigurationException(source + ": the private key is neither an RSA nor an EC PKCS#8 key");
    }

    /** A certificate as PEM text. */
    public static String encode(X509Certificate certificate) {
        try {
            String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    private static String read(Path file) throws EcpConfigurationException {
        return new String(ConfigurationFiles.read(file, ConfigurationFiles.PEM_MAX_BYTES, "PEM file"),
                StandardCharsets.ISO_8859_1);
    }

    private static List<byte[]> blocks(String pem, String type, String source) throws EcpConfigurationException {
        List<byte[]> result = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                try {
                    result.add(Base64.getMimeDecoder().decode(m.group(2)));
                } catch (IllegalArgumentException e) {
                    throw new EcpConfigurationException(source + ": a " + type + " block is not valid base64 ("
                            + e.getMessage() + ")");
                }
            }
        }
        return result;
    }
}
