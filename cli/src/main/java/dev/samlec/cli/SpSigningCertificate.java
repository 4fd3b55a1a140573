package dev.samlec.cli;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The signing certificate in an SP's metadata, for {@code samlec idp --sp-metadata}: the first
 * {@code ds:X509Certificate} of a {@code md:KeyDescriptor} of the {@code md:SPSSODescriptor} with
 * {@code use="signing"} or without {@code use} (a key for both, SAML metadata 2.4.1.1).
 */
final class SpSigningCertificate {
    private static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";
    private static final String DS = "http://www.w3.org/2000/09/xmldsig#";

    private SpSigningCertificate() {
    }

    static Optional<X509Certificate> in(byte[] metadata, String source) throws EcpException {
        Element root = new SecureXmlParser(1024 * 1024).parse(metadata, source).getDocumentElement();
        NodeList descriptors = root.getElementsByTagNameNS(MD, "SPSSODescriptor");
        for (int d = 0; d < descriptors.getLength(); d++) {
            NodeList keys = ((Element) descriptors.item(d)).getElementsByTagNameNS(MD, "KeyDescriptor");
            for (int k = 0; k < keys.getLength(); k++) {
                Element key = (Element) keys.item(k);
                String use = key.getAttribute("use");
                NodeList certificates = key.getElementsByTagNameNS(DS, "X509Certificate");
                if ((use.isEmpty() || use.equals("signing")) && certificates.getLength() > 0) {
                    return Optional.of(decode(certificates.item(0).getTextContent(), source));
                }
            }
        }
        return Optional.empty();
    }

    private static X509Certificate decode(String base64, String source) throws EcpConfigurationException {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64.strip());
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | IllegalArgumentException e) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID, source
                    + ": a signing KeyDescriptor holds an unreadable certificate");
        }
    }
}
