package dev.samlec.mech.service;

import java.io.ByteArrayInputStream;
import java.security.cert.X509Certificate;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.apache.xml.security.encryption.EncryptedData;
import org.apache.xml.security.encryption.EncryptedKey;
import org.apache.xml.security.encryption.XMLCipher;
import org.apache.xml.security.keys.KeyInfo;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Encrypts arbitrary plaintext octets into a saml:EncryptedAssertion with Santuario (AES-256-GCM, RSA-OAEP). */
final class RawEncryption {
    private RawEncryption() {
    }

    /** A new saml:EncryptedAssertion element in {@code doc} whose plaintext is exactly {@code plaintext}. */
    static Element encryptedAssertion(Document doc, byte[] plaintext, X509Certificate recipient) throws Exception {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        SecretKey key = generator.generateKey();
        XMLCipher keyCipher = XMLCipher.getInstance(XMLCipher.RSA_OAEP);
        keyCipher.init(XMLCipher.WRAP_MODE, recipient.getPublicKey());
        EncryptedKey encryptedKey = keyCipher.encryptKey(doc, key);
        XMLCipher cipher = XMLCipher.getInstance(XMLCipher.AES_256_GCM);
        cipher.init(XMLCipher.ENCRYPT_MODE, key);
        EncryptedData data = cipher.encryptData(doc, "http://www.w3.org/2001/04/xmlenc#Element",
                new ByteArrayInputStream(plaintext));
        KeyInfo keyInfo = new KeyInfo(doc);
        keyInfo.add(encryptedKey);
        data.setKeyInfo(keyInfo);
        Element element = cipher.martial(doc, data);
        Element wrapper = doc.createElementNS("urn:oasis:names:tc:SAML:2.0:assertion", "saml2:EncryptedAssertion");
        wrapper.appendChild(element);
        return wrapper;
    }
}
