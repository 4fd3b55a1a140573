package dev.samlec.mech.metadata;

import dev.samlec.mech.internal.xml.OpenSaml;
import dev.samlec.mech.internal.xml.XmlWriter;
import java.io.ByteArrayInputStream;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.SAMLObjectContentReference;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.saml2.common.TimeBoundSAMLObject;
import org.opensaml.saml.saml2.metadata.EntitiesDescriptor;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Signs metadata documents for tests, with the OpenSAML Signer (Santuario underneath); the cli tests use it too. As a
 * federation does, a root without {@code validUntil} gets one ({@link #DEFAULT_VALIDITY} from the system clock)
 * unless {@link #signWithoutValidUntil} is used.
 */
public final class MetadataSigning {
    /** The validity given to a root without {@code validUntil}. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);

    private MetadataSigning() {
    }

    public static byte[] signRsaSha256(byte[] xml, PrivateKey key, X509Certificate certificate) throws Exception {
        return sign(xml, key, certificate, SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256,
                SignatureConstants.ALGO_ID_DIGEST_SHA256);
    }

    /** RSA-SHA256, the root left without {@code validUntil} if it has none (what a careless publisher sends). */
    public static byte[] signWithoutValidUntil(byte[] xml, PrivateKey key, X509Certificate certificate)
            throws Exception {
        return sign(xml, key, certificate, SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256,
                SignatureConstants.ALGO_ID_DIGEST_SHA256, null);
    }

    /** RSA-SHA256 with this root {@code validUntil} if the root has none. */
    public static byte[] signValidUntil(byte[] xml, PrivateKey key, X509Certificate certificate, Instant validUntil)
            throws Exception {
        return sign(xml, key, certificate, SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256,
                SignatureConstants.ALGO_ID_DIGEST_SHA256, validUntil);
    }

    /**
     * The document with an enveloped signature on its root element (an ID is added to the root if missing, and a
     * {@code validUntil} {@link #DEFAULT_VALIDITY} from now).
     */
    public static byte[] sign(byte[] xml, PrivateKey key, X509Certificate certificate, String signatureAlgorithm,
            String digestAlgorithm) throws Exception {
        return sign(xml, key, certificate, signatureAlgorithm, digestAlgorithm, Instant.now().plus(DEFAULT_VALIDITY));
    }

    private static byte[] sign(byte[] xml, PrivateKey key, X509Certificate certificate, String signatureAlgorithm,
            String digestAlgorithm, Instant validUntil) throws Exception {
        OpenSaml.ensureInitialized();
        Document document = OpenSaml.parserPool().parse(new ByteArrayInputStream(xml));
        Element root = document.getDocumentElement();
        SignableSAMLObject object = (SignableSAMLObject) XMLObjectSupport.getUnmarshaller(root).unmarshall(root);
        if (object instanceof EntityDescriptor && ((EntityDescriptor) object).getID() == null) {
            ((EntityDescriptor) object).setID("_signed-entity");
        } else if (object instanceof EntitiesDescriptor && ((EntitiesDescriptor) object).getID() == null) {
            ((EntitiesDescriptor) object).setID("_signed-aggregate");
        }
        if (validUntil != null && ((TimeBoundSAMLObject) object).getValidUntil() == null) {
            ((TimeBoundSAMLObject) object).setValidUntil(validUntil);
        }
        Signature signature = (Signature) XMLObjectSupport.buildXMLObject(Signature.DEFAULT_ELEMENT_NAME);
        signature.setSigningCredential(new BasicX509Credential(certificate, key));
        signature.setSignatureAlgorithm(signatureAlgorithm);
        signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        object.setSignature(signature);
        ((SAMLObjectContentReference) signature.getContentReferences().get(0)).setDigestAlgorithm(digestAlgorithm);
        Element signed = XMLObjectSupport.marshall(object);
        Signer.signObject(signature);
        return XmlWriter.toBytes(signed.getOwnerDocument());
    }
}
