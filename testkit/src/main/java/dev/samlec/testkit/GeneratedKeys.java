package dev.samlec.testkit;

import dev.samlec.mech.SigningKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Throwaway signing keys with self-signed certificates, generated at run time, FOR TESTS AND DEMOS ONLY: a
 * federation's metadata signing key, IdP signing and encryption keys. Certificates are valid from one day before to
 * ten years after creation and carry no extensions (SAML metadata uses them as raw keys). Assembled with
 * BouncyCastle's ASN.1 classes and signed with the JDK, as {@link DemoTls} does.
 */
public final class GeneratedKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private GeneratedKeys() {
    }

    /** A new RSA 2048 key, its certificate self-signed with SHA256withRSA, subject {@code CN=<commonName>}. */
    public static SigningKey rsa(String commonName) {
        return generate(commonName, false);
    }

    /** A new EC P-256 key, its certificate self-signed with SHA256withECDSA, subject {@code CN=<commonName>}. */
    public static SigningKey ec(String commonName) {
        return generate(commonName, true);
    }

    private static SigningKey generate(String commonName, boolean ec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ec ? "EC" : "RSA");
            if (ec) {
                generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            } else {
                generator.initialize(2048, RANDOM);
            }
            KeyPair keys = generator.generateKeyPair();
            return new SigningKey(keys.getPrivate(), selfSigned(commonName, keys, ec));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("a test signing key cannot be generated: " + e, e);
        }
    }

    private static X509Certificate selfSigned(String commonName, KeyPair keys, boolean ec)
            throws GeneralSecurityException, IOException {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        AlgorithmIdentifier algorithm = ec ? new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256)
                : new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
        byte[] serial = new byte[16];
        RANDOM.nextBytes(serial);
        Instant now = Instant.now();
        V3TBSCertificateGenerator generator = new V3TBSCertificateGenerator();
        generator.setSerialNumber(new ASN1Integer(new BigInteger(1, serial).setBit(127)));
        generator.setSignature(algorithm);
        generator.setIssuer(name);
        generator.setSubject(name);
        generator.setStartDate(new Time(Date.from(now.minus(Duration.ofDays(1)))));
        generator.setEndDate(new Time(Date.from(now.plus(Duration.ofDays(3650)))));
        generator.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
        TBSCertificate body = generator.generateTBSCertificate();
        Signature signer = Signature.getInstance(ec ? "SHA256withECDSA" : "SHA256withRSA");
        signer.initSign(keys.getPrivate(), RANDOM);
        signer.update(body.getEncoded(ASN1Encoding.DER));
        ASN1EncodableVector certificate = new ASN1EncodableVector();
        certificate.add(body);
        certificate.add(algorithm);
        certificate.add(new DERBitString(signer.sign()));
        byte[] der = new DERSequence(certificate).getEncoded(ASN1Encoding.DER);
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }
}
