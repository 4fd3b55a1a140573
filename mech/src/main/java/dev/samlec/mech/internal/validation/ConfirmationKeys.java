package dev.samlec.mech.internal.validation;

import java.security.KeyException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.saml2.core.KeyInfoConfirmationDataType;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.opensaml.xmlsec.signature.KeyValue;
import org.opensaml.xmlsec.signature.X509Data;

/**
 * The keys a holder-of-key SubjectConfirmationData binds, read one way for every reader: the service's proof check
 * ({@link HolderOfKeyProof}) and the HTTP ECP client's check of the IdP's answer, so that the two can never see
 * different keys in one assertion. Internal to samlec.
 *
 * <p>KeyInfos are read from a {@code saml:KeyInfoConfirmationDataType} and as plain child elements of the
 * SubjectConfirmationData; in each, {@code ds:X509Data/ds:X509Certificate} (its public key) and {@code ds:KeyValue}
 * (RSA, DSA, EC). Everything else names no key by itself and is ignored, as are unreadable entries.
 */
public final class ConfirmationKeys {
    private ConfirmationKeys() {
    }

    /** The keys {@code data} binds, in document order; empty when none is readable. */
    public static List<PublicKey> of(SubjectConfirmationData data) {
        List<PublicKey> keys = new ArrayList<>();
        for (KeyInfo keyInfo : keyInfos(data)) {
            keys.addAll(keys(keyInfo));
        }
        return keys;
    }

    /** The KeyInfos of {@code data}. */
    static List<KeyInfo> keyInfos(SubjectConfirmationData data) {
        List<KeyInfo> result = new ArrayList<>();
        if (data instanceof KeyInfoConfirmationDataType) {
            for (XMLObject child : ((KeyInfoConfirmationDataType) data).getKeyInfos()) {
                if (child instanceof KeyInfo) {
                    result.add((KeyInfo) child);
                }
            }
        }
        for (XMLObject child : data.getUnknownXMLObjects(KeyInfo.DEFAULT_ELEMENT_NAME)) {
            if (child instanceof KeyInfo && !result.contains(child)) {
                result.add((KeyInfo) child);
            }
        }
        return result;
    }

    private static List<PublicKey> keys(KeyInfo keyInfo) {
        List<PublicKey> keys = new ArrayList<>();
        for (X509Data x509 : keyInfo.getX509Datas()) {
            for (org.opensaml.xmlsec.signature.X509Certificate xml : x509.getX509Certificates()) {
                try {
                    X509Certificate certificate = KeyInfoSupport.getCertificate(xml);
                    if (certificate != null) {
                        keys.add(certificate.getPublicKey());
                    }
                } catch (CertificateException | RuntimeException e) {
                    // not a key this confirmation can be bound to
                }
            }
        }
        for (KeyValue value : keyInfo.getKeyValues()) {
            try {
                PublicKey key = KeyInfoSupport.getKey(value);
                if (key != null) {
                    keys.add(key);
                }
            } catch (KeyException | RuntimeException e) {
                // not a key this confirmation can be bound to
            }
        }
        return keys;
    }
}
