package dev.samlec.mech.client;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.message.PaosRequest;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.message.SoapFault;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ECP login after the SP's challenge (SAML profiles 4.2.4, steps 3 to 8): choose the IdP, relay the
 * AuthnRequest, check that the IdP's ecp:Response AssertionConsumerServiceURL is exactly the SP's
 * responseConsumerURL, then post the IdP's Response to the SP and come back to the resource.
 *
 * <p>On an ACS mismatch, or a Success answer without ecp:Response, the assertion never leaves: a SOAP fault is
 * posted to the SP's responseConsumerURL instead and the login fails with {@code ACS_MISMATCH} (attacks.md
 * ECP-1).
 */
final class PaosLogin {
    private static final Logger LOG = LoggerFactory.getLogger(PaosLogin.class);
    static final String MISMATCH_FAULT = "AssertionConsumerServiceURL mismatch";

    private final SpSession sp;
    private final IdpSelector selector;
    private final Map<IdpEndpoint, IdpClient> idpClients;
    private final EcpStepListener listener;
    private final boolean allowInsecureHttp;
    private final SecureXmlParser parser;
    private final EcpExchangeRecorder recorder;
    private final Optional<ChallengeCredentials> challengeCredentials;
    /** The certificate holder-of-key assertions are asked for (and must be bound to), if any. */
    private final Optional<X509Certificate> holderOfKey;
    private final boolean acceptEncryptedHolderOfKey;

    PaosLogin(SpSession sp, IdpSelector selector, Map<IdpEndpoint, IdpClient> idpClients, EcpStepListener listener,
            boolean allowInsecureHttp, SecureXmlParser parser, EcpExchangeRecorder recorder,
            Optional<ChallengeCredentials> challengeCredentials, Optional<X509Certificate> holderOfKey,
            boolean acceptEncryptedHolderOfKey) {
        this.holderOfKey = holderOfKey;
        this.acceptEncryptedHolderOfKey = acceptEncryptedHolderOfKey;
        this.recorder = recorder;
        this.challengeCredentials = challengeCredentials;
        this.sp = sp;
        this.selector = selector;
        this.idpClients = idpClients;
        this.listener = listener;
        this.allowInsecureHttp = allowInsecureHttp;
        this.parser = parser;
    }

    /** Runs the login for {@code challenge} and returns the SP's final answer for {@code resource}. */
    RawResponse run(PaosRequest challenge, URI resource, FetchBudget budget) throws EcpException {
        String rcu = challenge.responseConsumerUrl();
        listener.step("challenge received from SP " + Excerpts.clean(challenge.ecpRequest().issuer(), 200)
                + " with ACS " + Excerpts.clean(rcu, 300));
        URI acs = acsUri(rcu);
        IdpEndpoint idp = selector.choose(challenge.ecpRequest());
        listener.step("IdP chosen: " + idp.entityId() + " at " + idp.soapUrl());
        IdpCredentials credentials = challengeCredentials.isPresent()
                ? challengeCredentials.get().credentialsFor(idp) : idp.credentials();
        if (credentials instanceof IdpCredentials.ClientCertificate && credentials != idp.credentials()) {
            throw new EcpException(EcpError.INVALID_CONFIGURATION, "a TLS client certificate must be configured on"
                    + " the IdP endpoint, not supplied at the challenge");
        }
        IdpResponse answer = idpClients.get(idp).send(
                IdpRequest.of(challenge.authnRequest(), Optional.empty(), holderOfKey.isPresent()), budget, credentials,
                recorder);
        listener.step("IdP answered: SAML status " + answer.response().orElseThrow().describeStatus()
                + ", ACS " + answer.assertionConsumerServiceUrl().map(u -> Excerpts.clean(u, 300)).orElse("(none)"));
        checkAcs(challenge, acs, answer.assertionConsumerServiceUrl(), budget);
        if (holderOfKey.isPresent()) {
            HolderOfKeyAnswer.requireBoundTo(answer.response().get(), holderOfKey.get(), acceptEncryptedHolderOfKey,
                    listener);
        }
        byte[] paosResponse = PaosResponse.of(challenge, answer.response().get()).toBytes();
        recorder.record(EcpExchangeRecorder.Message.SP_RESPONSE, paosResponse.clone());
        RawResponse posted = sp.postPaos(acs, paosResponse, budget);
        listener.step("response posted to " + acs + ": HTTP " + posted.status());
        RawResponse result = after(posted, resource, budget);
        if (EcpHttpClient.challengeIn(result, parser).isPresent()) {
            throw new EcpException(EcpError.SP_REJECTED_LOGIN, "the service provider answered with a new PAOS"
                    + " challenge after the login at " + acs + "; it did not accept the IdP's response");
        }
        return result;
    }

