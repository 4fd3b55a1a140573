package dev.samlec.mech.metadata;

import dev.samlec.mech.internal.xml.OpenSaml;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.xml.namespace.QName;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.AssertionConsumerService;
import org.opensaml.saml.saml2.metadata.EncryptionMethod;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.SPSSODescriptor;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;

/**
 * Writes SAML metadata for a samlec service, for registration at an identity provider: an EntityDescriptor with an
 * SPSSODescriptor holding one AssertionConsumerService with the PAOS binding (index 0, the default), optional signing
 * and encryption KeyDescriptors, {@code WantAssertionsSigned="true"}, and {@code AuthnRequestsSigned="true"} when a
 * signing certificate is given (without one the service cannot sign its requests, so it does not promise to).
 *
 * <p>The output is unsigned and pretty-printed UTF-8. Instances are immutable.
 */
public final class SpMetadataWriter {
    private final String entityId;
    private final String acsUrl;
    private final X509Certificate signingCertificate;
    private final X509Certificate encryptionCertificate;

    private SpMetadataWriter(Builder builder) {
        this.entityId = builder.entityId;
        this.acsUrl = builder.acsUrl;
        this.signingCertificate = builder.signingCertificate;
        this.encryptionCertificate = builder.encryptionCertificate;
    }

    /** A builder; entityID and ACS URL are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The metadata document as UTF-8 bytes. */
    public byte[] write() {
        OpenSaml.ensureInitialized();
        EntityDescriptor entity = build(EntityDescriptor.DEFAULT_ELEMENT_NAME);
        entity.setEntityID(entityId);
        SPSSODescriptor sp = build(SPSSODescriptor.DEFAULT_ELEMENT_NAME);
        sp.addSupportedProtocol(SAMLConstants.SAML20P_NS);
        sp.setAuthnRequestsSigned(signingCertificate != null);
        sp.setWantAssertionsSigned(true);
        if (signingCertificate != null) {
            sp.getKeyDescriptors().add(keyDescriptor(UsageType.SIGNING, signingCertificate));
        }
        if (encryptionCertificate != null) {
            KeyDescriptor encryption = keyDescriptor(UsageType.ENCRYPTION, encryptionCertificate);
            encryption.getEncryptionMethods().add(method(EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM));
            encryption.getEncryptionMethods().add(method(EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128_GCM));
            encryption.getEncryptionMethods().add(method(EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP11));
            encryption.getEncryptionMethods().add(method(EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP));
            sp.getKeyDescriptors().add(encryption);
        }
        AssertionConsumerService acs = build(AssertionConsumerService.DEFAULT_ELEMENT_NAME);
        acs.setBinding(SAMLConstants.SAML2_PAOS_BINDING_URI);
        acs.setLocation(acsUrl);
        acs.setIndex(0);
        acs.setIsDefault(true);
        sp.getAssertionConsumerServices().add(acs);
        entity.getRoleDescriptors().add(sp);
        try {
            return SerializeSupport.prettyPrintXML(XMLObjectSupport.marshall(entity)).getBytes(StandardCharsets.UTF_8);
        } catch (MarshallingException e) {
            throw new IllegalStateException("SP metadata could not be marshalled: " + e.getMessage(), e);
        }
    }

    private static KeyDescriptor keyDescriptor(UsageType use, X509Certificate certificate) {
        KeyDescriptor descriptor = build(KeyDescriptor.DEFAULT_ELEMENT_NAME);
        descriptor.setUse(use);
        KeyInfo keyInfo = build(KeyInfo.DEFAULT_ELEMENT_NAME);
        try {
            KeyInfoSupport.addCertificate(keyInfo, certificate);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException(use.getValue() + " certificate cannot be encoded", e);
        }
        descriptor.setKeyInfo(keyInfo);
        return descriptor;
    }

    private static EncryptionMethod method(String algorithm) {
        EncryptionMethod method = build(EncryptionMethod.DEFAULT_ELEMENT_NAME);
        method.setAlgorithm(algorithm);
        return method;
    }

    @SuppressWarnings("unchecked")
    private static <T extends XMLObject> T build(QName name) {
        return (T) XMLObjectSupport.buildXMLObject(name);
    }

    /** Settings for an {@link SpMetadataWriter}. */
    public static final class Builder {
        private String entityId;
        private String acsUrl;
        private X509Certificate signingCertificate;
        private X509Certificate encryptionCertificate;

        private Builder() {
        }

        /** The service's entityID (required). */
        public Builder entityId(String entityId) {
            this.entityId = entityId;
            return this;
        }

        /** The service's PAOS AssertionConsumerService URL (required). */
        public Builder assertionConsumerServiceUrl(String acsUrl) {
            this.acsUrl = acsUrl;
            return this;
        }

        /** The certificate the service signs AuthnRequests with (optional). */
        public Builder signingCertificate(X509Certificate certificate) {
            this.signingCertificate = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        /** The certificate IdPs should encrypt assertions to (optional). */
        public Builder encryptionCertificate(X509Certificate certificate) {
            this.encryptionCertificate = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        /**
         * The writer.
         *
         * @throws IllegalArgumentException if the entityID or the ACS URL is missing or blank
         */
        public SpMetadataWriter build() {
            if (entityId == null || entityId.isBlank()) {
                throw new IllegalArgumentException("SP metadata: entityId must not be blank");
            }
            if (entityId.length() > 1024) {
                throw new IllegalArgumentException("SP metadata: entityId is longer than 1024 characters (SAML core"
                        + " 8.3.6), length " + entityId.length());
            }
            if (acsUrl == null || acsUrl.isBlank()) {
                throw new IllegalArgumentException("SP metadata: the AssertionConsumerService URL must not be blank");
            }
            return new SpMetadataWriter(this);
        }
    }
}
