package dev.samlec.mech.client;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.EcpNamespaces;
import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.message.SamlResponseBody;
import dev.samlec.mech.message.SoapFault;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the IdP's HTTP answer into an {@link IdpResponse} with a Success status, or into exactly one error code.
 * The Content-Type is never trusted (Keycloak and CAS have sent SOAP as octet-stream or text/html): the body is
 * parsed, with the hardened parser, to decide.
 *
 * <ol>
 *   <li>3xx: {@code REDIRECT_REFUSED} (credentials go only to the configured endpoint);
 *   <li>401, 403: {@code IDP_AUTHENTICATION_FAILED};
 *   <li>a body that is not a SOAP 1.1 envelope (HTML, JSON, empty, not XML): {@code IDP_BAD_CONTENT} for a 2xx,
 *       {@code IDP_HTTP_STATUS} otherwise (400/404/5xx), with a short sanitised excerpt;
 *   <li>a SOAP fault (typically with 500): {@code IDP_SOAP_FAULT} with the fault string;
 *   <li>a SAML Response whose status is not Success: {@code IDP_AUTHENTICATION_FAILED} or
 *       {@code IDP_REQUEST_DENIED}, see {@link #refusedCredentials};
 *   <li>a Success Response with a non-2xx HTTP status: {@code IDP_HTTP_STATUS};
 *   <li>a Success Response (or plain Assertion) whose Issuer is not the endpoint's configured entity ID:
 *       {@code INVALID_ISSUER} (only when the entity ID was configured, see {@link IdpEndpoint#entityIdKnown()}).
 * </ol>
 */
final class IdpAnswers {
    private static final String STATUS = "urn:oasis:names:tc:SAML:2.0:status:";
    private static final Set<String> CREDENTIAL_SUB_STATUSES =
            Set.of(STATUS + "AuthnFailed", STATUS + "UnknownPrincipal");

    private IdpAnswers() {
    }

    /**
     * Classifies the IdP's answer to a request sent with {@code credentials} (the endpoint's own, or those asked for
     * at the service's challenge), which decide whether a vague refusal means a wrong password.
     */
    static IdpResponse classify(RawResponse raw, IdpEndpoint idp, IdpCredentials credentials, SecureXmlParser parser)
            throws EcpException {
        int status = raw.status();
        if (raw.isRedirect()) {
            throw new EcpException(EcpError.REDIRECT_REFUSED, "the identity provider at " + idp.soapUrl()
                    + " answered HTTP " + status + " redirecting to " + Excerpts.clean(raw.header("location")
                    .orElse("(no Location)"), 300) + "; samlec sends credentials only to the configured endpoint");
        }
        if (status == 401 || status == 403) {
            throw new EcpException(EcpError.IDP_AUTHENTICATION_FAILED, "the identity provider at " + idp.soapUrl()
                    + " refused the credentials (" + credentials.describe() + "): HTTP " + status);
        }
        Optional<IdpResponse> parsed = containsSoapNamespace(raw.body())
                ? IdpResponse.parseIfEnvelope(raw.body(), parser) : Optional.empty();
        if (parsed.isEmpty()) {
            String what = "HTTP " + status + " with " + Excerpts.clean(raw.contentType(), 100) + " content that is"
                    + " not a SOAP envelope: " + Excerpts.body(raw.body());
            throw new EcpException(raw.isSuccess() ? EcpError.IDP_BAD_CONTENT : EcpError.IDP_HTTP_STATUS,
                    "the identity provider at " + idp.soapUrl() + " answered " + what);
        }
        IdpResponse response = parsed.get();
        if (response.fault().isPresent()) {
            SoapFault fault = response.fault().get();
            throw new EcpException(EcpError.IDP_SOAP_FAULT, "the identity provider at " + idp.soapUrl()
                    + " answered HTTP " + status + " with a SOAP fault " + fault.faultCode().getLocalPart() + ": "
                    + Excerpts.clean(fault.faultString(), 300));
        }
        SamlResponseBody body = response.response().orElseThrow();
        if (!body.isSuccess()) {
            throw refused(body, idp, credentials);
        }
        if (!raw.isSuccess()) {
            throw new EcpException(EcpError.IDP_HTTP_STATUS, "the identity provider at " + idp.soapUrl()
                    + " answered HTTP " + status + " although its SAML Response says Success; refusing it");
        }
        checkIssuer(body, idp);
        return response;
    }

    /**
     * When the IdP was configured with its entity ID, the Response (and each plain Assertion) must name that
     * issuer: an answer from another IdP (a mistyped URL, a proxy, a shared endpoint) is not forwarded. This is a
     * client-side consistency check on unverified text; the service still verifies the signature and issuer.
     */
    private static void checkIssuer(SamlResponseBody body, IdpEndpoint idp) throws EcpException {
        if (!idp.entityIdKnown()) {
            return;
        }
        List<String> issuers = new ArrayList<>();
        body.issuer().ifPresent(issuers::add);
        issuers.addAll(body.assertionIssuers());
        for (String issuer : issuers) {
            if (!issuer.strip().equals(idp.entityId())) {
                throw new EcpException(EcpError.INVALID_ISSUER, "the identity provider at " + idp.soapUrl()
                        + " answered as '" + Excerpts.clean(issuer, 200) + "', but it is configured as '"
                        + idp.entityId() + "' (idpEntityId); the answer was not used. Set idpEntityId to the"
                        + " entity ID this IdP's metadata declares, or check idpUrl");
            }
        }
    }

    private static EcpException refused(SamlResponseBody body, IdpEndpoint idp, IdpCredentials credentials) {
        String message = body.statusMessage().map(m -> " (\"" + Excerpts.clean(m, 200) + "\")").orElse("");
        if (refusedCredentials(body, credentials)) {
            return new EcpException(EcpError.IDP_AUTHENTICATION_FAILED, "the identity provider " + idp.entityId()
                    + " refused the credentials for " + credentials.describe() + " (SAML status "
                    + body.describeStatus() + message + ")");
        }
        return new EcpException(EcpError.IDP_REQUEST_DENIED, "the identity provider " + idp.entityId()
                + " did not issue an assertion: SAML status " + body.describeStatus() + message);
    }

    /**
     * The heuristic that tells "wrong password" from other refusals, since IdPs do not agree on how to say it:
     * <ul>
     *   <li>{@code AuthnFailed} or {@code UnknownPrincipal}, at either level: the credentials were refused;
     *   <li>{@code Responder} with no second-level code or with {@code NoPassive}, no assertion, after we sent
     *       HTTP Basic credentials: the credentials were refused. Keycloak answers a wrong password with HTTP 200
     *       and Responder/NoPassive (it never sends 401);
     *   <li>anything else (RequestDenied, NoAuthnContext, Requester...): the request was denied.
     * </ul>
     */
    static boolean refusedCredentials(SamlResponseBody body, IdpCredentials credentials) {
        String sub = body.subStatusCode().orElse("");
        if (CREDENTIAL_SUB_STATUSES.contains(body.statusCode()) || CREDENTIAL_SUB_STATUSES.contains(sub)) {
            return true;
        }
        boolean responder = (STATUS + "Responder").equals(body.statusCode());
        boolean vague = sub.isEmpty() || (STATUS + "NoPassive").equals(sub);
        return responder && vague && !body.containsAssertion() && credentials instanceof IdpCredentials.Basic;
    }

    /** A cheap pre-test, so HTML, JSON and empty pages are not handed to the parser at all. */
    private static boolean containsSoapNamespace(byte[] body) {
        return body.length > 0 && new String(body, StandardCharsets.ISO_8859_1).contains(EcpNamespaces.SOAP11);
    }
}
