package dev.samlec.mech.internal.validation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;

/**
 * The proof-of-possession part of a holder-of-key confirmation (SAML V2.0 Holder-of-Key Assertion Profile 2.5):
 * some {@code ds:KeyInfo} of the SubjectConfirmationData must name the public key of the TLS client certificate the
 * peer authenticated with on this connection. Only the key is compared (its SubjectPublicKeyInfo encoding), never the
 * certificate's subject, issuer or dates: the profile binds a key, and the TLS handshake proved its possession.
 *
 * <p>Read forms: {@code ds:X509Data/ds:X509Certificate} (its public key) and {@code ds:KeyValue} (RSA, DSA, EC).
 * Everything else (KeyName, RetrievalMethod, X509IssuerSerial, SKI, ...) would need a lookup and names no key by
 * itself, so it is ignored; a KeyInfo with nothing readable fails. KeyInfos are read both from a
 * {@code saml:KeyInfoConfirmationDataType} and as plain child elements of the SubjectConfirmationData.
 */
final class HolderOfKeyProof {
    private static final int FINGERPRINT_BYTES = 8;

    private HolderOfKeyProof() {
    }

    /** Why {@code data} does not prove possession by the holder of {@code clientCertificate}, or null if it does. */
    static String problem(SubjectConfirmationData data, Optional<X509Certificate> clientCertificate) {
        if (ConfirmationKeys.keyInfos(data).isEmpty()) {
            return "holder-of-key: SubjectConfirmationData has no ds:KeyInfo";
        }
        List<PublicKey> keys = ConfirmationKeys.of(data);
        Set<String> named = new LinkedHashSet<>();
        for (PublicKey key : keys) {
            named.add(fingerprint(key));
        }
        if (keys.isEmpty()) {
            return "holder-of-key: no ds:KeyInfo holds a readable ds:X509Certificate or ds:KeyValue";
        }
        if (clientCertificate.isEmpty()) {
            return "holder-of-key: the connection presented no TLS client certificate, the assertion is bound to key "
                    + String.join(", ", named);
        }
        byte[] presented = clientCertificate.get().getPublicKey().getEncoded();
        for (PublicKey key : keys) {
            if (MessageDigest.isEqual(presented, key.getEncoded())) {
                return null;
            }
        }
        return "holder-of-key: the TLS client certificate's key "
                + fingerprint(clientCertificate.get().getPublicKey()) + " is not the key the assertion is bound to ("
                + String.join(", ", named) + ")";
    }

    /** {@code sha256:} and the first 8 bytes of the SHA-256 of the key's SubjectPublicKeyInfo, in hex. */
    static String fingerprint(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "sha256:" + HexFormat.of().formatHex(digest, 0, FINGERPRINT_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
