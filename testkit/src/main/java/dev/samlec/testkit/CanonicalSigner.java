package dev.samlec.testkit;

import dev.samlec.mech.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;

/**
 * An enveloped XML signature over an element written in its exclusive-c14n form: the reference's digest is the
 * SHA-256 of the element's own text without its {@code ds:Signature} (the enveloped-signature transform), with
 * exclusive c14n naming {@code xsd} in its InclusiveNamespaces as OpenSAML does for {@code xsi:type="xsd:string"}
 * values; the signature value is RSA-SHA256 over the SignedInfo's canonical text, which as its own apex declares the
 * {@code ds} namespace; the KeyInfo carries the signing certificate.
 *
 * <p>Thread-safe: a digest and a signature engine per call.
 */
final class CanonicalSigner {
    static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    static final String EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
    private static final String SIGNED_INFO_CONTENT_START = "<ds:CanonicalizationMethod Algorithm=\"" + EXC_C14N
            + "\"></ds:CanonicalizationMethod><ds:SignatureMethod"
            + " Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"></ds:SignatureMethod>";
    private static final String TRANSFORMS = "<ds:Transforms><ds:Transform"
            + " Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"></ds:Transform><ds:Transform"
            + " Algorithm=\"" + EXC_C14N + "\"><ec:InclusiveNamespaces xmlns:ec=\"" + EXC_C14N + "\""
            + " PrefixList=\"xsd\"></ec:InclusiveNamespaces></ds:Transform></ds:Transforms><ds:DigestMethod"
            + " Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"></ds:DigestMethod>";

    private final SigningKey key;
    private final SecureRandom random;
    private final String keyInfo;

    /** @throws IllegalArgumentException if the key is not RSA or its certificate cannot be encoded */
    CanonicalSigner(SigningKey key, SecureRandom random) {
        if (!key.isRsa()) {
            throw new IllegalArgumentException("the canonical signer signs with RSA keys only");
        }
        this.key = key;
        this.random = random;
        try {
            this.keyInfo = "<ds:KeyInfo><ds:X509Data><ds:X509Certificate>"
                    + Base64.getEncoder().encodeToString(key.certificate().getEncoded())
                    + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo>";
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the signing certificate cannot be encoded", e);
        }
    }

    /**
     * {@code head + ds:Signature + tail}: the element whose ID is {@code id}, split where its signature goes (after
     * its Issuer), signed. Both parts must be canonical text; {@code id} an NCName.
     *
     * @throws GeneralSecurityException if SHA-256 or RSA-SHA256 fail
     */
    String sign(String id, String head, String tail) throws GeneralSecurityException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(head.getBytes(StandardCharsets.UTF_8));
        String digest = Base64.getEncoder().encodeToString(sha256.digest(tail.getBytes(StandardCharsets.UTF_8)));
        String signedInfoContent = SIGNED_INFO_CONTENT_START + "<ds:Reference URI=\"#" + id + "\">" + TRANSFORMS
                + "<ds:DigestValue>" + digest + "</ds:DigestValue></ds:Reference></ds:SignedInfo>";
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key.privateKey(), random);
        rsa.update(("<ds:SignedInfo xmlns:ds=\"" + DS + "\">" + signedInfoContent).getBytes(StandardCharsets.UTF_8));
        String value = Base64.getEncoder().encodeToString(rsa.sign());
        return head + "<ds:Signature xmlns:ds=\"" + DS + "\"><ds:SignedInfo>" + signedInfoContent
                + "<ds:SignatureValue>" + value + "</ds:SignatureValue>" + keyInfo + "</ds:Signature>" + tail;
    }
}
