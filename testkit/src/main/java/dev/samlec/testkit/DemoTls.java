package dev.samlec.testkit;

import dev.samlec.mech.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Throwaway TLS material for demos and tests, generated at run time: a CA, a server key for {@code localhost} and
 * {@code 127.0.0.1} (to serve the {@link DemoIdp} over HTTPS), and client keys whose subject CN is a directory uid
 * (to log in with {@link DemoIdp.Builder#trustClientCertificates}). FOR DEMOS AND TESTS ONLY.
 *
 * <p>All keys are EC P-256, all certificates signed with ECDSA-SHA256 and valid from one day before to one year
 * after creation, without key identifier extensions (the JDK's path validation does not need them). Certificates
 * are assembled with BouncyCastle's ASN.1 classes from bcprov (on the classpath through ApacheDS) and signed with
 * the JDK; bcpkix is not used because the classpath mixes bcpkix 1.64 (from OpenSAML) with bcprov 1.70.
 *
 * <p>The CA's name carries a random suffix, so two instances are two unrelated CAs (one can stand for an untrusted
 * issuer). Key stores are PKCS12, protected by {@link #password()}, and built afresh on every call (key stores are
 * mutable, so none is shared).
 *
 * <pre>{@code
 * DemoTls tls = DemoTls.generate();
 * DemoIdp idp = DemoIdp.builder().https(tls.serverKeyStore(), DemoTls.password())
 *         .trustClientCertificates(List.of(tls.caCertificate())).start();
 * KeyStore alice = tls.clientKeyStore("alice");   // IdpCredentials.clientCertificate(alice, DemoTls.password())
 * }</pre>
 */
public final class DemoTls {
    /** The alias of the key entry in {@link #serverKeyStore()}. */
    public static final String SERVER_ALIAS = "server";
    /** The alias of the key entry in {@link #clientKeyStore(String)}. */
    public static final String CLIENT_ALIAS = "client";
    private static final String PASSWORD = "changeit";
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final Duration LIFETIME = Duration.ofDays(365);

    private final Clock clock;
    private final SecureRandom random;
    private final KeyPair caKeys;
    private final X500Name caName;
    private final X509Certificate caCertificate;
    private final PrivateKey serverKey;
    private final X509Certificate serverCertificate;

    private DemoTls(Clock clock, SecureRandom random) throws GeneralSecurityException {
        this.clock = clock;
        this.random = random;
        this.caKeys = newKeyPair();
        this.caName = name("samlec demo CA " + HexFormat.of().formatHex(randomBytes(4)));
        this.caCertificate = selfSignedCa();
        KeyPair server = newKeyPair();
        this.serverKey = server.getPrivate();
        this.serverCertificate = issue(name("localhost"), server.getPublic(), KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    }

    /** New material, dated by the system clock, keys from a new {@link SecureRandom}. */
    public static DemoTls generate() {
        return generate(Clock.systemUTC(), new SecureRandom());
    }

    /** New material, valid around {@code clock}'s current instant, keys and serial numbers from {@code random}. */
    public static DemoTls generate(Clock clock, SecureRandom random) {
        try {
            return new DemoTls(Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(random, "random"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the demo TLS material cannot be generated: " + e.getMessage(), e);
        }
    }

    /** The password of every key store and key entry made here ({@code changeit}); a fresh copy. */
    public static char[] password() {
        return PASSWORD.toCharArray();
    }

    /** The CA certificate: the trust anchor for both the server and the client certificates. */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The server certificate (subject CN=localhost; SAN DNS localhost and IP 127.0.0.1; serverAuth). */
    public X509Certificate serverCertificate() {
        return serverCertificate;
    }

    /** A new PKCS12 key store with the server key under {@link #SERVER_ALIAS}, chain server then CA. */
    public KeyStore serverKeyStore() {
        return keyStore(SERVER_ALIAS, serverKey, serverCertificate);
    }

    /**
     * A new PKCS12 key store with a new client key under {@link #CLIENT_ALIAS}, chain client then CA; the client
     * certificate's subject is {@code CN=<uid>} and its extended key usage clientAuth.
     */
    public KeyStore clientKeyStore(String uid) {
        Objects.requireNonNull(uid, "uid");
        if (uid.isBlank()) {
            throw new IllegalArgumentException("uid must not be blank");
        }
        return clientKeyStore(name(uid));
    }

    /** As {@link #clientKeyStore(String)} with any subject (RFC 4514 string), for tests of odd certificates. */
    KeyStore clientKeyStoreWithSubject(String subject) {
        return clientKeyStore(new X500Name(BCStyle.INSTANCE, subject));
    }

    private KeyStore clientKeyStore(X500Name subject) {
        try {
            KeyPair client = newKeyPair();
            return keyStore(CLIENT_ALIAS, client.getPrivate(),
                    issue(subject, client.getPublic(), KeyPurposeId.id_kp_clientAuth, null));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a demo client certificate cannot be generated: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the files a TLS server and its clients are configured with, for programs that take paths (Kafka,
     * jaas.conf): {@code server.p12} ({@link #serverKeyStore()}), {@code ca.p12} (a PKCS12 trust store holding the
     * CA certificate) and {@code ca.pem}; store passwords are {@link #password()}.
     *
     * @return {@code directory}
     */
    public Path writeFiles(Path directory) throws IOException {
        try {
            store(serverKeyStore(), directory.resolve("server.p12"));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", caCertificate);
            store(trust, directory.resolve("ca.p12"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the demo key stores cannot be written: " + e, e);
        }
        Files.writeString(directory.resolve("ca.pem"), Pem.encode(caCertificate), StandardCharsets.US_ASCII);
        return directory;
    }

    private static void store(KeyStore keyStore, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore.store(out, password());
        }
    }

    @Override
    public String toString() {
        return "DemoTls[" + caCertificate.getSubjectX500Principal().getName() + "]";
    }

    private X509Certificate selfSignedCa() throws GeneralSecurityException {
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        try {
            extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            extensions.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new GeneralSecurityException("a CA certificate extension cannot be encoded", e);
        }
        return certificate(caName, caKeys.getPublic(), extensions.generate());
    }

    private X509Certificate issue(X500Name subject, PublicKey key, KeyPurposeId purpose, GeneralNames altNames)
            throws GeneralSecurityException {
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        try {
            extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            extensions.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (altNames != null) {
                extensions.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
        } catch (IOException e) {
            throw new GeneralSecurityException("a certificate extension cannot be encoded", e);
        }
        return certificate(subject, key, extensions.generate());
    }

    /** An X.509 v3 certificate for {@code subject}, signed by the CA key (BouncyCastle's ASN.1 classes only). */
    private X509Certificate certificate(X500Name subject, PublicKey key, Extensions extensions)
            throws GeneralSecurityException {
        Instant now = clock.instant();
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
        V3TBSCertificateGenerator generator = new V3TBSCertificateGenerator();
        generator.setSerialNumber(new ASN1Integer(new BigInteger(1, randomBytes(16)).setBit(127)));
        generator.setSignature(algorithm);
        generator.setIssuer(caName);
        generator.setSubject(subject);
        generator.setStartDate(new Time(Date.from(now.minus(BACKDATE))));
        generator.setEndDate(new Time(Date.from(now.plus(LIFETIME))));
        generator.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
        generator.setExtensions(extensions);
        TBSCertificate body = generator.generateTBSCertificate();
        try {
            Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
            signer.initSign(caKeys.getPrivate(), random);
            signer.update(body.getEncoded(ASN1Encoding.DER));
            ASN1EncodableVector certificate = new ASN1EncodableVector();
            certificate.add(body);
            certificate.add(algorithm);
            certificate.add(new DERBitString(signer.sign()));
            byte[] der = new DERSequence(certificate).getEncoded(ASN1Encoding.DER);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (IOException e) {
            throw new GeneralSecurityException("a certificate cannot be encoded", e);
        }
    }

    private KeyStore keyStore(String alias, PrivateKey key, X509Certificate certificate) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, key, password(), new Certificate[] {certificate, caCertificate});
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("a PKCS12 key store cannot be created: " + e.getMessage(), e);
        }
    }

    private KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }
}
