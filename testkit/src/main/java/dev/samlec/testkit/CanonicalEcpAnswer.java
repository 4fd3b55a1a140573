package dev.samlec.testkit;

import dev.samlec.mech.SigningKey;
import dev.samlec.testkit.SoapFaultException.Code;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Function;

/**
 * The demo IdP's usual answer written straight as text: the ECP envelope around a signed samlp:Response holding one
 * signed Assertion (bearer, audience, AuthnStatement, the {@link AssertionFactory#attributes} of the user), the
 * same content {@link ResponseIssuer} builds with OpenSAML, for a login without encryption, holder-of-key, channel
 * bindings or session key and an RSA key.
 *
 * <p>The Response and the Assertion are written in their exclusive-c14n form from the start (no whitespace,
 * attributes in canonical order, each namespace declared on the first element that uses it, {@link C14nText}'s
 * escaping; OpenSAML's prefixes {@code saml2p} and {@code saml2}; {@code xmlns:xsd} and {@code xmlns:xsi} on each
 * AttributeValue, where OpenSAML declares {@code xsd} on the Response), so that
 * {@link CanonicalSigner} can digest and sign their text as it is: a verifier canonicalizing the parsed document gets
 * exactly these bytes. No DOM, no OpenSAML marshalling, no Santuario.
 *
 * <p>Thread-safe.
 */
final class CanonicalEcpAnswer {
    static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String XSD = "http://www.w3.org/2001/XMLSchema";
    static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String ECP = "urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp";
    static final String SOAP11_ACTOR_NEXT = "http://schemas.xmlsoap.org/soap/actor/next";
    private static final String BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
    private static final String SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
    /** OpenSAML's xs:dateTime form: UTC, always three fraction digits. */
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final String idpEntityId;
    private final SecureRandom random;
    private final String scope;
    private final CanonicalSigner signer;

    /** {@code scope}: null, or the IdP's scope ({@link AssertionFactory#issuedAttributes}). The key must be RSA. */
    CanonicalEcpAnswer(String idpEntityId, SigningKey key, SecureRandom random, String scope) {
        this.idpEntityId = idpEntityId;
        this.random = random;
        this.scope = scope;
        this.signer = new CanonicalSigner(key, random);
    }

    /** Whether this writer can answer the login: no encryption, holder-of-key, channel bindings or session key. */
    static boolean handles(ServiceProviderRegistration sp, Authentication login,
            Optional<ChannelBindingValue> channelBinding, Optional<byte[]> sessionKey) {
        return sp.encryptionCertificate().isEmpty() && login.holderOfKey().isEmpty() && channelBinding.isEmpty()
                && sessionKey.isEmpty();
    }

