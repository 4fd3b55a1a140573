package dev.samlec.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.samlec.testkit.SoapFaultException.Code;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /idp/profile/SAML2/SOAP/ECP}: the ECP single sign-on endpoint (SAML profiles 4.2.4 - 4.2.6).
 *
 * <p>In order: the body must be a SOAP envelope holding one AuthnRequest (else a SOAP fault {@code S:Client}, HTTP
 * 500); its Issuer must be a registered SP and its ACS one of that SP's registered URLs (else the same fault: the IdP
 * never sends a Response to an unverified ACS, and one message for both cases reveals neither); HTTP Basic
 * credentials must be present (else HTTP 401 with a Basic challenge); a wrong user name or password gives HTTP 200
 * with a signed Response whose status is Responder / AuthnFailed (as Shibboleth answers); success gives HTTP 200
 * with the ECP envelope. A directory or signing failure is a fault {@code S:Server}, HTTP 500.
 */
final class EcpSsoHandler implements HttpHandler {
    static final String PATH = "/idp/profile/SAML2/SOAP/ECP";
    static final String REALM = "samlec demo IdP";
    static final String NOT_REGISTERED =
            "the service provider or its AssertionConsumerService URL is not registered at this IdP";
    private static final Logger LOG = LoggerFactory.getLogger(EcpSsoHandler.class);

    private final EcpRequestReader reader = new EcpRequestReader();
    private final ServiceProviderRegistry registry;
    private final DirectoryAuthenticator authenticator;
    private final ResponseIssuer issuer;
    private final Clock clock;
    private final Duration responseDelay;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong assertions = new AtomicLong();

    EcpSsoHandler(ServiceProviderRegistry registry, DirectoryAuthenticator authenticator, ResponseIssuer issuer,
            Clock clock, Duration responseDelay) {
        this.registry = registry;
        this.authenticator = authenticator;
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
            LOG.error("the ECP endpoint failed", e);
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
            ServiceProviderRegistry.Registration sp = registry.find(request.issuer())
                    .orElseThrow(() -> refused("unknown SP " + request.issuer()));
            String acs = sp.resolveAcs(request.acsUrl(), request.acsIndex())
                    .orElseThrow(() -> refused("SP " + request.issuer() + " asked for unregistered ACS "
                            + (request.acsUrl() != null ? request.acsUrl() : "index " + request.acsIndex())));
            Optional<BasicCredentials> credentials = BasicCredentials.parse(
                    exchange.getRequestHeaders().getFirst("Authorization"));
            if (credentials.isEmpty()) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
                HttpReplies.sendText(exchange, 401, "HTTP Basic authentication is required");
                return;
            }
            Response response = login(request, sp, acs, credentials.get());
            HttpReplies.send(exchange, 200, HttpReplies.TEXT_XML, SoapMessages.ecpResponse(acs, response));
        } catch (SoapFaultException e) {
            LOG.debug("SOAP fault {}: {}", e.code(), e.getMessage());
            HttpReplies.send(exchange, 500, HttpReplies.TEXT_XML, SoapMessages.fault(e.code(), e.getMessage()));
        } catch (MarshallingException e) {
            LOG.error("the ECP response could not be marshalled", e);
            HttpReplies.send(exchange, 500, HttpReplies.TEXT_XML, SoapMessages.fault(Code.Server, "internal error"));
        }
    }

    private Response login(EcpRequest request, ServiceProviderRegistry.Registration sp, String acs,
            BasicCredentials credentials) throws SoapFaultException {
        try {
            Optional<DirectoryUser> user = authenticator.authenticate(credentials.user(), credentials.password());
            Instant now = clock.instant();
            if (user.isEmpty()) {
                LOG.info("login refused for user name '{}' (SP {})", printable(credentials.user()), sp.entityId());
                return issuer.failure(request, acs, now, StatusCode.RESPONDER, StatusCode.AUTHN_FAILED,
                        "Authentication failed");
            }
            Response response = issuer.success(request, sp, acs, user.get(), now);
            assertions.incrementAndGet();
            LOG.info("issued an assertion for {} to SP {}", user.get().uid(), sp.entityId());
            return response;
        } catch (IOException e) {
            LOG.warn("the user directory failed: {}", e.getMessage());
            throw new SoapFaultException(Code.Server, "the user directory is unavailable", e);
        } finally {
            credentials.clear();
        }
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

    /** A user name for a log line: at most 64 characters, control characters replaced. */
    private static String printable(String user) {
        String shortened = user.length() > 64 ? user.substring(0, 64) + "..." : user;
        return shortened.replaceAll("\\p{Cntrl}", "?");
    }
}
