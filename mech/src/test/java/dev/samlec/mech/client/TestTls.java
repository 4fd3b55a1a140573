package dev.samlec.mech.client;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Throw-away EC certificates made in the test (Bouncy Castle, already on OpenSAML's classpath). */
final class TestTls {
    static final char[] PASSWORD = "changeit".toCharArray();
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    /** A key pair and its certificate chain (leaf first). */
    record Identity(PrivateKey key, List<X509Certificate> chain) {
        X509Certificate certificate() {
            return chain.get(0);
        }

        KeyStore keyStore() throws GeneralSecurityException, java.io.IOException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", key, PASSWORD, chain.toArray(new X509Certificate[0]));
            return store;
        }

        /** A server context presenting this identity; when {@code trustedClients} is not empty, it trusts them. */
        SSLContext serverContext(List<X509Certificate> trustedClients) throws Exception {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore(), PASSWORD);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < trustedClients.size(); i++) {
                trust.setCertificateEntry("client-" + i, trustedClients.get(i));
            }
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        }
    }

    private TestTls() {
    }

    /** A self-signed leaf for {@code cn} with the given SANs ("ip:1.2.3.4" or "dns:name"). */
    static Identity selfSigned(String cn, String... sans) throws Exception {
        KeyPair keys = keyPair();
        return new Identity(keys.getPrivate(), List.of(certificate(cn, keys, cn, keys.getPrivate(), false, sans)));
    }

    /** A CA certificate. */
    static Identity authority(String cn) throws Exception {
        KeyPair keys = keyPair();
        return new Identity(keys.getPrivate(), List.of(certificate(cn, keys, cn, keys.getPrivate(), true)));
    }

    /** A leaf for {@code cn} issued by {@code ca}. */
    static Identity issuedBy(Identity ca, String cn, String... sans) throws Exception {
        KeyPair keys = keyPair();
        String issuer = ca.certificate().getSubjectX500Principal().getName();
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate(cn, keys, issuer, ca.key(), false, sans));
        chain.addAll(ca.chain());
        return new Identity(keys.getPrivate(), chain);
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(String cn, KeyPair subject, String issuerName, PrivateKey issuerKey,
            boolean ca, String... sans) throws Exception {
        Instant now = Instant.now();
        X500Name name = new X500Name(cn.startsWith("CN=") ? cn : "CN=" + cn);
        X500Name issuer = new X500Name(issuerName.startsWith("CN=") ? issuerName : "CN=" + issuerName);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))), name, subject.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }
        if (sans.length > 0) {
            GeneralName[] names = new GeneralName[sans.length];
            for (int i = 0; i < sans.length; i++) {
                String[] kv = sans[i].split(":", 2);
                names[i] = new GeneralName(kv[0].equals("ip") ? GeneralName.iPAddress : GeneralName.dNSName, kv[1]);
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }
}
