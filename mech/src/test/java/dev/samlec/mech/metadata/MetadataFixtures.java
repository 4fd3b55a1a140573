package dev.samlec.mech.metadata;

import dev.samlec.mech.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** Test keys and metadata documents built from templates. */
final class MetadataFixtures {
    static final String SOAP = "urn:oasis:names:tc:SAML:2.0:bindings:SOAP";
    static final String POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
    static final String MD_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
    static final String DS_NS = "http://www.w3.org/2000/09/xmldsig#";

    private MetadataFixtures() {
    }

    static byte[] resource(String name) {
        try (InputStream in = MetadataFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static X509Certificate certificate(String name) throws Exception {
        return Pem.parseCertificates(new String(resource(name), StandardCharsets.US_ASCII), name).get(0);
    }

    static PrivateKey privateKey(String name) throws Exception {
        return Pem.parsePrivateKey(new String(resource(name), StandardCharsets.US_ASCII), name);
    }

    static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A KeyDescriptor; {@code use} may be null for no use attribute. */
    static String keyDescriptor(String use, X509Certificate certificate) {
        return "<md:KeyDescriptor" + (use == null ? "" : " use=\"" + use + "\"") + "><ds:KeyInfo><ds:X509Data>"
                + "<ds:X509Certificate>" + base64(certificate) + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo>"
                + "</md:KeyDescriptor>";
    }

    static String sso(String binding, String location) {
        return "<md:SingleSignOnService Binding=\"" + binding + "\" Location=\"" + location + "\"/>";
    }

    /** An IdP EntityDescriptor (namespaces declared on it) with the given attributes and descriptor content. */
    static String idp(String entityId, String entityAttributes, String idpAttributes, String content) {
        return "<md:EntityDescriptor xmlns:md=\"" + MD_NS + "\" xmlns:ds=\"" + DS_NS + "\" entityID=\"" + entityId
                + "\"" + entityAttributes + "><md:IDPSSODescriptor protocolSupportEnumeration="
                + "\"urn:oasis:names:tc:SAML:2.0:protocol\"" + idpAttributes + ">" + content
                + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    }

    /** A typical ECP IdP: a signing key and a SOAP endpoint at {@code https://<host>/idp/profile/SAML2/SOAP/ECP}. */
    static String simpleIdp(String entityId, String host, X509Certificate certificate) {
        return idp(entityId, "", "", keyDescriptor("signing", certificate)
                + sso(SOAP, "https://" + host + "/idp/profile/SAML2/SOAP/ECP"));
    }

    static String sp(String entityId) {
        return "<md:EntityDescriptor xmlns:md=\"" + MD_NS + "\" entityID=\"" + entityId + "\"><md:SPSSODescriptor"
                + " protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:AssertionConsumerService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:PAOS\" Location=\""
                + "https://sp.example.org/ECP\" index=\"0\"/></md:SPSSODescriptor></md:EntityDescriptor>";
    }

    /** An EntitiesDescriptor aggregate holding the given entity documents. */
    static String aggregate(String attributes, String... entities) {
        return "<md:EntitiesDescriptor xmlns:md=\"" + MD_NS + "\" Name=\"urn:example:federation\"" + attributes + ">"
                + String.join("", entities) + "</md:EntitiesDescriptor>";
    }

    static byte[] utf8(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
