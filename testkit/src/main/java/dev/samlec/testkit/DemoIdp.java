package dev.samlec.testkit;

import dev.samlec.mech.SigningKey;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.samlec.mech.internal.xml.OpenSaml;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small but real SAML 2.0 ECP identity provider, FOR DEMOS AND TESTS ONLY, NEVER FOR PRODUCTION.
 *
 * <p>It listens on 127.0.0.1 (a free port unless {@link Builder#port} names one; HTTP or HTTPS) and serves
 * {@code POST /idp/profile/SAML2/SOAP/ECP} (the ECP single sign-on endpoint, see {@link EcpSsoHandler} for the exact
 * behaviour) and {@code GET /idp/metadata}.
 * Users are checked by an LDAP simple bind against a {@link DemoDirectory} (or the same bind in process, see
 * {@link Builder#directoryAccess}); the assertion carries the attributes
 * listed in {@link DemoAttributes}. The Assertion and the Response are both signed (RSA-SHA256, SHA-256, exclusive
 * c14n); the assertion is encrypted (AES-256-GCM, RSA-OAEP) for SPs registered with an encryption certificate.
 * With an RSA key, the usual successful answer (no encryption, holder-of-key, channel bindings or session key) is
 * written straight as canonical text and signed without a DOM ({@link CanonicalEcpAnswer}: the same content, 0.5 to
 * 1.1 ms less CPU per login in {@code ldap-load}); every other answer, or every answer after
 * {@link Builder#openSamlAnswers()}, is built with OpenSAML and Santuario.
 *
 * <p>It issues assertions only to {@linkplain #registerServiceProvider(ServiceProviderRegistration) registered} SPs
 * and only for their registered ACS locations (URLs, or SAML-EC service names such as {@code ldap@localhost}, which
 * then are the Response Destination and the SubjectConfirmationData Recipient); anything else is refused with a SOAP
 * fault {@code S:Client} (HTTP 500), the way Keycloak refuses an unknown redirect URI, so that no signed Response is
 * ever sent towards an unverified ACS.
 *
 * <p>SAML-EC and ECP 2.0 peer behaviour:
 * <ul>
 *   <li>A signed AuthnRequest is verified with the SP's registered signing certificate only (RSA or ECDSA with
 *       SHA-2; SHA-1 is refused); a signed request without a registered certificate, a bad signature, or an unsigned
 *       request from an SP registered with {@code requireSignedRequests}, or from any SP to an IdP built with
 *       {@link Builder#requireSignedRequests()} (whose metadata then says {@code WantAuthnRequestsSigned="true"}), is
 *       a fault {@code S:Client}. A verified request earns {@code ecp:RequestAuthenticated} in the answer header.
 *   <li>Channel bindings: the client's {@code cb:ChannelBindings} header is understood and compared with the one in
 *       the signed request's {@code samlp:Extensions}. A mismatch (or one side missing, or an unsigned request) gives
 *       a signed Response with status Requester and "channel bindings do not match" (HTTP 200); a match is echoed in
 *       the answer header and in the {@code saml:Advice} of every assertion, under the assertion's signature.
 *   <li>Delegation is NOT supported: when an AuthnRequest asks for it (the delegation Audience in its Conditions),
 *       the IdP issues an ordinary assertion for the SP and never sends {@code samlec:Delegated}.
 *   <li>Users log in with HTTP Basic or, when {@link Builder#trustClientCertificates} is set on an HTTPS IdP, with a
 *       TLS client certificate whose subject CN is their uid (AuthnContextClassRef TLSClient).
 * </ul>
 *
 * <p>Thread-safe; requests are served by a pool of threads ({@value #THREADS} unless {@link Builder#threads} sets
 * another number). Close it to stop the server (and the directory, if the IdP started its own).
 */
public final class DemoIdp implements AutoCloseable {
    /** The path of the ECP (SOAP) single sign-on endpoint. */
    public static final String SSO_PATH = EcpSsoHandler.PATH;
    /** The path of the metadata document. */
    public static final String METADATA_PATH = MetadataHandler.PATH;
    /** The HTTP Basic realm the IdP challenges with. */
    public static final String REALM = EcpSsoHandler.REALM;
    static final int THREADS = 16;

    /** How the IdP checks a user's password against its {@link DemoDirectory}. */
    public enum DirectoryAccess {
        /**
         * An LDAP simple bind over a pooled connection, then the user's attributes and groups read on it, as IdPs
         * check their users against a directory elsewhere.
         */
        LDAP,
        /**
         * The same bind and reads in process, through the directory service's own operations: no network and no
         * thread hand-off, for an IdP that should cost little besides its signatures (load tests).
         */
        IN_PROCESS
    }
    private static final Logger LOG = LoggerFactory.getLogger(DemoIdp.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final DemoDirectory directory;
    private final PasswordCheck authenticator;
    private final boolean ownsDirectory;
    private final ServiceProviderRegistry registry;
    private final EcpSsoHandler ssoHandler;
    private final SigningKey signingKey;
    private final boolean demoKey;
    private final String entityId;
    private final URI baseUri;
    private final byte[] metadata;
    private final String scope;
    private final boolean requireSignedRequests;
    private boolean closed;

    private DemoIdp(Builder builder, HttpServer server, ExecutorService executor, DemoDirectory directory,
            boolean ownsDirectory, Optional<ClientCertificateVerifier> certificates) {
        this.server = server;
        this.executor = executor;
        this.directory = directory;
        this.ownsDirectory = ownsDirectory;
        this.signingKey = builder.signingKey != null ? builder.signingKey : DemoKeys.idpSigningKey();
        this.demoKey = builder.signingKey == null;
        this.baseUri = URI.create((server instanceof HttpsServer ? "https" : "http") + "://" + DemoDirectory.HOST + ":"
                + server.getAddress().getPort());
        this.entityId = builder.entityId != null ? builder.entityId : baseUri + "/idp";
        this.registry = new ServiceProviderRegistry();
        this.scope = builder.scope;
        this.requireSignedRequests = builder.requireSignedRequests;
        this.authenticator = builder.directoryAccess == DirectoryAccess.LDAP
                ? new DirectoryAuthenticator(DemoDirectory.HOST, directory.port(), builder.ldapTimeout)
                : directory.inProcessPasswordCheck();
        Optional<NegotiateAcceptor> negotiate = Optional.ofNullable(builder.keytab).map(keytab ->
                NegotiateAcceptor.fromKeytab(keytab, builder.servicePrincipal, builder.negotiateReplyToken));
        UserLogin logins = new UserLogin(authenticator, directory::findUser, certificates, negotiate);
        Optional<CanonicalEcpAnswer> canonical = builder.canonicalAnswers && signingKey.isRsa()
                ? Optional.of(new CanonicalEcpAnswer(entityId, signingKey, builder.random, builder.scope))
                : Optional.empty();
        this.ssoHandler = new EcpSsoHandler(registry, logins, new ResponseIssuer(entityId, signingKey, builder.random,
                builder.scope), canonical,
                new SessionKeyIssuer(builder.random), builder.clock, builder.responseDelay, requireSignedRequests,
                builder.ignoreHolderOfKeyRequests);
        this.metadata = IdpMetadataDocument.create(entityId, ssoUrl().toString(), signingKey.certificate(),
                requireSignedRequests);
        server.createContext(SSO_PATH, GuardedHandler.of("demo IdP ECP endpoint", ssoHandler));
        server.createContext(METADATA_PATH, GuardedHandler.of("demo IdP metadata", new MetadataHandler(metadata)));
    }

    /** A builder with the defaults: HTTP, the demo signing key, its own directory, the system clock, no delay. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts an IdP with every default (HTTP, the demo key, a fresh demo directory). */
    public static DemoIdp start() throws IOException {
        return builder().start();
    }

    /** The IdP's entityID (by default {@code <base URL>/idp}). */
    public String entityId() {
        return entityId;
    }

    /** {@code http(s)://127.0.0.1:<port>}. */
    public URI baseUri() {
        return baseUri;
    }

    /** The port the IdP listens on. */
    public int port() {
        return baseUri.getPort();
    }

    /** The ECP endpoint, {@code <base URL>/idp/profile/SAML2/SOAP/ECP}. */
    public URI ssoUrl() {
        return baseUri.resolve(SSO_PATH);
    }

    /** The metadata URL, {@code <base URL>/idp/metadata}. */
    public URI metadataUrl() {
        return baseUri.resolve(METADATA_PATH);
    }

    /** The certificate responses are signed with (the same as in the metadata). */
    public X509Certificate signingCertificate() {
        return signingKey.certificate();
    }

    /** The metadata document served at {@link #metadataUrl()} (a copy). */
    public byte[] metadata() {
        return metadata.clone();
    }

    /**
     * Whether it refuses unsigned AuthnRequests from every SP and says so in its metadata
     * ({@code WantAuthnRequestsSigned="true"}, {@link Builder#requireSignedRequests()}).
     */
    public boolean requireSignedRequests() {
        return requireSignedRequests;
    }

    /** The scope of the scoped attributes it issues ({@link Builder#scope}), if any. */
    public Optional<String> scope() {
        return Optional.ofNullable(scope);
    }

    /** The directory users are checked against. */
    public DemoDirectory directory() {
        return directory;
    }

    /** Allows an SP to receive assertions as registered; replaces an earlier registration of its entityID. */
    public void registerServiceProvider(ServiceProviderRegistration registration) {
        registry.register(Objects.requireNonNull(registration, "registration"));
    }

    /**
     * Allows an SP (by entityID) to receive assertions at these ACS locations; replaces an earlier registration. It
     * has no signing certificate, so its signed AuthnRequests are refused.
     */
    public void registerServiceProvider(String entityId, List<String> acsUrls) {
        registerServiceProvider(ServiceProviderRegistration.builder(entityId).acsUrls(acsUrls).build());
    }

    /** As {@link #registerServiceProvider(String, List)}, assertions encrypted to {@code encryptionCertificate}. */
    public void registerServiceProvider(String entityId, List<String> acsUrls, X509Certificate encryptionCertificate) {
        registerServiceProvider(ServiceProviderRegistration.builder(entityId).acsUrls(acsUrls)
                .encryptionCertificate(encryptionCertificate).build());
    }

    /** How many requests reached the ECP endpoint (any outcome). */
    public long requestCount() {
        return ssoHandler.requestCount();
    }

    /** How many assertions were issued (successful logins). */
    public long assertionCount() {
        return ssoHandler.assertionCount();
    }

    /** How many assertions were written as canonical text ({@link CanonicalEcpAnswer}), for tests. */
    long canonicalAnswerCount() {
        return ssoHandler.canonicalAnswerCount();
    }

    /** Several lines for a console: what this is, its URLs and the demo users; says it is for demos only. */
    public String banner() {
        return "samlec DEMO identity provider -- FOR DEMOS AND TESTS ONLY, NEVER FOR PRODUCTION\n"
                + "  entityID:     " + entityId + "\n"
                + "  ECP endpoint: " + ssoUrl() + "\n"
                + "  metadata:     " + metadataUrl() + "\n"
                + "  directory:    " + directory.ldapUrl() + " (users alice/alicepw, bob/bobpw, carol/carolpw)\n"
                + "  signing key:  " + (demoKey ? "the PUBLIC demo key: anyone can forge its assertions"
                        : signingKey.certificate().getSubjectX500Principal().getName()) + "\n";
    }

    @Override
    public String toString() {
        return "samlec DEMO IdP (for demos and tests only) " + entityId + " at " + ssoUrl();
    }

    /** Stops the HTTP server, its threads and, if the IdP started it, the directory; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        authenticator.close();
        if (ownsDirectory) {
            directory.close();
        }
        LOG.info("samlec demo IdP {} stopped", entityId);
    }

    /** Settings for a {@link DemoIdp}. */
    public static final class Builder {
        private DemoDirectory directory;
        private SigningKey signingKey;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random;
        private Duration responseDelay = Duration.ZERO;
        private Duration ldapTimeout = Duration.ofSeconds(5);
        private DirectoryAccess directoryAccess = DirectoryAccess.LDAP;
        private String entityId;
        private KeyManager[] keyManagers;
        private List<X509Certificate> clientAnchors;
        private int port;
        private int threads = THREADS;
        private java.nio.file.Path keytab;
        private String servicePrincipal;
        private boolean negotiateReplyToken = true;
        private String scope;
        private boolean requireSignedRequests;
        private boolean canonicalAnswers = true;
        private boolean ignoreHolderOfKeyRequests;

        private Builder() {
        }

        /**
         * Answers a request asking for holder-of-key with a bearer assertion, as an IdP without the profile (or a
         * path that strips the request's {@code ecp:SubjectConfirmation} block) would, so tests see a client that
         * asked for holder-of-key refuse what it got.
         */
        public Builder ignoreHolderOfKeyRequests() {
            this.ignoreHolderOfKeyRequests = true;
            return this;
        }

        /**
         * Builds every answer with OpenSAML and Santuario. By default the usual successful answer is written as
         * canonical text and signed without a DOM ({@link CanonicalEcpAnswer}): the same content, cheaper; this is
         * for tests and benchmarks that compare the two.
         */
        public Builder openSamlAnswers() {
            this.canonicalAnswers = false;
            return this;
        }

        /**
         * Refuses unsigned AuthnRequests from every SP ({@code S:Client} fault) and says so in the metadata it serves:
         * {@code WantAuthnRequestsSigned="true"} on its IDPSSODescriptor (also in
         * {@link FederationMetadataBuilder.Idp#of(DemoIdp)}). SPs must then be registered with their signing
         * certificate. Default: unsigned requests are accepted unless the SP's registration requires signed ones.
         */
        public Builder requireSignedRequests() {
            this.requireSignedRequests = true;
            return this;
        }

        /**
         * Issues scoped attributes in this scope: eduPersonPrincipalName {@code uid@scope} and
         * eduPersonScopedAffiliation {@code member@scope} ({@link DemoAttributes#EPPN}, {@link DemoAttributes#EPSA});
         * {@link FederationMetadataBuilder.Idp#of(DemoIdp)} lists it as the IdP's {@code shibmd:Scope}.
         */
        public Builder scope(String value) {
            Objects.requireNonNull(value, "scope");
            if (value.isBlank() || value.contains("@")) {
                throw new IllegalArgumentException("scope must be a domain such as example.org, was '" + value + "'");
            }
            this.scope = value;
            return this;
        }

        /** Checks users against this directory (not closed by the IdP); by default the IdP starts its own. */
        public Builder directory(DemoDirectory directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Signs with this key instead of the public demo key. */
        public Builder signingKey(SigningKey signingKey) {
            this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
            return this;
        }

        /** The clock for IssueInstant, NotBefore and NotOnOrAfter. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The source of IDs and session indexes (default: a new SecureRandom). */
        public Builder secureRandom(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Waits this long before handling each ECP request, to simulate a slow IdP. */
        public Builder responseDelay(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("responseDelay must not be negative, was " + delay);
            }
            this.responseDelay = delay;
            return this;
        }

        /** How the IdP checks passwords against its directory (default {@link DirectoryAccess#LDAP}). */
        public Builder directoryAccess(DirectoryAccess access) {
            this.directoryAccess = Objects.requireNonNull(access, "access");
            return this;
        }

        /** Connect and operation timeout of the LDAP bind (default 5 s; {@link DirectoryAccess#LDAP} only). */
        public Builder ldapTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("ldapTimeout must be positive, was " + timeout);
            }
            this.ldapTimeout = timeout;
            return this;
        }

        /** The TCP port to listen on, on 127.0.0.1 (default 0: any free port). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (any free port) to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** How many threads serve requests (default {@value DemoIdp#THREADS}). */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 1024) {
                throw new IllegalArgumentException("threads must be 1 to 1024, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** The entityID (default {@code <base URL>/idp}). */
        public Builder entityId(String entityId) {
            this.entityId = Objects.requireNonNull(entityId, "entityId");
            return this;
        }

        /**
         * Serves HTTPS with the first key entry of {@code keyStore} (so tests can exercise TLS trust and pinning).
         *
         * @throws IllegalArgumentException if the key store cannot be used
         */
        public Builder https(KeyStore keyStore, char[] password) {
            try {
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(keyStore, password);
                this.keyManagers = keys.getKeyManagers();
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("the HTTPS key store cannot be used: " + e.getMessage(), e);
            }
            return this;
        }

        /**
         * Asks HTTPS clients for a certificate ({@code wantClientAuth}) and logs in, without a password, the
         * directory user whose uid is the subject CN of a certificate that chains to one of {@code anchors} (at the
         * IdP's clock, extended key usage allowing clientAuth); clients without such a certificate use HTTP Basic
         * as before. Only valid with {@link #https}; see {@link DemoTls} for test material.
         */
        public Builder trustClientCertificates(List<X509Certificate> anchors) {
            List<X509Certificate> copy = List.copyOf(Objects.requireNonNull(anchors, "anchors"));
            if (copy.isEmpty()) {
                throw new IllegalArgumentException("trustClientCertificates needs at least one trust anchor");
            }
            this.clientAnchors = copy;
            return this;
        }

        /**
         * Also accepts Kerberos over HTTP Negotiate (SPNEGO or raw Kerberos 5 tokens) for {@code servicePrincipal}
         * (e.g. {@code HTTP/127.0.0.1@SAMLEC.TEST}, see {@link MitKdc}) with its key from {@code keytab}: the client
         * principal's primary name is the directory uid. A 401 then offers {@code Negotiate} beside Basic, and a
         * Kerberos login's answer carries the acceptor's token for mutual authentication. JGSS reads the realm from
         * {@code java.security.krb5.conf}.
         */
        public Builder kerberos(java.nio.file.Path keytab, String servicePrincipal) {
            this.keytab = Objects.requireNonNull(keytab, "keytab");
            this.servicePrincipal = Objects.requireNonNull(servicePrincipal, "servicePrincipal");
            return this;
        }

        /**
         * Leaves the acceptor's token out of a Kerberos login's answer (default: sent), so tests see a client refuse
         * an IdP that did not prove itself. Only with {@link #kerberos}.
         */
        public Builder omitNegotiateReplyToken() {
            this.negotiateReplyToken = false;
            return this;
        }

        /** Starts the IdP (and a directory, if none was given). */
        public DemoIdp start() throws IOException {
            if (clientAnchors != null && keyManagers == null) {
                throw new IllegalStateException("trustClientCertificates(...) needs https(...): client certificates"
                        + " only exist over TLS");
            }
            OpenSaml.ensureInitialized();
            if (random == null) {
                random = new SecureRandom();
            }
            Optional<ClientCertificateVerifier> certificates = Optional.ofNullable(clientAnchors)
                    .map(anchors -> new ClientCertificateVerifier(anchors, clock));
            boolean ownsDirectory = directory == null;
            DemoDirectory dir = ownsDirectory ? DemoDirectory.start(random) : directory;
            ExecutorService executor = Executors.newFixedThreadPool(threads, daemonThreads());
            HttpServer server = null;
            try {
                server = createServer(certificates);
                server.setExecutor(executor);
                DemoIdp idp = new DemoIdp(this, server, executor, dir, ownsDirectory, certificates);
                server.start();
                LOG.warn("samlec DEMO identity provider at {} -- for demos and tests only, never for production{}",
                        idp.baseUri(), idp.demoKey ? "; it signs with the PUBLIC demo key" : "");
                return idp;
            } catch (IOException | RuntimeException e) {
                if (server != null) {
                    server.stop(0);
                }
                executor.shutdownNow();
                if (ownsDirectory) {
                    dir.close();
                }
                throw e;
            }
        }

        private HttpServer createServer(Optional<ClientCertificateVerifier> certificates) throws IOException {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(DemoDirectory.HOST), port);
            if (keyManagers == null) {
                return HttpServer.create(address, 0);
            }
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(TlsConfigurators.create(keyManagers, certificates, random));
            return https;
        }

        private static java.util.concurrent.ThreadFactory daemonThreads() {
            AtomicInteger count = new AtomicInteger();
            return runnable -> {
                Thread thread = new Thread(runnable, "samlec-demo-idp-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }
    }
}