    private RawResponse after(RawResponse posted, URI resource, FetchBudget budget) throws EcpException {
        if (posted.status() >= 400) {
            throw new EcpException(EcpError.SP_REJECTED_LOGIN, "the service provider refused the login at "
                    + posted.uri() + ": HTTP " + posted.status() + " " + Excerpts.body(posted.body()));
        }
        if (posted.status() == 307 || posted.status() == 308) {
            throw new EcpException(EcpError.SP_HTTP_STATUS, "the service provider answered the PAOS response with"
                    + " HTTP " + posted.status() + ", which would re-post the assertion elsewhere; refused");
        }
        if (SpSession.isRedirect(posted)) {
            return sp.followRedirects(posted, budget);
        }
        listener.step("GET " + resource + " again with the new session");
        return sp.get(resource, budget);
    }

    private void checkAcs(PaosRequest challenge, URI acs, Optional<String> idpAcs, FetchBudget budget)
            throws EcpException {
        if (idpAcs.isPresent() && idpAcs.get().equals(challenge.responseConsumerUrl())) {
            listener.step("ACS checked: the IdP's AssertionConsumerServiceURL matches the SP's responseConsumerURL");
            return;
        }
        String seen = idpAcs.map(u -> "'" + Excerpts.clean(u, 300) + "'").orElse("absent (no ecp:Response)");
        listener.step("ACS checked: mismatch; posting a SOAP fault to the SP instead of the assertion");
        try {
            byte[] fault = PaosResponse.fault(challenge, SoapFault.serverFault(MISMATCH_FAULT)).toBytes();
            recorder.record(EcpExchangeRecorder.Message.SP_RESPONSE, fault.clone());
            RawResponse r = sp.postPaos(acs, fault, budget);
            listener.step("SOAP fault posted to " + acs + ": HTTP " + r.status());
        } catch (EcpException e) {
            LOG.debug("posting the SOAP fault to {} failed: {}", acs, e.describe());
            listener.step("SOAP fault could not be posted: " + e.error().code());
        }
        throw new EcpException(EcpError.ACS_MISMATCH, "the identity provider's ecp:Response"
                + " AssertionConsumerServiceURL " + seen + " differs from the service provider's paos:Request"
                + " responseConsumerURL '" + Excerpts.clean(challenge.responseConsumerUrl(), 300)
                + "'; the assertion was not forwarded");
    }

    private URI acsUri(String rcu) throws EcpException {
        URI acs;
        try {
            acs = new URI(rcu.strip());
        } catch (URISyntaxException e) {
            throw new EcpException(EcpError.MALFORMED_MESSAGE, "paos:Request responseConsumerURL is not a URI: '"
                    + Excerpts.clean(rcu, 300) + "'", e);
        }
        String scheme = acs.getScheme() == null ? "" : acs.getScheme().toLowerCase(Locale.ROOT);
        if (acs.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new EcpException(EcpError.MALFORMED_MESSAGE, "paos:Request responseConsumerURL must be an"
                    + " absolute http(s) URL for the HTTP ECP flow, was '" + Excerpts.clean(rcu, 300) + "'");
        }
        if (scheme.equals("http") && !allowInsecureHttp) {
            throw new EcpException(EcpError.INVALID_CONFIGURATION, "the service provider's responseConsumerURL "
                    + acs + " is plain http: the assertion would travel in clear text (allowInsecureHttp not set)");
        }
        return acs;
    }
}
