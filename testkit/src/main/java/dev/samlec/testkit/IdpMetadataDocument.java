package dev.samlec.testkit;

import static dev.samlec.testkit.SamlObjects.build;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.IDPSSODescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.NameIDFormat;
import org.opensaml.saml.saml2.metadata.SingleSignOnService;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;

/**
 * The demo IdP's own metadata: one EntityDescriptor with an IDPSSODescriptor holding the signing certificate, the
 * SOAP SingleSignOnService (the ECP endpoint), the NameID formats it issues and whether it wants signed
 * AuthnRequests. Unsigned, pretty-printed UTF-8.
 */
final class IdpMetadataDocument {
    private IdpMetadataDocument() {
    }

    static byte[] create(String entityId, String ssoUrl, X509Certificate signingCertificate,
            boolean wantAuthnRequestsSigned) {
        IDPSSODescriptor idp = build(IDPSSODescriptor.DEFAULT_ELEMENT_NAME);
        idp.addSupportedProtocol(SAMLConstants.SAML20P_NS);
        idp.setWantAuthnRequestsSigned(wantAuthnRequestsSigned);
        KeyInfo keyInfo = build(KeyInfo.DEFAULT_ELEMENT_NAME);
        try {
            KeyInfoSupport.addCertificate(keyInfo, signingCertificate);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the signing certificate cannot be encoded", e);
        }
        KeyDescriptor signing = build(KeyDescriptor.DEFAULT_ELEMENT_NAME);
        signing.setUse(UsageType.SIGNING);
        signing.setKeyInfo(keyInfo);
        idp.getKeyDescriptors().add(signing);
        for (String format : new String[] {DemoAttributes.NAMEID_UNSPECIFIED, DemoAttributes.NAMEID_EMAIL}) {
            NameIDFormat nameIdFormat = build(NameIDFormat.DEFAULT_ELEMENT_NAME);
            nameIdFormat.setURI(format);
            idp.getNameIDFormats().add(nameIdFormat);
        }
        SingleSignOnService sso = build(SingleSignOnService.DEFAULT_ELEMENT_NAME);
        sso.setBinding(SAMLConstants.SAML2_SOAP11_BINDING_URI);
        sso.setLocation(ssoUrl);
        idp.getSingleSignOnServices().add(sso);
        EntityDescriptor entity = build(EntityDescriptor.DEFAULT_ELEMENT_NAME);
        entity.setEntityID(entityId);
        entity.getRoleDescriptors().add(idp);
        try {
            return SerializeSupport.prettyPrintXML(XMLObjectSupport.marshall(entity)).getBytes(StandardCharsets.UTF_8);
        } catch (MarshallingException e) {
            throw new IllegalStateException("IdP metadata could not be marshalled", e);
        }
    }
}
