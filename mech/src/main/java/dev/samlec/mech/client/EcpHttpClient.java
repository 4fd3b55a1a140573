package dev.samlec.mech.client;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.PaosRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.cookie.CookieStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP client that logs in to SAML-protected web resources with the ECP profile (SAML profiles 4.2, ECP 2.0),
 * like {@code curl} with a SAML login built in.
 *
 * <p>{@link #fetch} GETs the resource with {@code Accept: text/html, application/vnd.paos+xml} and the PAOS header.
 * If the SP answers 200 with a PAOS request (detected by parsing the body, whatever its Content-Type), the client:
 * picks the IdP (the configured ones, filtered by the SP's IDPList), relays the AuthnRequest to it, checks that
 * the IdP's ecp:Response AssertionConsumerServiceURL equals the SP's responseConsumerURL exactly (otherwise a SOAP
 * fault goes to the SP, the assertion goes nowhere, and {@code ACS_MISMATCH} is thrown), posts the IdP's Response
 * to the SP, follows its redirect back to the resource and returns that answer. Without a challenge the answer is
 * returned as it is.
 *
 * <p>One cookie store serves the whole exchange and every later fetch, so a session is reused without a new
 * login; the IdP's cookies are never stored, so none reaches the SP. {@link #loadCookies}/{@link #saveCookies}
 * keep the store in a Netscape cookie file between runs. Every call has connect and response (per-read) timeouts
 * and a call timeout on the whole call (SP: {@link Builder#spCallTimeout}, 60 s; IdP: its
 * {@link IdpEndpoint#callTimeout()}, 20 s), after which it is aborted; {@link Builder#maxTime} can bound a whole
 * {@link #fetch} as well (SP, IdP and redirects together, like curl's {@code -m}). Redirects:
 * same host only, at most 5, never https to http. An SP answering the PAOS response with 4xx/5xx gives
 * {@code SP_REJECTED_LOGIN}. Progress is reported to an {@link EcpStepListener}; the messages themselves, to an
 * {@link EcpExchangeRecorder} ({@link Builder#recorder}). {@link Builder#challengeCredentials} asks for the user's
 * credentials only when a challenge comes; {@link Builder#spHeader} adds headers to the requests to the SP.
 *
 * <p>Not meant for concurrent use: {@link #fetch} is synchronized. Close it to release connections.
 */
public final class EcpHttpClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EcpHttpClient.class);

    private final BasicCookieStore cookies = new BasicCookieStore();
    private final Map<IdpEndpoint, IdpClient> idpClients;
    private final SpSession sp;
    private final PaosLogin login;
    private final EcpStepListener listener;
    private final SecureXmlParser parser;
    private final Clock clock;
    private final Optional<Duration> maxTime;
    private final EcpExchangeRecorder recorder;

    private EcpHttpClient(Builder b, Map<IdpEndpoint, IdpClient> idpClients) throws EcpConfigurationException {
        this.idpClients = idpClients;
        this.listener = b.listener;
        this.parser = SecureXmlParser.withDefaultLimit();
        this.clock = b.clock;
        this.maxTime = Optional.ofNullable(b.maxTime);
        HttpTransport transport = new HttpTransport(Peer.SP, TlsContexts.create(b.spTrust,
                b.holderOfKey != null ? b.holderOfKey : IdpCredentials.none()),
                b.spConnectTimeout, b.spResponseTimeout, b.spCallTimeout, "spCallTimeout",
                new QuietCookies(cookies, clock));
        this.recorder = b.recorder;
        this.sp = new SpSession(transport, b.maxResponseBytes, listener, b.spHeaders, b.holderOfKey != null);
        this.login = new PaosLogin(sp, new IdpSelector(b.idps), idpClients, listener, b.allowInsecureHttp, parser,
                b.recorder, Optional.ofNullable(b.challengeCredentials),
                b.holderOfKey != null ? Optional.of(b.holderOfKey.certificate()) : Optional.empty(),
                b.acceptEncryptedHolderOfKeyAnswers);
    }

    /** A builder; at least one IdP is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * GETs {@code resource}, logging in with ECP if the SP asks for it.
     *
     * @throws EcpException a transport code of the SP or IdP, {@code NO_ACCEPTABLE_IDP}, {@code ACS_MISMATCH},
     *     {@code SP_REJECTED_LOGIN}, {@code REDIRECT_REFUSED}, an IdP refusal, or a message error
     */
    public synchronized HttpResult fetch(URI resource) throws EcpException {
        String scheme = resource.getScheme() == null ? "" : resource.getScheme().toLowerCase(Locale.ROOT);
        if (!resource.isAbsolute() || resource.getHost() == null || !(scheme.equals("http")
                || scheme.equals("https"))) {
            throw new EcpException(EcpError.INVALID_CONFIGURATION,
                    "the resource must be an absolute http(s) URL, was '" + resource + "'");
        }
        FetchBudget budget = FetchBudget.start(maxTime);
        listener.step("GET " + resource);
        RawResponse first = sp.get(resource, budget);
        Optional<PaosRequest> challenge = challengeIn(first, parser);
        if (challenge.isEmpty()) {
            listener.step("no ECP challenge: HTTP " + first.status() + " from " + first.uri());
            return HttpResult.of(first);
        }
        recorder.record(EcpExchangeRecorder.Message.SP_CHALLENGE, first.body().clone());
        RawResponse result = login.run(challenge.get(), resource, budget);
        listener.step("done: HTTP " + result.status() + " from " + result.uri());
        return HttpResult.of(result);
    }

    /** The PAOS request in an SP answer: a 200 whose body parses as one (the Content-Type is not trusted). */
    static Optional<PaosRequest> challengeIn(RawResponse response, SecureXmlParser parser) throws EcpException {
        return response.status() == 200 ? PaosRequest.parseIfChallenge(response.body(), parser) : Optional.empty();
    }

    /** The SP cookie store (HttpClient 5 type), shared by every fetch. */
    public CookieStore cookieStore() {
        return cookies;
    }

    /** Adds the cookies of a Netscape cookie file (a missing file adds none); returns how many were loaded. */
    public int loadCookies(Path file) throws EcpException {
        return new CookieJarFile(file, clock).loadInto(cookies);
    }

    /** Writes the current, unexpired cookies to a Netscape cookie file (owner-only permissions where supported). */
    public void saveCookies(Path file) throws EcpException {
        new CookieJarFile(file, clock).saveFrom(cookies);
    }

    @Override
    public void close() {
        idpClients.values().forEach(IdpClient::close);
        try {
            sp.close();
        } catch (IOException e) {
            LOG.debug("closing the SP client failed: {}", e.toString());
        }
    }

    /** Builds an {@link EcpHttpClient}. */
    public static final class Builder {
        /** Default cap on an SP answer (the resource itself): 16 MiB. */
        public static final int DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
        /** Default total time for one call to the SP (the resource may be up to 16 MiB): 60 s. */
        public static final Duration DEFAULT_SP_CALL_TIMEOUT = Duration.ofSeconds(60);

        private final List<IdpEndpoint> idps = new ArrayList<>();
        private TlsTrust spTrust = TlsTrust.system();
        private Duration spConnectTimeout = IdpEndpoint.DEFAULT_CONNECT_TIMEOUT;
        private Duration spResponseTimeout = IdpEndpoint.DEFAULT_RESPONSE_TIMEOUT;
        private Duration spCallTimeout = DEFAULT_SP_CALL_TIMEOUT;
        private Duration maxTime;
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private boolean allowInsecureHttp;
        private EcpStepListener listener = EcpStepListener.NONE;
        private Clock clock = Clock.systemUTC();
        private EcpExchangeRecorder recorder = EcpExchangeRecorder.NONE;
        private ChallengeCredentials challengeCredentials;
        private IdpCredentials.ClientCertificate holderOfKey;
        private boolean acceptEncryptedHolderOfKeyAnswers;
        private IdpConnections idpConnections;
        private final List<Map.Entry<String, String>> spHeaders = new ArrayList<>();
        private static final String SEPARATORS = "()<>@,;:\\\"/[]?={}";

        private Builder() {
        }

        /**
         * Adds a header to every request to the service provider (never to the IdP), like curl's {@code -H}.
         *
         * @throws EcpConfigurationException for a name the exchange sets itself or that would break it (Accept,
         *     PAOS, Cookie, Authorization, Host, Content-Type, Content-Length, hop-by-hop headers) or a name or
         *     value with control characters
         */
        public Builder spHeader(String name, String value) throws EcpConfigurationException {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            boolean validName = !name.isEmpty()
                    && name.chars().allMatch(c -> c > 32 && c < 127 && SEPARATORS.indexOf(c) < 0);
            if (!validName || value.chars().anyMatch(c -> c < 32 && c != '\t' || c == 127)) {
                throw new EcpConfigurationException("ECP client: extra header '" + Excerpts.clean(name, 100)
                        + "' is not a valid HTTP header name and value");
            }
            if (SpSession.RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new EcpConfigurationException("ECP client: extra header " + name + " is set by the ECP exchange"
                        + " itself (or would break it) and cannot be given");
            }
            spHeaders.add(Map.entry(name, value));
            return this;
        }

        /** Receives every SAML message of a login (default: none); see {@link EcpExchangeRecorder}. */
        public Builder recorder(EcpExchangeRecorder value) {
            this.recorder = Objects.requireNonNull(value, "recorder");
            return this;
        }

        /**
         * Asks for the user's credentials only when a challenge comes, in place of the chosen IdP endpoint's own
         * (default: the endpoint's credentials); see {@link ChallengeCredentials}.
         */
        public Builder challengeCredentials(ChallengeCredentials value) {
            this.challengeCredentials = Objects.requireNonNull(value, "challengeCredentials");
            return this;
        }

        /**
         * Asks for holder-of-key assertions (ECP 2.0; SAML V2.0 Holder-of-Key Assertion Profile) bound to
         * {@code clientCertificate}: it is presented as the TLS client certificate on every connection to the SP, the
         * PAOS header announces {@code "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"}, and the request to the IdP
         * carries an {@code ecp:SubjectConfirmation} block asking for that method. The IdP binds the key the client
         * proved to it, so the chosen IdP endpoint must log in with the same client certificate
         * ({@link IdpCredentials#clientCertificate}); an SP then accepts the assertion only over a connection with
         * that key. The IdP's answer is checked before it goes to the SP: every assertion must be confirmed by
         * holder-of-key only, naming this key alone, else {@code invalid_subject_confirmation} and nothing is
         * posted (an encrypted assertion too, unless {@link #acceptEncryptedHolderOfKeyAnswers()}).
         */
        public Builder holderOfKey(IdpCredentials.ClientCertificate clientCertificate) {
            this.holderOfKey = Objects.requireNonNull(clientCertificate, "clientCertificate");
            return this;
        }

        /**
         * With {@link #holderOfKey}: posts an IdP answer whose assertion is encrypted (to the SP), which this client
         * cannot read to check that it is holder-of-key bound to its key alone. By default such an answer is refused
         * ({@code invalid_subject_confirmation}) like a bearer one, since an IdP without the profile may have sent a
         * bearer assertion inside; accept it only for a service that accepts holder-of-key assertions alone.
         */
        public Builder acceptEncryptedHolderOfKeyAnswers() {
            this.acceptEncryptedHolderOfKeyAnswers = true;
            return this;
        }

        /**
         * Makes the calls to the IdPs on {@code connections}' kept-alive connections, shared with the other logins
         * of the process ({@link IdpConnections#shared()}), instead of connections of this client's own (the
         * default), which it keeps only for its own logins and closes with {@link EcpHttpClient#close()}.
         */
        public Builder idpConnections(IdpConnections connections) {
            this.idpConnections = Objects.requireNonNull(connections, "connections");
            return this;
        }

        /** Adds an IdP; the first one added is the default when the SP sends no IDPList. */
        public Builder idp(IdpEndpoint idp) {
            idps.add(Objects.requireNonNull(idp, "idp"));
            return this;
        }

        /** Adds IdPs, in order of preference. */
        public Builder idps(List<IdpEndpoint> values) {
            values.forEach(this::idp);
            return this;
        }

        /** Which certificates the SP may present (default: the JVM's CA bundle). */
        public Builder spTrust(TlsTrust value) {
            this.spTrust = Objects.requireNonNull(value, "spTrust");
            return this;
        }

        /** SP connect timeout (default 10 s). */
        public Builder spConnectTimeout(Duration value) {
            this.spConnectTimeout = Objects.requireNonNull(value, "spConnectTimeout");
            return this;
        }

        /** SP response timeout (default 30 s). */
        public Builder spResponseTimeout(Duration value) {
            this.spResponseTimeout = Objects.requireNonNull(value, "spResponseTimeout");
            return this;
        }

        /**
         * Total time for one call to the SP (default 60 s): connect, TLS, request and the whole answer; the call is
         * aborted after it ({@code SP_TIMEOUT}).
         */
        public Builder spCallTimeout(Duration value) {
            this.spCallTimeout = Objects.requireNonNull(value, "spCallTimeout");
            return this;
        }

        /**
         * Total time for each {@link #fetch} as a whole, every SP and IdP call and redirect included, like curl's
         * {@code -m} (default: none; each call still has its own call timeout). When it runs out the call in
         * progress is aborted with {@code SP_TIMEOUT} or {@code IDP_TIMEOUT}.
         */
        public Builder maxTime(Duration value) {
            this.maxTime = Objects.requireNonNull(value, "maxTime");
            return this;
        }

        /** Cap on any SP answer in bytes (default 16 MiB). */
        public Builder maxResponseBytes(int value) {
            this.maxResponseBytes = value;
            return this;
        }

        /** Allows posting the assertion to a plain-http responseConsumerURL (tests and demos only). */
        public Builder allowInsecureHttp(boolean value) {
            this.allowInsecureHttp = value;
            return this;
        }

        /** Receives a description of each step (default: none). */
        public Builder listener(EcpStepListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** The clock used to drop expired cookies when loading or saving a cookie file. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Checks the settings and creates the HTTP clients.
         *
         * @throws EcpConfigurationException no IdP, a non-positive timeout, time limit or size, or unusable TLS
         *     settings
         */
        public EcpHttpClient build() throws EcpConfigurationException {
            if (idps.isEmpty()) {
                throw new EcpConfigurationException("ECP client: at least one identity provider must be configured");
            }
            for (Duration d : List.of(spConnectTimeout, spResponseTimeout, spCallTimeout)) {
                if (d.isZero() || d.isNegative() || d.toMillis() > Integer.MAX_VALUE) {
                    throw new EcpConfigurationException("ECP client: SP timeouts must be positive, was " + d);
                }
            }
            if (maxTime != null && (maxTime.isZero() || maxTime.isNegative())) {
                throw new EcpConfigurationException("ECP client: maxTime must be positive, was " + maxTime);
            }
            if (maxResponseBytes <= 0) {
                throw new EcpConfigurationException("ECP client: maxResponseBytes must be positive, was "
                        + maxResponseBytes);
            }
            Map<IdpEndpoint, IdpClient> clients = new IdentityHashMap<>();
            try {
                for (IdpEndpoint idp : idps) {
                    clients.put(idp, idpConnections != null ? idpConnections.client(idp) : new IdpClient(idp));
                }
                return new EcpHttpClient(this, clients);
            } catch (EcpConfigurationException | RuntimeException e) {
                clients.values().forEach(IdpClient::close);
                throw e;
            }
        }
    }
}
