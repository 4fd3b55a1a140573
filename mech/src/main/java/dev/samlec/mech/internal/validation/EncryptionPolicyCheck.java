package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.service.AlgorithmPolicy;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * Vets an encrypted SAML element before any key is used: its data and key-transport algorithms must be on the include
 * lists ({@link EcpError#WEAK_ALGORITHM} otherwise, decided from public data only), and key material must be inline:
 * RetrievalMethod, KeyInfoReference, Transforms, CipherReference and EncryptedKeys outside EncryptedData/KeyInfo are
 * refused, as are more than {@value #MAX_ENCRYPTED_KEYS} EncryptedKeys (bounded RSA work).
 */
final class EncryptionPolicyCheck {
    /** At most this many EncryptedKeys are tried (each costs one RSA operation per configured key). */
    static final int MAX_ENCRYPTED_KEYS = 4;

    private EncryptionPolicyCheck() {
    }

    static void check(Element encrypted, AlgorithmPolicy policy, String what) throws EcpException {
        if (encrypted == null) {
            throw Values.fail(EcpError.DECRYPTION_FAILED, what + ": no DOM to decrypt");
        }
        refuseReferences(encrypted, what);
        List<Element> data = Dom.children(encrypted, Dom.XENC, "EncryptedData");
        if (data.size() != 1 || Dom.children(encrypted).size() != 1) {
            throw Values.fail(EcpError.DECRYPTION_FAILED, what + ": expected exactly one xenc:EncryptedData with its "
                    + "EncryptedKey inline in its KeyInfo, saw " + Dom.children(encrypted).size() + " child elements");
        }
        Element encryptedData = data.get(0);
        checkAlgorithm(what + " EncryptedData EncryptionMethod", encryptionMethod(encryptedData),
                policy.dataEncryptionAlgorithms());
        List<Element> keyInfos = Dom.children(encryptedData, Dom.DS, "KeyInfo");
        List<Element> keys = keyInfos.size() == 1
                ? Dom.children(keyInfos.get(0), Dom.XENC, "EncryptedKey") : List.of();
        if (keys.isEmpty() || keys.size() > MAX_ENCRYPTED_KEYS) {
            throw Values.fail(EcpError.DECRYPTION_FAILED, what + ": expected 1 to " + MAX_ENCRYPTED_KEYS
                    + " xenc:EncryptedKey inline in EncryptedData/KeyInfo, saw " + keys.size());
        }
        for (Element key : keys) {
            checkKey(key, policy, what);
        }
    }

    private static void refuseReferences(Element encrypted, String what) throws EcpException {
        String[][] refused = {{Dom.DS, "RetrievalMethod"}, {Dom.DS11, "KeyInfoReference"}, {Dom.DS, "Transforms"},
            {Dom.XENC, "CipherReference"}, {Dom.XENC, "ReferenceList"}};
        for (String[] name : refused) {
            if (!Dom.descendants(encrypted, name[0], name[1]).isEmpty()) {
                throw Values.fail(EcpError.DECRYPTION_FAILED, what + ": " + name[1] + " is not supported; keys "
                        + "must be inline EncryptedKeys");
            }
        }
    }

    private static void checkKey(Element key, AlgorithmPolicy policy, String what) throws EcpException {
        Element method = only(key, Dom.XENC, "EncryptionMethod");
        String algorithm = method == null ? null : method.getAttributeNS(null, "Algorithm");
        checkAlgorithm(what + " EncryptedKey EncryptionMethod", algorithm, policy.keyTransportAlgorithms());
        Element digest = only(method, Dom.DS, "DigestMethod");
        if (digest != null) {
            checkAlgorithm(what + " RSA-OAEP DigestMethod", digest.getAttributeNS(null, "Algorithm"),
                    policy.oaepDigestAlgorithms());
        }
        Element mgf = only(method, Dom.XENC11, "MGF");
        if (mgf != null) {
            checkAlgorithm(what + " RSA-OAEP MGF", mgf.getAttributeNS(null, "Algorithm"), policy.oaepMgfAlgorithms());
        }
        List<Element> nestedKeyInfo = Dom.children(key, Dom.DS, "KeyInfo");
        for (Element keyInfo : nestedKeyInfo) {
            if (!Dom.descendants(keyInfo, Dom.XENC, "EncryptedKey").isEmpty()) {
                throw Values.fail(EcpError.DECRYPTION_FAILED, what + ": nested EncryptedKeys are not supported");
            }
        }
    }

    private static String encryptionMethod(Element encryptedData) {
        Element method = only(encryptedData, Dom.XENC, "EncryptionMethod");
        return method == null ? null : method.getAttributeNS(null, "Algorithm");
    }

    private static Element only(Element parent, String ns, String local) {
        if (parent == null) {
            return null;
        }
        List<Element> found = Dom.children(parent, ns, local);
        return found.size() == 1 ? found.get(0) : null;
    }

    private static void checkAlgorithm(String field, String algorithm, Set<String> allowed) throws EcpException {
        if (algorithm == null || !allowed.contains(algorithm)) {
            throw Values.fail(EcpError.WEAK_ALGORITHM, field + ": expected one of " + allowed + ", saw "
                    + Values.quote(algorithm));
        }
    }
}
