package dev.samlec.testkit;

import java.security.SecureRandom;
import java.util.HexFormat;
import javax.xml.namespace.QName;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.saml2.core.Issuer;

/** Small OpenSAML conveniences: typed builders, random SAML IDs, Issuer elements. */
final class SamlObjects {
    /** The Audience an SP puts in an AuthnRequest's Conditions to ask for delegation (SAML-EC section 5.1). */
    static final String DELEGATION_AUDIENCE = "urn:oasis:names:tc:SAML:2.0:conditions:delegation";

    private SamlObjects() {
    }

    @SuppressWarnings("unchecked")
    static <T extends XMLObject> T build(QName name) {
        return (T) XMLObjectSupport.buildXMLObject(name);
    }

    /** An xs:ID value: "_" and 128 random bits in hex (an ID must not start with a digit). */
    static String newId(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return "_" + HexFormat.of().formatHex(bytes);
    }

    static Issuer issuer(String entityId) {
        Issuer issuer = build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(entityId);
        return issuer;
    }
}
