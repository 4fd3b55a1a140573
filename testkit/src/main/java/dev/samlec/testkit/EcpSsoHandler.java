package dev.samlec.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.samlec.testkit.ResponseIssuer.IssuedResponse;
import dev.samlec.testkit.SoapFaultException.Code;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.saml.saml2.core.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /idp/profile/SAML2/SOAP/ECP}: the ECP single sign-on endpoint (SAML profiles 4.2.4 - 4.2.6, ECP 2.0
 * and the SAML-EC additions).
 *
 * <p>In order:
 * <ol>
 *   <li>the body must be a SOAP envelope holding one AuthnRequest, with at most the client's
 *       {@code cb:ChannelBindings} as a header block to understand (else a SOAP fault {@code S:Client} or
 *       {@code S:MustUnderstand}, HTTP 500);
 *   <li>its Issuer must be a registered SP and its ACS one of that SP's registered locations (else {@code S:Client}
 *       {@value #NOT_REGISTERED}: the IdP never sends a Response to an unverified ACS, and one message for both cases
 *       reveals neither);
 *   <li>a signed request must verify with the SP's registered signing certificate, and an SP that requires signed
 *       requests must send one, as must every SP when the IdP requires them ({@link RequestSignatureVerifier}; else
 *       {@code S:Client});
 *   <li>channel bindings, when used, must match ({@link ChannelBindingCheck}); else HTTP 200 with a signed Response,
 *       status Requester, StatusMessage {@value #CHANNEL_BINDINGS_MISMATCH}, no assertion;
 *   <li>a verified TLS client certificate, HTTP Basic credentials or a Negotiate token ({@link UserLogin}; none gives
 *       HTTP 401 with a Basic challenge, and a Negotiate one when the IdP has a keytab; a verified Negotiate login
 *       gets the acceptor's token back in {@code WWW-Authenticate}); a wrong user gives HTTP 200 with a signed
 *       Responder / AuthnFailed Response (as Shibboleth answers); success gives HTTP 200 with the ECP envelope.
 * </ol>
 * A request with {@code ecp:SubjectConfirmation} for holder-of-key gets an assertion bound to the key of the TLS
 * client certificate the user logged in with ({@link HolderOfKeyBinding}; without one, a fault {@code S:Client}).
 * Every Response envelope carries {@code ecp:RequestAuthenticated} when step 3 verified a signature, and the client's
 * {@code cb:ChannelBindings} when step 4 matched (which then is in every assertion's Advice too). A successful login
 * of an SP with an encryption certificate gets a fresh session key ({@link SessionKeyIssuer}): a
 * {@code samlec:GeneratedKey} header block for the client and a copy in the encrypted assertion's Advice. A
 * directory or signing failure is a fault {@code S:Server}, HTTP 500.
 */
final class EcpSsoHandler implements HttpHandler {
    static final String PATH = "/idp/profile/SAML2/SOAP/ECP";
    static final String REALM = "samlec demo IdP";
    static final String NOT_REGISTERED =
            "the service provider or its AssertionConsumerService URL is not registered at this IdP";
    static final String CHANNEL_BINDINGS_MISMATCH = "channel bindings do not match";
    private static final Logger LOG = LoggerFactory.getLogger(EcpSsoHandler.class);

    private final EcpRequestReader reader = new EcpRequestReader();
    private final ServiceProviderRegistry registry;
    private final UserLogin logins;
    private final ResponseIssuer issuer;
    private final Optional<CanonicalEcpAnswer> canonical;
    private final SessionKeyIssuer sessionKeys;
    private final Clock clock;
    private final Duration responseDelay;
    private final boolean requireSignedRequests;
    private final boolean ignoreHolderOfKeyRequests;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong assertions = new AtomicLong();
    private final AtomicLong canonicalAnswers = new AtomicLong();

    /** {@code canonical}: the writer of plain successful answers, or empty to build every answer with OpenSAML. */
    EcpSsoHandler(ServiceProviderRegistry registry, UserLogin logins, ResponseIssuer issuer,
            Optional<CanonicalEcpAnswer> canonical, SessionKeyIssuer sessionKeys, Clock clock, Duration responseDelay,
            boolean requireSignedRequests, boolean ignoreHolderOfKeyRequests) {
        this.ignoreHolderOfKeyRequests = ignoreHolderOfKeyRequests;
        this.canonical = canonical;
        this.sessionKeys = sessionKeys;
        this.requireSignedRequests = requireSignedRequests;
        this.registry = registry;
        this.logins = logins;
        this.issuer = issuer;
        this.clock = clock;
        this.responseDelay = responseDelay;
    }

    long requestCount() {
        return requests.get();
    }

    long assertionCount() {
        return assertions.get();
    }

    /** How many assertions went out as {@link CanonicalEcpAnswer}s. */
    long canonicalAnswerCount() {
        return canonicalAnswers.get();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            requests.incrementAndGet();
            pause();
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                HttpReplies.sendText(exchange, 404, "not found");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                HttpReplies.sendText(exchange, 405, "the ECP endpoint only accepts POST");
                return;
            }
            answer(exchange);
        } catch (RuntimeException e) {
            LOG.warn("the ECP endpoint failed unexpectedly: {}", e.toString());
            HttpReplies.send(exchange, 500, HttpReplies.TEXT_XML, SoapMessages.fault(Code.Server, "internal error"));
        } finally {
            exchange.close();
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] body = HttpReplies.readBody(exchange, EcpRequestReader.MAX_REQUEST_BYTES);
        try {
            if (body == null) {
                throw new SoapFaultException(Code.Client,
                        "the request is larger than " + EcpRequestReader.MAX_REQUEST_BYTES + " bytes");
            }
            EcpRequest request = reader.read(body);
            ServiceProviderRegistration sp = registry.find(request.issuer())
                    .orElseThrow(() -> refused("unknown SP " + request.issuer()));
            String acs = sp.resolveAcs(request.acsUrl(), request.acsIndex())
                    .orElseThrow(() -> refused("SP " + request.issuer() + " asked for unregistered ACS "
                            + (request.acsUrl() != null ? request.acsUrl() : "index " + request.acsIndex())));
            boolean verified = RequestSignatureVerifier.verify(request.authnRequest(), sp, requireSignedRequests);
            ChannelBindingCheck binding = ChannelBindingCheck.check(request, verified);
            if (binding.mismatched()) {
                IssuedResponse refusal = issuer.failure(request, acs, clock.instant(), StatusCode.REQUESTER, null,
                        CHANNEL_BINDINGS_MISMATCH);
                HttpReplies.send(exchange, 200, HttpReplies.TEXT_XML,
                        SoapMessages.ecpResponse(acs, refusal, verified, Optional.empty()));
                return;
            }
            UserLogin.Attempt attempt = attempt(exchange);
            if (!attempt.credentialsPresented()) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
                if (logins.offersNegotiate()) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Negotiate");
                }
                HttpReplies.sendText(exchange, 401, "HTTP Basic authentication is required");
                return;
            }
            Optional<byte[]> sessionKey = attempt.authentication().isPresent() ? sessionKeys.issueFor(sp)
                    : Optional.empty();
            try {
                byte[] envelope = respond(request, sp, acs, ignoreHolderOfKeyRequests ? attempt
                        : HolderOfKeyBinding.bind(request, exchange, attempt),
                        binding.matched(), sessionKey, verified);
                attempt.wwwAuthenticate().ifPresent(token -> exchange.getResponseHeaders().set("WWW-Authenticate",
                        token));
                HttpReplies.send(exchange, 200, HttpReplies.TEXT_XML, envelope);
            } finally {
                sessionKey.ifPresent(k -> Arrays.fill(k, (byte) 0));
            }
        } catch (SoapFaultException e) {
            LOG.debug("SOAP fault {}: {}", e.code(), e.getMessage());
            HttpReplies.send(exchange, 500, HttpReplies.TEXT_XML, SoapMessages.fault(e.code(), e.getMessage()));
        } catch (MarshallingException e) {
            LOG.error("the ECP response could not be marshalled", e);
            HttpReplies.send(exchange, 500, HttpReplies.TEXT_XML, SoapMessages.fault(Code.Server, "internal error"));
        }
    }

    private UserLogin.Attempt attempt(HttpExchange exchange) throws SoapFaultException {
        try {
            return logins.attempt(exchange);
        } catch (IOException e) {
            LOG.warn("the user directory failed: {}", e.getMessage());
            throw new SoapFaultException(Code.Server, "the user directory is unavailable", e);
        }
    }

    /** The ECP envelope answering a login attempt: a failure Response, or a Response with the assertion. */
    private byte[] respond(EcpRequest request, ServiceProviderRegistration sp, String acs, UserLogin.Attempt attempt,
            Optional<ChannelBindingValue> channelBinding, Optional<byte[]> sessionKey, boolean verified)
            throws SoapFaultException, MarshallingException {
        Instant now = clock.instant();
        if (attempt.authentication().isEmpty()) {
            IssuedResponse failure = issuer.failure(request, acs, now, StatusCode.RESPONDER, StatusCode.AUTHN_FAILED,
                    "Authentication failed");
            return SoapMessages.ecpResponse(acs, failure, verified, channelBinding, sessionKey);
        }
        Authentication login = attempt.authentication().get();
        if (request.delegationRequested()) {
            LOG.info("request {} asks for delegation, which this IdP does not support: issuing an ordinary assertion",
                    request.id());
        }
        byte[] envelope;
        if (canonical.isPresent() && CanonicalEcpAnswer.handles(sp, login, channelBinding, sessionKey)) {
            envelope = canonical.get().write(request, sp.entityId(), acs, login, verified, now);
            canonicalAnswers.incrementAndGet();
        } else {
            IssuedResponse response = issuer.success(request, sp, acs, login, channelBinding, sessionKey, now);
            envelope = SoapMessages.ecpResponse(acs, response, verified, channelBinding, sessionKey);
        }
        assertions.incrementAndGet();
        LOG.info("issued an assertion for {} to SP {}", login.user().uid(), sp.entityId());
        return envelope;
    }

    private static SoapFaultException refused(String detail) {
        LOG.warn("request refused: {}", detail);
        return new SoapFaultException(Code.Client, NOT_REGISTERED);
    }

    private void pause() {
        if (responseDelay.isZero()) {
            return;
        }
        try {
            Thread.sleep(responseDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
