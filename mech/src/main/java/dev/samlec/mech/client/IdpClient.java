package dev.samlec.mech.client;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.internal.http.KeepAlive;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.message.IdpResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an {@link IdpRequest} to one IdP's ECP endpoint (SAML SOAP binding over HTTP, Apache HttpClient 5) and
 * returns its answer when the answer is a SAML Response with status Success.
 *
 * <p>A refused connection and HTTP 503 are retried a few times within the call timeout, a request on a kept-alive
 * connection the IdP closed before answering is resent once ({@link IdpRetry}); nothing else is. Every other outcome
 * is one {@link EcpException} code: {@code IDP_UNREACHABLE} (refused, unknown host, HTTP 503 after the retries),
 * {@code IDP_TIMEOUT}, {@code IDP_TLS_FAILURE} (handshake, certificate not trusted or not for this host),
 * {@code REDIRECT_REFUSED} (no redirect is followed), {@code IDP_AUTHENTICATION_FAILED}, {@code IDP_HTTP_STATUS},
 * {@code IDP_BAD_CONTENT}, {@code IDP_SOAP_FAULT}, {@code IDP_REQUEST_DENIED}, {@code INVALID_ISSUER} (the answer is
 * from another IdP than the configured entity ID), {@code MESSAGE_TOO_LARGE}; the
 * rules are on {@code IdpAnswers}. {@code IDP_TIMEOUT} also when the whole call takes longer than the endpoint's
 * call timeout: the request is then aborted and its connection closed. HTTP Basic credentials are sent
 * pre-emptively on the first request; so is a Negotiate token ({@link NegotiateAuthenticator}: made within the same
 * call timeout, and a 2xx answer must prove the IdP's Kerberos identity, else {@code MUTUAL_AUTHENTICATION_FAILED};
 * also {@code KDC_UNREACHABLE}, {@code CREDENTIALS_UNAVAILABLE}, {@code INVALID_CONFIGURATION} for its ticket).
 * Cookies are neither stored nor sent, so nothing from the IdP can reach the SP.
 *
 * <p>Thread-safe; close it to release its connections. A client made with {@code new IdpClient(endpoint)} has its
 * own connections, closed by {@link #close()}; one from {@link IdpConnections#client} shares kept-alive
 * connections with the other logins of the process, and closing it leaves them pooled.
 */
public final class IdpClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IdpClient.class);
    /** The SOAPAction value of the SAML SOAP binding (saml-bindings-2.0-os 3.2.2.1). */
    static final String SOAP_ACTION = "\"http://www.oasis-open.org/committees/security\"";

    private final IdpEndpoint endpoint;
    private final HttpTransport transport;
    private final SecureXmlParser parser;
    private final IdpRetry retry;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * A client for one endpoint.
     *
     * @throws EcpConfigurationException if the TLS trust or client key cannot be used
     */
    public IdpClient(IdpEndpoint endpoint) throws EcpConfigurationException {
        this(endpoint, IdpRetry.DEFAULT);
    }

    IdpClient(IdpEndpoint endpoint, IdpRetry retry) throws EcpConfigurationException {
        this(endpoint, retry, transport(endpoint, null), null);
    }

    /** A client on {@code transport}, shared with others ({@link IdpConnections}); {@code release} on close. */
    IdpClient(IdpEndpoint endpoint, HttpTransport transport, Runnable release) {
        this(endpoint, IdpRetry.DEFAULT, transport, release);
    }

    private IdpClient(IdpEndpoint endpoint, IdpRetry retry, HttpTransport transport, Runnable release) {
        this.endpoint = endpoint;
        this.retry = retry;
        this.transport = transport;
        this.release = release;
        this.parser = new SecureXmlParser(endpoint.maxResponseBytes());
    }

    /**
     * The transport for {@code endpoint}'s connection settings (its credentials only for a client certificate),
     * keeping connections by {@code keepAlive}, or HttpClient's defaults when null.
     */
    static HttpTransport transport(IdpEndpoint endpoint, KeepAlive keepAlive) throws EcpConfigurationException {
        return new HttpTransport(Peer.IDP,
                TlsContexts.create(endpoint.trust().orElse(TlsTrust.system()), endpoint.credentials()),
                endpoint.connectTimeout(), endpoint.responseTimeout(), endpoint.callTimeout(), "callTimeout", null,
                keepAlive);
    }

    /** The endpoint this client talks to. */
    public IdpEndpoint endpoint() {
        return endpoint;
    }

    /**
     * POSTs the request and returns the IdP's successful answer (its ecp:Response ACS is not checked here).
     *
     * @throws EcpException one of the codes listed on this class
     */
    public IdpResponse send(IdpRequest request) throws EcpException {
        return send(request, FetchBudget.UNLIMITED);
    }

    /**
     * As {@link #send(IdpRequest)}, within what is left of {@code budget} when that is less than the call timeout.
     * A refused connection or HTTP 503 is retried briefly ({@link IdpRetry}) within the same call timeout;
     * when that does not help, the failure is {@code IDP_UNREACHABLE} naming the attempts.
     */
    IdpResponse send(IdpRequest request, FetchBudget budget) throws EcpException {
        return send(request, budget, endpoint.credentials(), EcpExchangeRecorder.NONE);
    }

    /**
     * As {@link #send(IdpRequest, FetchBudget)} with {@code credentials} in place of the endpoint's (HTTP Basic or
     * none; a client certificate is the endpoint's own), telling {@code recorder} what was sent and received.
     */
    IdpResponse send(IdpRequest request, FetchBudget budget, IdpCredentials credentials,
            EcpExchangeRecorder recorder) throws EcpException {
        FetchBudget call = budget.isOverall() ? budget : FetchBudget.call(endpoint.callTimeout());
        long started = System.nanoTime();
        boolean resentAfterClose = false;
        for (int attempt = 1; ; attempt++) {
            EcpException failure;
            try {
                RawResponse raw = execute(request, credentials, recorder, call);
                recorder.record(EcpExchangeRecorder.Message.IDP_RESPONSE, raw.body().clone());
                if (!IdpRetry.UNAVAILABLE_STATUSES.contains(raw.status())) {
                    return IdpAnswers.classify(raw, endpoint, credentials, parser);
                }
                failure = new EcpException(EcpError.IDP_UNREACHABLE, "the identity provider at "
                        + endpoint.soapUrl() + " is unavailable: HTTP " + raw.status()
                        + " (from it or from a proxy in front of it)", new IdpUnavailableStatus(raw.status()));
            } catch (EcpException e) {
                boolean keptAliveClosed = IdpRetry.keptAliveClosed(e);
                // a kept-alive close is resent once per call, never more: the IdP may have judged it
                boolean resend = IdpRetry.notSent(e) || keptAliveClosed && !resentAfterClose;
                if (!resend) {
                    throw e;
                }
                resentAfterClose |= keptAliveClosed;
                failure = e;
            }
            if (!retry.pauseBeforeNext(attempt, call.limitFor(endpoint.callTimeout()))) {
                throw attempt == 1 ? failure : new EcpException(failure.error(), failure.getMessage() + " ("
                        + attempt + " attempts in " + Duration.ofNanos(System.nanoTime() - started).toMillis()
                        + " ms)", failure.getCause());
            }
            LOG.debug("the identity provider at {} is unavailable ({}); attempt {}", endpoint.soapUrl(),
                    failure.getMessage(), attempt + 1);
        }
    }

    /**
     * One attempt. With Negotiate, a fresh security context per attempt (the acceptor refuses a replayed token),
     * its first token made within the same call budget as the request, and a 2xx answer used only once the IdP's
     * token completed mutual authentication.
     */
    private RawResponse execute(IdpRequest request, IdpCredentials credentials, EcpExchangeRecorder recorder,
            FetchBudget call) throws EcpException {
        if (!(credentials instanceof IdpCredentials.Negotiate negotiate)) {
            return transport.execute(post(request, credentials, recorder), endpoint.maxResponseBytes(), call);
        }
        // Negotiate given for this call only (ChallengeCredentials) on shared connections: a server may authenticate
        // the connection itself, so it must not go back to the pool (IdpConnections never pools Negotiate endpoints)
        boolean closeAfter = release != null && !(endpoint.credentials() instanceof IdpCredentials.Negotiate);
        NegotiateAuthenticator.Exchange exchange = NegotiateAuthenticator.begin(negotiate, endpoint.soapUrl(),
                call.limitFor(endpoint.callTimeout()), "callTimeout");
        try {
            HttpPost post = post(request, credentials, recorder);
            post.setHeader("Authorization", exchange.authorization());
            if (closeAfter) {
                post.setHeader("Connection", "close");
            }
            RawResponse raw = transport.execute(post, endpoint.maxResponseBytes(), call);
            if (raw.isSuccess()) {
                exchange.complete(raw);
            }
            return raw;
        } finally {
            exchange.dispose();
        }
    }

    private HttpPost post(IdpRequest request, IdpCredentials credentials, EcpExchangeRecorder recorder) {
        HttpPost post = new HttpPost(endpoint.soapUrl());
        post.setHeader("Accept", "text/xml");
        post.setHeader("SOAPAction", SOAP_ACTION);
        if (credentials instanceof IdpCredentials.Basic) {
            post.setHeader("Authorization", basic((IdpCredentials.Basic) credentials));
        }
        byte[] envelope = request.toBytes();
        recorder.record(EcpExchangeRecorder.Message.IDP_REQUEST, envelope.clone());
        post.setEntity(new ByteArrayEntity(envelope, ContentType.create("text/xml", StandardCharsets.UTF_8)));
        LOG.debug("sending AuthnRequest {} to {} with {}", request.authnRequest().id(), endpoint.soapUrl(),
                credentials.describe());
        return post;
    }

    /**
     * Whether {@code failure} of an IdP call left the user's credential unjudged: the IdP could not be reached at all
     * (connection refused, unknown host) or answered HTTP 503. Only then may an application try the whole login
     * again later without risking a second count against the user's account (Kafka's client reconnects; see
     * samlec-kafka). A timeout, a reset connection (also a kept-alive one, already resent once) or any answer of the
     * IdP returns false.
     */
    public static boolean credentialNotJudged(EcpException failure) {
        if (failure.error() != EcpError.IDP_UNREACHABLE) {
            return false;
        }
        for (Throwable t = failure.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof IdpUnavailableStatus) {
                return true;
            }
        }
        return false;
    }

    /** The cause of an {@code IDP_UNREACHABLE} for HTTP 503: the IdP said it was unavailable. */
    static final class IdpUnavailableStatus extends Exception {
        private static final long serialVersionUID = 1L;

        IdpUnavailableStatus(int status) {
            super("HTTP " + status, null, false, false);
        }
    }

    /** {@code Basic base64(utf8(user ":" password))}, wiping the intermediate copies of the password. */
    static String basic(IdpCredentials.Basic credentials) {
        char[] password = credentials.password();
        byte[] user = (credentials.user() + ":").getBytes(StandardCharsets.UTF_8);
        ByteBuffer secret = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] joined = new byte[user.length + secret.remaining()];
        try {
            System.arraycopy(user, 0, joined, 0, user.length);
            secret.get(joined, user.length, secret.remaining());
            return "Basic " + Base64.getEncoder().encodeToString(joined);
        } finally {
            Arrays.fill(password, '\0');
            Arrays.fill(joined, (byte) 0);
            if (secret.hasArray()) {
                Arrays.fill(secret.array(), (byte) 0);
            }
        }
    }

    /** Releases the connections: closes them, or, for a client of {@link IdpConnections}, keeps them pooled. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (release != null) {
            release.run();
            return;
        }
        try {
            transport.close();
        } catch (IOException e) {
            LOG.debug("closing the IdP client failed: {}", e.toString());
        }
    }
}
