package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.internal.xml.OpenSaml;
import dev.samlec.mech.service.AlgorithmPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.shibboleth.utilities.java.support.xml.ParserPool;
import org.opensaml.saml.common.SAMLObject;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.EncryptedAttribute;
import org.opensaml.saml.saml2.core.EncryptedElementType;
import org.opensaml.saml.saml2.core.EncryptedID;
import org.opensaml.saml.saml2.encryption.Decrypter;
import org.opensaml.security.credential.Credential;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.encryption.support.InlineEncryptedKeyResolver;
import org.opensaml.xmlsec.keyinfo.impl.StaticKeyInfoCredentialResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decrypts an EncryptedAssertion, EncryptedID or EncryptedAttribute with the service's keys only, after
 * {@link EncryptionPolicyCheck} has vetted its algorithms and key references.
 *
 * <p>Only EncryptedKeys inline in EncryptedData/KeyInfo are resolved; the plaintext is parsed with samlec's hardened
 * pool into a new document of its own ({@code setRootInNewDocument(true)}), so references inside it resolve only
 * within it. Every failure that involves a key gives the same {@link EcpError#DECRYPTION_FAILED} message (no
 * padding or format oracle).
 */
final class SamlDecrypter {
    /** The one message for every key-dependent failure. */
    static final String FAILED = "the encrypted element could not be decrypted with the configured decryption key(s)";

    private static final Logger LOG = LoggerFactory.getLogger(SamlDecrypter.class);

    private final List<SigningKey> keys;
    private final AlgorithmPolicy policy;

    SamlDecrypter(List<SigningKey> keys, AlgorithmPolicy policy) {
        this.keys = List.copyOf(keys);
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Whether any decryption key is configured. */
    boolean hasKeys() {
        return !keys.isEmpty();
    }

    Assertion decrypt(EncryptedAssertion encrypted) throws EcpException {
        Decrypter decrypter = prepare(encrypted, "EncryptedAssertion");
        try {
            return decrypter.decrypt(encrypted);
        } catch (Exception e) {
            throw failed(e);
        }
    }

    SAMLObject decrypt(EncryptedID encrypted) throws EcpException {
        Decrypter decrypter = prepare(encrypted, "EncryptedID");
        try {
            return decrypter.decrypt(encrypted);
        } catch (Exception e) {
            throw failed(e);
        }
    }

    Attribute decrypt(EncryptedAttribute encrypted) throws EcpException {
        Decrypter decrypter = prepare(encrypted, "EncryptedAttribute");
        try {
            return decrypter.decrypt(encrypted);
        } catch (Exception e) {
            throw failed(e);
        }
    }

    private Decrypter prepare(EncryptedElementType encrypted, String what) throws EcpException {
        if (keys.isEmpty()) {
            throw Values.fail(EcpError.DECRYPTION_FAILED, what + ": received an encrypted element but no decryption "
                    + "key is configured (setting decryptionKeys)");
        }
        EncryptionPolicyCheck.check(encrypted.getDOM(), policy, what);
        List<Credential> credentials = new ArrayList<>();
        for (SigningKey key : keys) {
            credentials.add(new BasicX509Credential(key.certificate(), key.privateKey()));
        }
        Decrypter decrypter = new HardenedDecrypter(new StaticKeyInfoCredentialResolver(credentials),
                List.copyOf(policy.decryptionAlgorithms()));
        decrypter.setRootInNewDocument(true);
        return decrypter;
    }

    private static EcpException failed(Exception e) {
        LOG.debug("decryption failed: {}", e.getClass().getName());
        return new EcpException(EcpError.DECRYPTION_FAILED, FAILED, e);
    }

    /** OpenSAML's decrypter with samlec's hardened parser pool for the plaintext and inline key resolution only. */
    private static final class HardenedDecrypter extends Decrypter {
        HardenedDecrypter(StaticKeyInfoCredentialResolver kekResolver, List<String> includeList) {
            super(null, kekResolver, new InlineEncryptedKeyResolver(), includeList, List.of());
        }

        // Deprecated in 4.0.1 but still what the constructor calls; it keeps the global configuration untouched.
        @Override
        @SuppressWarnings("deprecation")
        protected ParserPool buildParserPool() {
            return OpenSaml.parserPool();
        }
    }
}
