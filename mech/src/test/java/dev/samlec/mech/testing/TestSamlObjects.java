package dev.samlec.mech.testing;

import dev.samlec.mech.internal.xml.OpenSaml;
import java.time.Instant;
import javax.xml.namespace.QName;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.util.XMLObjectSupport;

/**
 * The baseline SAML messages of attacks.md §0, built with OpenSAML and signed with its {@code Signer} (Santuario):
 * a valid Response from {@link #IDP} to {@link #SP} answering {@link #REQUEST_ID} at {@link #NOW}, for NameID
 * {@code alice}, with two attributes. Start from one of the factories and change what a test needs.
 */
public final class TestSamlObjects {
    /** The trusted IdP's entityID (keys: {@link TestCredentials#idp()}, {@link TestCredentials#idpEc()}). */
    public static final String IDP = "https://idp.example.org/idp/shibboleth";
    /** A second trusted IdP (key: {@link TestCredentials#idp2()}). */
    public static final String IDP2 = "https://idp2.example.net/idp";
    /** The service's entityID. */
    public static final String SP = "https://sp.example.com/shibboleth";
    /** The service's ACS URL. */
    public static final String ACS = "https://sp.example.com/Shibboleth.sso/SAML2/ECP";
    /** The AuthnRequest ID the baseline answers. */
    public static final String REQUEST_ID = "_0123456789abcdef0123456789abcdef01234567";
    /** The time the baseline is issued and validated at. */
    public static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    /** The baseline NameID. */
    public static final String NAME_ID = "alice";
    /** Persistent NameID format. */
    public static final String PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
    /** The mail attribute's Name. */
    public static final String MAIL_OID = "urn:oid:0.9.2342.19200300.100.1.3";
    /** The eduPersonAffiliation attribute's Name. */
    public static final String AFFILIATION_OID = "urn:oid:1.3.6.1.4.1.5923.1.1.1.1";
    /** The baseline AuthnContextClassRef. */
    public static final String PPT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";

    private TestSamlObjects() {
    }

    /** R-resp: the Response is signed by the IdP (RSA), the assertion is not. */
    public static SamlResponseBuilder signedResponse() {
        return new SamlResponseBuilder().signResponseWith(TestCredentials.idp());
    }

    /** R-assert: the assertion is signed by the IdP (RSA), the Response is not. */
    public static SamlResponseBuilder signedAssertion() {
        return new SamlResponseBuilder().signAssertionWith(TestCredentials.idp());
    }

    /** R-both: both are signed by the IdP (RSA). */
    public static SamlResponseBuilder signedBoth() {
        return signedAssertion().signResponseWith(TestCredentials.idp());
    }

    /** R-enc: a signed assertion encrypted (AES-256-GCM, RSA-OAEP) to the SP's encryption key; Response unsigned. */
    public static SamlResponseBuilder encrypted() {
        return signedAssertion().encryptFor(TestCredentials.spEncryption().certificate());
    }

    /** An unsigned, unencrypted Response (not valid by itself). */
    public static SamlResponseBuilder unsigned() {
        return new SamlResponseBuilder();
    }

    /** A new OpenSAML object of the given element name. */
    @SuppressWarnings("unchecked")
    public static <T extends XMLObject> T create(QName name) {
        OpenSaml.ensureInitialized();
        return (T) XMLObjectSupport.buildXMLObject(name);
    }
}
