package dev.samlec.mech.service;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The include lists of XML Signature and XML Encryption algorithms a service accepts from an identity provider.
 *
 * <p>OpenSAML 4's defaults accept RSA-SHA1, HMAC, the SHA-1 digest, AES-CBC and 3DES; samlec never relies on them and
 * checks every algorithm URI against these lists itself before any cryptographic work. The {@link #defaults()}:
 * <ul>
 *   <li>signatures: RSA-SHA256/384/512, RSA-PSS (SHA-256/384/512 with MGF1), ECDSA-SHA256/384/512;</li>
 *   <li>digests: SHA-256/384/512;</li>
 *   <li>SignedInfo canonicalization: exclusive c14n, with or without comments;</li>
 *   <li>data encryption: AES-128/192/256-GCM only;</li>
 *   <li>key transport: RSA-OAEP only ({@code xmlenc#rsa-oaep-mgf1p} and {@code xmlenc11#rsa-oaep}), with
 *       SHA-1/256/384/512 as OAEP digest and MGF1 with SHA-1/256/384/512 (the OAEP hash is not a signature hash:
 *       SHA-1 there is the common, unbroken default).</li>
 * </ul>
 * {@link #allowSha1()} adds RSA-SHA1, ECDSA-SHA1 and the SHA-1 digest for legacy IdPs. HMAC signatures, MD5, AES-CBC,
 * 3DES and RSA PKCS#1 v1.5 key transport are never accepted. Immutable.
 */
public final class AlgorithmPolicy {
    private static final String DSIG_MORE = "http://www.w3.org/2001/04/xmldsig-more#";
    private static final String DSIG_MORE_2007 = "http://www.w3.org/2007/05/xmldsig-more#";
    private static final String XMLENC = "http://www.w3.org/2001/04/xmlenc#";
    private static final String XMLENC11 = "http://www.w3.org/2009/xmlenc11#";

    /** RSA-SHA1 (only with {@link #allowSha1()}). */
    public static final String RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
    /** ECDSA-SHA1 (only with {@link #allowSha1()}). */
    public static final String ECDSA_SHA1 = DSIG_MORE + "ecdsa-sha1";
    /** The SHA-1 digest (only with {@link #allowSha1()}). */
    public static final String SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1";
    /** RSA-SHA256, the signature algorithm samlec itself signs with. */
    public static final String RSA_SHA256 = DSIG_MORE + "rsa-sha256";
    /** ECDSA-SHA256. */
    public static final String ECDSA_SHA256 = DSIG_MORE + "ecdsa-sha256";
    /** The SHA-256 digest. */
    public static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    /** Exclusive canonicalization without comments. */
    public static final String EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
    /** AES-256-GCM. */
    public static final String AES256_GCM = XMLENC11 + "aes256-gcm";
    /** RSA-OAEP with MGF1-SHA1 (XML Encryption 1.0). */
    public static final String RSA_OAEP_MGF1P = XMLENC + "rsa-oaep-mgf1p";
    /** RSA-OAEP (XML Encryption 1.1). */
    public static final String RSA_OAEP = XMLENC11 + "rsa-oaep";

    private static final Set<String> SIGNATURES = sorted(Set.of(RSA_SHA256, DSIG_MORE + "rsa-sha384",
            DSIG_MORE + "rsa-sha512", DSIG_MORE_2007 + "sha256-rsa-MGF1", DSIG_MORE_2007 + "sha384-rsa-MGF1",
            DSIG_MORE_2007 + "sha512-rsa-MGF1", ECDSA_SHA256, DSIG_MORE + "ecdsa-sha384", DSIG_MORE + "ecdsa-sha512"));
    private static final Set<String> DIGESTS = sorted(Set.of(SHA256, DSIG_MORE + "sha384", XMLENC + "sha512"));
    private static final Set<String> CANONICALIZATIONS = sorted(Set.of(EXC_C14N, EXC_C14N + "WithComments"));
    private static final Set<String> DATA_ENCRYPTION = sorted(Set.of(XMLENC11 + "aes128-gcm",
            XMLENC11 + "aes192-gcm", AES256_GCM));
    private static final Set<String> KEY_TRANSPORT = sorted(Set.of(RSA_OAEP_MGF1P, RSA_OAEP));
    private static final Set<String> OAEP_DIGESTS = sorted(Set.of(SHA1, SHA256, DSIG_MORE + "sha384",
            XMLENC + "sha512"));
    private static final Set<String> OAEP_MGFS = sorted(Set.of(XMLENC11 + "mgf1sha1", XMLENC11 + "mgf1sha256",
            XMLENC11 + "mgf1sha384", XMLENC11 + "mgf1sha512"));

    private static final AlgorithmPolicy DEFAULTS = new AlgorithmPolicy(false);

    private final boolean sha1Allowed;
    private final Set<String> signatureAlgorithms;
    private final Set<String> digestAlgorithms;

    private AlgorithmPolicy(boolean sha1Allowed) {
        this.sha1Allowed = sha1Allowed;
        Set<String> signatures = new LinkedHashSet<>(SIGNATURES);
        Set<String> digests = new LinkedHashSet<>(DIGESTS);
        if (sha1Allowed) {
            signatures.add(RSA_SHA1);
            signatures.add(ECDSA_SHA1);
            digests.add(SHA1);
        }
        this.signatureAlgorithms = sorted(signatures);
        this.digestAlgorithms = sorted(digests);
    }

    /** The strict default lists described in the class comment. */
    public static AlgorithmPolicy defaults() {
        return DEFAULTS;
    }

    /** A copy of this policy that also accepts RSA-SHA1, ECDSA-SHA1 and the SHA-1 digest (an explicit opt-in). */
    public AlgorithmPolicy allowSha1() {
        return new AlgorithmPolicy(true);
    }

    /** Whether SHA-1 signatures and digests are accepted. */
    public boolean sha1Allowed() {
        return sha1Allowed;
    }

    /** Accepted ds:SignatureMethod algorithms. */
    public Set<String> signatureAlgorithms() {
        return signatureAlgorithms;
    }

    /** Accepted ds:DigestMethod algorithms in a signature's References. */
    public Set<String> digestAlgorithms() {
        return digestAlgorithms;
    }

    /** Accepted ds:SignedInfo/ds:CanonicalizationMethod algorithms. */
    public Set<String> canonicalizationAlgorithms() {
        return CANONICALIZATIONS;
    }

    /** Accepted xenc:EncryptedData/xenc:EncryptionMethod algorithms. */
    public Set<String> dataEncryptionAlgorithms() {
        return DATA_ENCRYPTION;
    }

    /** Accepted xenc:EncryptedKey/xenc:EncryptionMethod algorithms. */
    public Set<String> keyTransportAlgorithms() {
        return KEY_TRANSPORT;
    }

    /** Accepted ds:DigestMethod algorithms inside an RSA-OAEP EncryptionMethod (absent means SHA-1). */
    public Set<String> oaepDigestAlgorithms() {
        return OAEP_DIGESTS;
    }

    /** Accepted xenc11:MGF algorithms inside an RSA-OAEP EncryptionMethod (absent means MGF1 with SHA-1). */
    public Set<String> oaepMgfAlgorithms() {
        return OAEP_MGFS;
    }

    /** Every encryption-related algorithm (data, key transport, OAEP digest, MGF): the decrypter's include list. */
    public Set<String> decryptionAlgorithms() {
        Set<String> all = new LinkedHashSet<>(DATA_ENCRYPTION);
        all.addAll(KEY_TRANSPORT);
        all.addAll(OAEP_DIGESTS);
        all.addAll(OAEP_MGFS);
        return sorted(all);
    }

    /** An unmodifiable, sorted copy, so that error messages list algorithms in a stable order. */
    private static Set<String> sorted(Set<String> values) {
        return Collections.unmodifiableSet(new TreeSet<>(values));
    }

    @Override
    public String toString() {
        return "AlgorithmPolicy[sha1Allowed=" + sha1Allowed + "]";
    }
}
