package dev.samlec.mech.testing;

import static dev.samlec.mech.testing.TestSamlObjects.create;

import dev.samlec.mech.ChannelBinding;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.internal.xml.XmlWriter;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.function.Consumer;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.encryption.Encrypter;
import org.opensaml.security.credential.Credential;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.encryption.support.DataEncryptionParameters;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.encryption.support.KeyEncryptionParameters;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds one SAML Response: the assertion ({@link AssertionSpec}), then optionally its signature, its encryption, the
 * Response and the Response signature, in that order. Customisers run on the OpenSAML objects <em>before</em> the
 * respective signature, so their changes are signed; to tamper after signing, edit the {@link #build()} document.
 */
public final class SamlResponseBuilder {
    private final AssertionSpec assertion = new AssertionSpec();
    private String responseId = "_resp-5b1f0c2e9a7d4e3f8c6b";
    private String responseIssuer = TestSamlObjects.IDP;
    private String destination = TestSamlObjects.ACS;
    private String inResponseTo = TestSamlObjects.REQUEST_ID;
    private Instant issueInstant = TestSamlObjects.NOW;
    private String statusCode = StatusCode.SUCCESS;
    private SigningKey responseKey;
    private SigningKey assertionKey;
    private Credential assertionCredential;
    private String canonicalization = SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS;
    private String signatureAlgorithm;
    private String digestAlgorithm = SignatureConstants.ALGO_ID_DIGEST_SHA256;
    private X509Certificate encryptFor;
    private String dataAlgorithm = EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM;
    private String keyTransport = EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP;
    private Encrypter.KeyPlacement keyPlacement = Encrypter.KeyPlacement.INLINE;
    private Consumer<Response> responseCustomizer = r -> { };
    private Consumer<Element> assertionDomEdit;
    private Consumer<Element> responseDomEdit;

    /** The assertion's fields. */
    public AssertionSpec assertion() {
        return assertion;
    }

    /** Changes the assertion's fields. */
    public SamlResponseBuilder assertion(Consumer<AssertionSpec> change) {
        change.accept(assertion);
        return this;
    }

    /** Puts {@code binding} into the assertion's Advice (before the assertion is signed or encrypted). */
    public SamlResponseBuilder channelBindingInAdvice(ChannelBinding binding) {
        assertion.adviceChannelBinding(binding);
        return this;
    }

    /** Sets the Response ID. */
    public SamlResponseBuilder responseId(String value) {
        this.responseId = value;
        return this;
    }

    /** Sets the Response Issuer (null: none). */
    public SamlResponseBuilder responseIssuer(String value) {
        this.responseIssuer = value;
        return this;
    }

    /** Sets both the Response and the Assertion Issuer. */
    public SamlResponseBuilder issuer(String value) {
        this.responseIssuer = value;
        assertion.issuer(value);
        return this;
    }

    /** Sets the Destination (null: none). */
    public SamlResponseBuilder destination(String value) {
        this.destination = value;
        return this;
    }

    /** Sets Response/@InResponseTo (null: none). */
    public SamlResponseBuilder inResponseTo(String value) {
        this.inResponseTo = value;
        return this;
    }

    /** Sets Response/@InResponseTo and the confirmation's InResponseTo. */
    public SamlResponseBuilder answering(String requestId) {
        this.inResponseTo = requestId;
        assertion.confirmationInResponseTo(requestId);
        return this;
    }

    /** Sets the Response IssueInstant. */
    public SamlResponseBuilder issueInstant(Instant value) {
        this.issueInstant = value;
        return this;
    }

    /** Sets the top-level status code. */
    public SamlResponseBuilder statusCode(String value) {
        this.statusCode = value;
        return this;
    }

    /** Signs the Response with {@code key} (null: unsigned). */
    public SamlResponseBuilder signResponseWith(SigningKey key) {
        this.responseKey = key;
        return this;
    }

    /** Signs the assertion with {@code key} (null: unsigned). */
    public SamlResponseBuilder signAssertionWith(SigningKey key) {
        this.assertionKey = key;
        return this;
    }

    /**
     * Signs the assertion with an arbitrary credential (for example an HMAC secret key) and puts the certificate of
     * {@code keyInfoFrom} (may be null) in KeyInfo; set the matching {@link #signatureAlgorithm(String)}.
     */
    public SamlResponseBuilder signAssertionWith(Credential credential, SigningKey keyInfoFrom) {
        this.assertionCredential = credential;
        this.assertionKey = keyInfoFrom;
        return this;
    }

    /** The SignedInfo CanonicalizationMethod of every signature (default exclusive c14n). */
    public SamlResponseBuilder canonicalization(String value) {
        this.canonicalization = value;
        return this;
    }

    /** Uses this signature algorithm for every signature (default: RSA-SHA256 or ECDSA-SHA256 by key). */
    public SamlResponseBuilder signatureAlgorithm(String value) {
        this.signatureAlgorithm = value;
        return this;
    }

    /** Uses this digest algorithm for every signature (default SHA-256). */
    public SamlResponseBuilder digestAlgorithm(String value) {
        this.digestAlgorithm = value;
        return this;
    }

    /** Encrypts the (signed) assertion to {@code certificate} (null: plain). */
    public SamlResponseBuilder encryptFor(X509Certificate certificate) {
        this.encryptFor = certificate;
        return this;
    }

    /** The data encryption algorithm (default AES-256-GCM). */
    public SamlResponseBuilder dataEncryption(String value) {
        this.dataAlgorithm = value;
        return this;
    }

    /** The key transport algorithm (default RSA-OAEP-MGF1P). */
    public SamlResponseBuilder keyTransport(String value) {
        this.keyTransport = value;
        return this;
    }

    /** Where the EncryptedKey goes (default inline in EncryptedData/KeyInfo). */
    public SamlResponseBuilder keyPlacement(Encrypter.KeyPlacement value) {
        this.keyPlacement = value;
        return this;
    }

    /** Changes the Response object before it is signed. */
    public SamlResponseBuilder customizeResponse(Consumer<Response> change) {
        this.responseCustomizer = this.responseCustomizer.andThen(change);
        return this;
    }

    /**
     * Edits the marshalled assertion DOM just before it is signed (and encrypted), e.g. to set text OpenSAML would
     * normalise; the edit is covered by the assertion signature.
     */
    public SamlResponseBuilder editAssertionDomBeforeSigning(Consumer<Element> edit) {
        this.assertionDomEdit = edit;
        return this;
    }

    /** Edits the marshalled Response DOM just before the Response is signed; the edit is covered by the signature. */
    public SamlResponseBuilder editResponseDomBeforeSigning(Consumer<Element> edit) {
        this.responseDomEdit = edit;
        return this;
    }

    /** The signed (and possibly encrypted) Response as a DOM document, free to be tampered with. */
    public Document build() {
        try {
            Assertion a = assertion.toAssertion();
            if (assertionCredential != null) {
                Signature s = SamlSigning.attach(a, assertionCredential, assertionKey, signatureAlgorithm,
                        digestAlgorithm);
                s.setCanonicalizationAlgorithm(canonicalization);
                marshallAndEdit(a);
                Signer.signObject(s);
            } else if (assertionKey != null) {
                Signature s = SamlSigning.attach(a, assertionKey, algorithmFor(assertionKey), digestAlgorithm);
                s.setCanonicalizationAlgorithm(canonicalization);
                marshallAndEdit(a);
                Signer.signObject(s);
            } else if (assertionDomEdit != null) {
                marshallAndEdit(a);
            }
            Response response = response();
            if (encryptFor != null) {
                response.getEncryptedAssertions().add(encrypter().encrypt(a));
            } else {
                response.getAssertions().add(a);
            }
            responseCustomizer.accept(response);
            Signature responseSignature = responseKey == null ? null
                    : SamlSigning.attach(response, responseKey, algorithmFor(responseKey), digestAlgorithm);
            if (responseSignature != null) {
                responseSignature.setCanonicalizationAlgorithm(canonicalization);
            }
            Element element = XMLObjectSupport.marshall(response);
            if (responseDomEdit != null) {
                responseDomEdit.accept(element);
            }
            if (responseSignature != null) {
                Signer.signObject(responseSignature);
            }
            return element.getOwnerDocument();
        } catch (Exception e) {
            throw new IllegalStateException("test Response could not be built: " + e, e);
        }
    }

    /** {@link #build()} serialised. */
    public byte[] bytes() {
        return XmlWriter.toBytes(build());
    }

    private void marshallAndEdit(Assertion a) throws org.opensaml.core.xml.io.MarshallingException {
        Element dom = XMLObjectSupport.marshall(a);
        if (assertionDomEdit != null) {
            assertionDomEdit.accept(dom);
        }
    }

    private String algorithmFor(SigningKey key) {
        return signatureAlgorithm != null ? signatureAlgorithm : SamlSigning.defaultAlgorithm(key);
    }

    private Response response() {
        Response response = create(Response.DEFAULT_ELEMENT_NAME);
        response.setID(responseId);
        response.setVersion(SAMLVersion.VERSION_20);
        response.setIssueInstant(issueInstant);
        response.setDestination(destination);
        response.setInResponseTo(inResponseTo);
        if (responseIssuer != null) {
            Issuer issuer = create(Issuer.DEFAULT_ELEMENT_NAME);
            issuer.setValue(responseIssuer);
            response.setIssuer(issuer);
        }
        Status status = create(Status.DEFAULT_ELEMENT_NAME);
        StatusCode code = create(StatusCode.DEFAULT_ELEMENT_NAME);
        code.setValue(statusCode);
        status.setStatusCode(code);
        response.setStatus(status);
        return response;
    }

    private Encrypter encrypter() {
        DataEncryptionParameters data = new DataEncryptionParameters();
        data.setAlgorithm(dataAlgorithm);
        KeyEncryptionParameters key = new KeyEncryptionParameters();
        key.setEncryptionCredential(new BasicX509Credential(encryptFor));
        key.setAlgorithm(keyTransport);
        Encrypter encrypter = new Encrypter(data, key);
        encrypter.setKeyPlacement(keyPlacement);
        return encrypter;
    }
}