    /**
     * The ECP envelope for {@code login}, UTF-8: header {@code ecp:Response} (and {@code ecp:RequestAuthenticated}
     * when {@code requestAuthenticated}), the signed Response as the Body.
     *
     * @throws SoapFaultException {@code S:Server} if a value (from the user's entry, the request or the
     *         registration) holds a character XML does not allow, or if signing fails
     */
    byte[] write(EcpRequest request, String spEntityId, String acs, Authentication login,
            boolean requestAuthenticated, Instant now) throws SoapFaultException {
        try {
            return envelope(request, spEntityId, acs, login, requestAuthenticated, now);
        } catch (IllegalArgumentException e) {
            throw new SoapFaultException(Code.Server, "the IdP cannot write its answer in XML: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new SoapFaultException(Code.Server, "the IdP could not sign its response", e);
        }
    }

    private byte[] envelope(EcpRequest request, String spEntityId, String acs, Authentication login,
            boolean requestAuthenticated, Instant now) throws GeneralSecurityException {
        String instant = instant(now);
        String assertion = signed(assertionId -> assertionHead(assertionId, instant),
                assertionTail(request, spEntityId, acs, login, now, instant));
        String response = signed(responseId -> responseHead(responseId, request, acs, instant),
                "<saml2p:Status><saml2p:StatusCode Value=\"" + SUCCESS + "\"></saml2p:StatusCode></saml2p:Status>"
                        + assertion + "</saml2p:Response>");
        StringBuilder envelope = new StringBuilder(response.length() + 600);
        envelope.append("<soap11:Envelope xmlns:soap11=\"").append(SOAP11).append("\"><soap11:Header>");
        envelope.append("<ecp:Response xmlns:ecp=\"").append(ECP).append('"');
        C14nText.attribute(envelope, "AssertionConsumerServiceURL", acs);
        envelope.append(" soap11:actor=\"").append(SOAP11_ACTOR_NEXT).append("\" soap11:mustUnderstand=\"1\">")
                .append("</ecp:Response>");
        if (requestAuthenticated) {
            envelope.append("<ecp:RequestAuthenticated xmlns:ecp=\"").append(ECP).append("\" soap11:actor=\"")
                    .append(SOAP11_ACTOR_NEXT).append("\" soap11:mustUnderstand=\"1\"></ecp:RequestAuthenticated>");
        }
        envelope.append("</soap11:Header><soap11:Body>").append(response).append("</soap11:Body></soap11:Envelope>");
        return envelope.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String responseHead(String id, EcpRequest request, String acs, String instant) {
        StringBuilder out = new StringBuilder(512);
        out.append("<saml2p:Response xmlns:saml2p=\"").append(SAMLP).append('"');
        C14nText.attribute(out, "Destination", acs);
        C14nText.attribute(out, "ID", id);
        C14nText.attribute(out, "InResponseTo", request.id());
        C14nText.attribute(out, "IssueInstant", instant);
        out.append(" Version=\"2.0\"><saml2:Issuer xmlns:saml2=\"").append(SAML).append("\">");
        return C14nText.text(out, idpEntityId).append("</saml2:Issuer>").toString();
    }

    private String assertionHead(String id, String instant) {
        StringBuilder out = new StringBuilder(256);
        out.append("<saml2:Assertion xmlns:saml2=\"").append(SAML).append('"');
        C14nText.attribute(out, "ID", id);
        C14nText.attribute(out, "IssueInstant", instant);
        out.append(" Version=\"2.0\"><saml2:Issuer>");
        return C14nText.text(out, idpEntityId).append("</saml2:Issuer>").toString();
    }

    private String assertionTail(EcpRequest request, String spEntityId, String acs, Authentication login,
            Instant now, String instant) {
        DirectoryUser user = login.user();
        String notOnOrAfter = instant(now.plus(AssertionFactory.LIFETIME));
        AssertionFactory.IssuedNameId nameId = AssertionFactory.nameId(request, user);
        StringBuilder out = new StringBuilder(2048);
        out.append("<saml2:Subject><saml2:NameID");
        C14nText.attribute(out, "Format", nameId.format()).append('>');
        C14nText.text(out, nameId.value()).append("</saml2:NameID><saml2:SubjectConfirmation Method=\"")
                .append(BEARER).append("\"><saml2:SubjectConfirmationData");
        C14nText.attribute(out, "InResponseTo", request.id());
        C14nText.attribute(out, "NotOnOrAfter", notOnOrAfter);
        C14nText.attribute(out, "Recipient", acs);
        out.append("></saml2:SubjectConfirmationData></saml2:SubjectConfirmation></saml2:Subject><saml2:Conditions");
        C14nText.attribute(out, "NotBefore", instant(now.minus(AssertionFactory.NOT_BEFORE_SLACK)));
        C14nText.attribute(out, "NotOnOrAfter", notOnOrAfter);
        out.append("><saml2:AudienceRestriction><saml2:Audience>");
        C14nText.text(out, spEntityId).append("</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions>");
        out.append("<saml2:AuthnStatement");
        C14nText.attribute(out, "AuthnInstant", instant);
        C14nText.attribute(out, "SessionIndex", SamlObjects.newId(random));
        out.append("><saml2:AuthnContext><saml2:AuthnContextClassRef>");
        C14nText.text(out, login.authnContextClassRef())
                .append("</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement>");
        out.append("<saml2:AttributeStatement>");
        for (AssertionFactory.IssuedAttribute attribute : AssertionFactory.issuedAttributes(user, scope)) {
            out.append("<saml2:Attribute");
            C14nText.attribute(out, "FriendlyName", attribute.friendlyName());
            C14nText.attribute(out, "Name", attribute.name());
            C14nText.attribute(out, "NameFormat", attribute.nameFormat()).append('>');
            for (String value : attribute.values()) {
                out.append("<saml2:AttributeValue xmlns:xsd=\"").append(XSD).append("\" xmlns:xsi=\"").append(XSI)
                        .append("\" xsi:type=\"xsd:string\">");
                C14nText.text(out, value).append("</saml2:AttributeValue>");
            }
            out.append("</saml2:Attribute>");
        }
        return out.append("</saml2:AttributeStatement></saml2:Assertion>").toString();
    }

    /** The element {@code headForId(id) + tail} for a fresh ID, signed ({@link CanonicalSigner#sign}). */
    private String signed(Function<String, String> headForId, String tail) throws GeneralSecurityException {
        String id = SamlObjects.newId(random);
        return signer.sign(id, headForId.apply(id), tail);
    }

    /** xs:dateTime in UTC to the millisecond, as OpenSAML writes it. */
    static String instant(Instant instant) {
        return DATE_TIME.format(instant);
    }
}
