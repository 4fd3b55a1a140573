package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.internal.xml.ByteSink;
import dev.samlec.mech.internal.xml.ExclusiveCanonicalizer;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The cryptographic check of the signature shape every SAML IdP writes, without Santuario: one Reference to the
 * signed element's {@code #ID} with the transforms enveloped-signature then exclusive c14n (optional
 * InclusiveNamespaces), a SHA-2 (or allowed SHA-1) digest, exclusive c14n of SignedInfo and an RSA PKCS#1 v1.5
 * signature from a key of at least 1024 bits. The reference digest is computed by streaming
 * {@link ExclusiveCanonicalizer} into the hash; SignedInfo is verified with {@code java.security.Signature}.
 *
 * <p>The structural and algorithm checks of {@link SignatureVerifier} run before this one; anything else (other
 * transforms or their order, RSA-PSS, ECDSA, an empty Reference URI, a comment or CDATA section in the signed
 * content, a short key) is {@link Outcome#NOT_HANDLED}, and the caller verifies with Santuario as before. Both paths
 * accept the same signatures on parsed documents ({@code DirectSignatureCheckTest} compares them on valid and
 * tampered messages), except that this one refuses a DigestValue or SignatureValue holding anything but base64 and
 * whitespace, which Santuario's lenient decoder skips.
 */
final class DirectSignatureCheck {
    /** What the check concluded. */
    enum Outcome {
        /** The digest matched and the signature verified with one of the certificates. */
        VERIFIED,
        /** Not the common shape: verify with Santuario. */
        NOT_HANDLED
    }

    private static final String EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
    private static final String EXC_C14N_WITH_COMMENTS = EXC_C14N + "WithComments";
    private static final String ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
    private static final Map<String, String> SIGNATURES = Map.of(
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "SHA256withRSA",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384", "SHA384withRSA",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512", "SHA512withRSA",
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1", "SHA1withRSA");
    private static final Map<String, String> DIGESTS = Map.of(
            "http://www.w3.org/2001/04/xmlenc#sha256", "SHA-256",
            "http://www.w3.org/2001/04/xmldsig-more#sha384", "SHA-384",
            "http://www.w3.org/2001/04/xmlenc#sha512", "SHA-512",
            "http://www.w3.org/2000/09/xmldsig#sha1", "SHA-1");
    private static final int MIN_RSA_BITS = 1024;

    private DirectSignatureCheck() {
    }

    /**
     * Checks the signature {@code signature} (a child of {@code signed}) whose layout, profile, Reference URI and
     * algorithms were already checked against the policy.
     *
     * @throws EcpException {@link EcpError#INVALID_SIGNATURE} when the shape is handled and the signature is bad
     */
    static Outcome verify(Element signed, Element signature, List<X509Certificate> trusted, String what)
            throws EcpException {
        Element signedInfo = Dom.children(signature, Dom.DS, "SignedInfo").get(0);
        List<Element> parts = Dom.children(signedInfo);
        if (parts.size() != 3 || !Dom.is(parts.get(0), Dom.DS, "CanonicalizationMethod")
                || !Dom.is(parts.get(1), Dom.DS, "SignatureMethod") || !Dom.is(parts.get(2), Dom.DS, "Reference")
                || !Dom.children(parts.get(1)).isEmpty()) {
            return Outcome.NOT_HANDLED;
        }
        Optional<List<String>> signedInfoPrefixes = exclusiveC14n(parts.get(0));
        String algorithm = SIGNATURES.get(parts.get(1).getAttributeNS(null, "Algorithm"));
        Element reference = parts.get(2);
        String uri = reference.getAttributeNS(null, "URI");
        List<Element> referenceParts = Dom.children(reference);
        if (signedInfoPrefixes.isEmpty() || algorithm == null || !uri.startsWith("#") || referenceParts.size() != 3
                || !Dom.is(referenceParts.get(0), Dom.DS, "Transforms")
                || !Dom.is(referenceParts.get(1), Dom.DS, "DigestMethod")
                || !Dom.is(referenceParts.get(2), Dom.DS, "DigestValue")
                || !Dom.children(referenceParts.get(1)).isEmpty()
                || !Dom.children(referenceParts.get(2)).isEmpty()) {
            return Outcome.NOT_HANDLED;
        }
        Optional<List<String>> referencePrefixes = transforms(referenceParts.get(0));
        String digestAlgorithm = DIGESTS.get(referenceParts.get(1).getAttributeNS(null, "Algorithm"));
        List<PublicKey> keys = rsaKeys(trusted);
        if (referencePrefixes.isEmpty() || digestAlgorithm == null || keys == null) {
            return Outcome.NOT_HANDLED;
        }
        byte[] expectedDigest = base64(referenceParts.get(2), what + " DigestValue");
        byte[] signatureValue = base64(Dom.children(signature, Dom.DS, "SignatureValue").get(0),
                what + " SignatureValue");
        MessageDigest digest = instance(digestAlgorithm);
        ByteSink content = ByteSink.into(digest);
        if (!ExclusiveCanonicalizer.canonicalize(signed, signature, referencePrefixes.get(), content)) {
            return Outcome.NOT_HANDLED;
        }
        content.flush();
        ByteArrayOutputStream canonicalSignedInfo = new ByteArrayOutputStream(1024);
        ByteSink info = ByteSink.into(canonicalSignedInfo);
        if (!ExclusiveCanonicalizer.canonicalize(signedInfo, null, signedInfoPrefixes.get(), info)) {
            return Outcome.NOT_HANDLED;
        }
        info.flush();
        if (!verifiesWithAny(keys, algorithm, canonicalSignedInfo.toByteArray(), signatureValue)) {
            throw Values.fail(EcpError.INVALID_SIGNATURE, what + " does not verify with any of the " + keys.size()
                    + " configured RSA signing certificate(s) of the issuer (" + trusted.size()
                    + " configured in all)");
        }
        if (!MessageDigest.isEqual(expectedDigest, digest.digest())) {
            throw Values.fail(EcpError.INVALID_SIGNATURE, what + " does not verify: the content it covers was "
                    + "changed after signing (the Reference digest does not match)");
        }
        return Outcome.VERIFIED;
    }

    /**
     * The InclusiveNamespaces prefixes of an exclusive c14n method or transform element, or empty when it is
     * another algorithm or has other content.
     */
    private static Optional<List<String>> exclusiveC14n(Element method) {
        String algorithm = method.getAttributeNS(null, "Algorithm");
        if (!EXC_C14N.equals(algorithm) && !EXC_C14N_WITH_COMMENTS.equals(algorithm)) {
            return Optional.empty();
        }
        List<Element> children = Dom.children(method);
        if (children.isEmpty()) {
            return Optional.of(List.of());
        }
        if (children.size() != 1 || !Dom.is(children.get(0), EXC_C14N, "InclusiveNamespaces")
                || !children.get(0).hasAttributeNS(null, "PrefixList") || !Dom.children(children.get(0)).isEmpty()) {
            return Optional.empty();
        }
        List<String> prefixes = new ArrayList<>();
        for (String token : children.get(0).getAttributeNS(null, "PrefixList").trim().split("[ \t\r\n]+")) {
            if (!token.isEmpty()) {
                prefixes.add("#default".equals(token) ? "" : token);
            }
        }
        return Optional.of(prefixes);
    }

    /** The exclusive c14n prefixes when the transforms are exactly enveloped-signature, then exclusive c14n. */
    private static Optional<List<String>> transforms(Element transforms) {
        List<Element> list = Dom.children(transforms);
        if (list.size() != 2 || !Dom.is(list.get(0), Dom.DS, "Transform") || !Dom.is(list.get(1), Dom.DS, "Transform")
                || !ENVELOPED.equals(list.get(0).getAttributeNS(null, "Algorithm"))
                || list.get(0).getFirstChild() != null) {
            return Optional.empty();
        }
        // A same-document "#ID" reference leaves comments out even under exc-c14n#WithComments (xmldsig-core 4.4.3.3).
        return exclusiveC14n(list.get(1));
    }

    /** The RSA keys of {@code trusted}, or null when one is short (Santuario's secure validation refuses it). */
    private static List<PublicKey> rsaKeys(List<X509Certificate> trusted) {
        List<PublicKey> keys = new ArrayList<>();
        for (X509Certificate certificate : trusted) {
            PublicKey key = certificate.getPublicKey();
            if (key instanceof RSAPublicKey) {
                if (((RSAPublicKey) key).getModulus().bitLength() < MIN_RSA_BITS) {
                    return null;
                }
                keys.add(key);
            }
        }
        return keys;
    }

    private static boolean verifiesWithAny(List<PublicKey> keys, String algorithm, byte[] signedInfo,
            byte[] signatureValue) throws EcpException {
        for (PublicKey key : keys) {
            try {
                Signature verifier = Signature.getInstance(algorithm);
                verifier.initVerify(key);
                verifier.update(signedInfo);
                if (verifier.verify(signatureValue)) {
                    return true;
                }
            } catch (NoSuchAlgorithmException e) {
                throw Values.fail(EcpError.INTERNAL_ERROR, "the JDK has no " + algorithm + " signature");
            } catch (GeneralSecurityException e) {
                // A value of the wrong length for this key, or a key the provider cannot use: not this key.
            }
        }
        return false;
    }

    private static MessageDigest instance(String algorithm) throws EcpException {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw Values.fail(EcpError.INTERNAL_ERROR, "the JDK has no " + algorithm + " digest");
        }
    }

    /** The base64Binary content of {@code element} (whitespace allowed, as Santuario reads it). */
    private static byte[] base64(Element element, String field) throws EcpException {
        StringBuilder text = new StringBuilder();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() != Node.TEXT_NODE) {
                throw Values.fail(EcpError.INVALID_SIGNATURE, field + ": expected base64 text only");
            }
            text.append(n.getNodeValue());
        }
        String value = text.toString().replaceAll("[ \t\r\n]", "");
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw Values.fail(EcpError.INVALID_SIGNATURE, field + " is not valid base64");
        }
    }
}
