package dev.samlec.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import dev.samlec.testkit.SoapFaultException.Code;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.xml.namespace.QName;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.saml2.core.KeyInfoConfirmationDataType;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.soap.soap11.Header;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.w3c.dom.Element;

/**
 * Holder-of-key at the demo IdP (ECP 2.0 {@code ecp:SubjectConfirmation}; SAML V2.0 Holder-of-Key Assertion Profile).
 * The IdP binds only a key whose possession the client proved to it: the TLS client certificate the user logged in
 * with on this very request. A key the client merely names (SubjectConfirmationData/KeyInfo in its header block) is
 * ignored, since anybody can name somebody else's public key; so holder-of-key needs a certificate login (with a
 * password login the request is refused with a fault {@code S:Client}).
 */
final class HolderOfKeyBinding {
    static final String ECP_NS = "urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp";
    static final QName BLOCK = new QName(ECP_NS, "SubjectConfirmation");
    static final String NEEDS_CERTIFICATE = "a holder-of-key assertion needs a login with a TLS client certificate"
            + " at this IdP (the key it binds is the one the client proved here)";

    private HolderOfKeyBinding() {
    }

    /** Whether {@code block} is an {@code ecp:SubjectConfirmation} header block. */
    static boolean isConfirmationBlock(XMLObject block) {
        return BLOCK.equals(block.getElementQName());
    }

    /** Whether the header holds an {@code ecp:SubjectConfirmation} block with Method holder-of-key. */
    static boolean requested(Header header) {
        if (header == null) {
            return false;
        }
        for (XMLObject block : header.getUnknownXMLObjects()) {
            Element dom = block.getDOM();
            if (isConfirmationBlock(block) && dom != null
                    && SubjectConfirmation.METHOD_HOLDER_OF_KEY.equals(dom.getAttributeNS(null, "Method"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The login to issue for: {@code attempt} itself unless holder-of-key was requested and the login succeeded; then
     * the login bound to the certificate of this exchange's TLS client authentication.
     *
     * @throws SoapFaultException {@code S:Client} when the user did not log in with a TLS client certificate
     */
    static UserLogin.Attempt bind(EcpRequest request, HttpExchange exchange, UserLogin.Attempt attempt)
            throws SoapFaultException {
        if (!request.holderOfKeyRequested() || attempt.authentication().isEmpty()) {
            return attempt;
        }
        Authentication login = attempt.authentication().get();
        if (!DemoAttributes.TLS_CLIENT.equals(login.authnContextClassRef())
                || !(exchange instanceof HttpsExchange)) {
            throw new SoapFaultException(Code.Client, NEEDS_CERTIFICATE);
        }
        try {
            Certificate[] chain = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
            return attempt.with(login.boundTo((X509Certificate) chain[0]));
        } catch (SSLPeerUnverifiedException e) {
            throw new SoapFaultException(Code.Client, NEEDS_CERTIFICATE, e);
        }
    }

    /**
     * Turns {@code confirmation} into a holder-of-key one: Method holder-of-key, and its SubjectConfirmationData
     * (Recipient, NotOnOrAfter, InResponseTo kept) becomes a {@code saml:KeyInfoConfirmationDataType} holding a
     * {@code ds:KeyInfo} with the certificate.
     */
    static void confirm(SubjectConfirmation confirmation, X509Certificate certificate) {
        SubjectConfirmationData plain = confirmation.getSubjectConfirmationData();
        KeyInfoConfirmationDataType data = (KeyInfoConfirmationDataType) XMLObjectSupport
                .getBuilder(KeyInfoConfirmationDataType.TYPE_NAME)
                .buildObject(SubjectConfirmationData.DEFAULT_ELEMENT_NAME, KeyInfoConfirmationDataType.TYPE_NAME);
        data.setRecipient(plain.getRecipient());
        data.setNotOnOrAfter(plain.getNotOnOrAfter());
        data.setInResponseTo(plain.getInResponseTo());
        KeyInfo keyInfo = SamlObjects.build(KeyInfo.DEFAULT_ELEMENT_NAME);
        try {
            KeyInfoSupport.addCertificate(keyInfo, certificate);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the client certificate cannot be encoded", e);
        }
        data.getKeyInfos().add(keyInfo);
        confirmation.setMethod(SubjectConfirmation.METHOD_HOLDER_OF_KEY);
        confirmation.setSubjectConfirmationData(data);
    }
}
