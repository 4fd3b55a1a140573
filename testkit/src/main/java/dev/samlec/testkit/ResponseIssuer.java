package dev.samlec.testkit;

import dev.samlec.mech.SigningKey;
import static dev.samlec.testkit.SamlObjects.build;

import dev.samlec.testkit.SoapFaultException.Code;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.StatusMessage;
import org.opensaml.xmlsec.encryption.support.EncryptionException;
import org.opensaml.xmlsec.signature.support.SignatureException;

/**
 * Issues signed samlp:Responses: on success one Assertion, signed, then encrypted when the SP registered an
 * encryption certificate, inside a signed Response; on failure a signed Response with a non-success status and no
 * assertion, as Shibboleth does.
 *
 * <p>The signatures are computed where the Response is sent: an {@link IssuedResponse} has them set up, and
 * {@link IssuedResponse#sign()} computes them once the envelope holding the Response has been marshalled (an
 * encrypted assertion is signed before it is encrypted, on its own). So the Response is marshalled once, in the
 * envelope's document, instead of on its own and then moved there (OpenSAML walks a moved subtree for its
 * namespaces: about a tenth of the IdP's work per login).
 */
final class ResponseIssuer {
    private final String idpEntityId;
    private final SigningKey key;
    private final SecureRandom random;
    private final AssertionFactory assertions;

    ResponseIssuer(String idpEntityId, SigningKey key, SecureRandom random, String scope) {
        this.idpEntityId = idpEntityId;
        this.key = key;
        this.random = random;
        this.assertions = new AssertionFactory(idpEntityId, random, scope);
    }

    /**
     * A signed Response with one signed (and maybe encrypted) assertion; the channel binding and the session key
     * (only issued with an encryption certificate, see {@link SessionKeyIssuer}) go in its Advice.
     */
    IssuedResponse success(EcpRequest request, ServiceProviderRegistration sp, String acs, Authentication login,
            Optional<ChannelBindingValue> channelBinding, Optional<byte[]> sessionKey, Instant now)
            throws SoapFaultException {
        Response response = skeleton(request, acs, now, StatusCode.SUCCESS, null, null);
        Assertion assertion = assertions.create(request, sp.entityId(), acs, login, channelBinding, now);
        sessionKey.ifPresent(key -> SessionKeyAdvice.add(assertion, key));
        try {
            Optional<X509Certificate> encryptTo = sp.encryptionCertificate();
            if (encryptTo.isPresent()) {
                XmlSigning.sign(assertion, key);
                response.getEncryptedAssertions().add(AssertionEncryption.encrypt(assertion, encryptTo.get()));
                XmlSigning.prepare(response, key);
                return new IssuedResponse(response, List.of(response));
            }
            XmlSigning.prepare(assertion, key);
            response.getAssertions().add(assertion);
            XmlSigning.prepare(response, key);
            return new IssuedResponse(response, List.of(assertion, response));
        } catch (SignatureException | MarshallingException | EncryptionException e) {
            throw new SoapFaultException(Code.Server, "the IdP could not sign or encrypt its response", e);
        }
    }

    /** A Response with status {@code top} / {@code sub} and no assertion, to be signed. */
    IssuedResponse failure(EcpRequest request, String acs, Instant now, String top, String sub, String message)
            throws SoapFaultException {
        Response response = skeleton(request, acs, now, top, sub, message);
        try {
            XmlSigning.prepare(response, key);
        } catch (SignatureException e) {
            throw new SoapFaultException(Code.Server, "the IdP could not sign its response", e);
        }
        return new IssuedResponse(response, List.of(response));
    }

    /**
     * A Response whose signatures are set up but not computed: put {@link #response()} into the tree it is sent in,
     * marshall that tree, then {@link #sign()}. Nothing may change the tree after that.
     */
    static final class IssuedResponse {
        private final Response response;
        private final List<SignableSAMLObject> toSign;

        private IssuedResponse(Response response, List<SignableSAMLObject> toSign) {
            this.response = response;
            this.toSign = toSign;
        }

        Response response() {
            return response;
        }

        /**
         * Computes the signatures, inner first (the assertion's, then the Response's over it).
         *
         * @throws IllegalStateException if the Response has not been marshalled
         */
        void sign() throws SoapFaultException {
            try {
                for (SignableSAMLObject object : toSign) {
                    XmlSigning.signMarshalled(object);
                }
            } catch (SignatureException e) {
                throw new SoapFaultException(Code.Server, "the IdP could not sign its response", e);
            }
        }
    }

    private Response skeleton(EcpRequest request, String acs, Instant now, String top, String sub, String message) {
        Response response = build(Response.DEFAULT_ELEMENT_NAME);
        response.setID(SamlObjects.newId(random));
        response.setIssueInstant(now);
        response.setDestination(acs);
        response.setInResponseTo(request.id());
        response.setIssuer(SamlObjects.issuer(idpEntityId));
        StatusCode code = build(StatusCode.DEFAULT_ELEMENT_NAME);
        code.setValue(top);
        if (sub != null) {
            StatusCode subCode = build(StatusCode.DEFAULT_ELEMENT_NAME);
            subCode.setValue(sub);
            code.setStatusCode(subCode);
        }
        Status status = build(Status.DEFAULT_ELEMENT_NAME);
        status.setStatusCode(code);
        if (message != null) {
            StatusMessage statusMessage = build(StatusMessage.DEFAULT_ELEMENT_NAME);
            statusMessage.setValue(message);
            status.setStatusMessage(statusMessage);
        }
        response.setStatus(status);
        return response;
    }
}
