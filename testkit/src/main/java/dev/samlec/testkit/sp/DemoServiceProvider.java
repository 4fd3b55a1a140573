package dev.samlec.testkit.sp;


import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.metadata.IdpMetadata;
import dev.samlec.mech.metadata.SpMetadataWriter;
import dev.samlec.mech.service.ConfirmationMethods;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.IdpTrustSource;
import dev.samlec.mech.service.ScopedAttributePolicy;
import dev.samlec.mech.service.PaosServiceProvider;
import dev.samlec.mech.service.ReplayCache;
import dev.samlec.mech.service.RequestTracker;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.testkit.GuardedHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP resource protected by samlec's service side: a PAOS service provider on the JDK's HTTP server.
 *
 * <ul>
 *   <li>{@code GET /secure/...}: with a session cookie, the identity as text; from an ECP client, a PAOS challenge;
 *       from anything else, 401 (this demo does no browser SSO).
 *   <li>{@code POST /paos/acs}: the responseConsumerURL; a valid Response opens a session and redirects to the
 *       resource first asked for.
 *   <li>{@code GET /metadata}: this service's SAML metadata, to register it at an IdP.
 * </ul>
 * For demos and tests only: sessions live in memory and the service listens on plain HTTP, or on HTTPS with
 * {@link Builder#https}: then it asks for a TLS client certificate and hands it to
 * {@link PaosServiceProvider#consume(byte[], Optional)}, so that holder-of-key assertions can be accepted
 * ({@link Builder#confirmationMethods}). It has no signing key: its AuthnRequests are unsigned, also to an IdP whose
 * metadata says {@code WantAuthnRequestsSigned} (a WARN at start says that IdP may refuse them; the Keycloak realm
 * metadata in mech's test resources says so, and this demo SP runs against Keycloak in interop/run.sh).
 */
public final class DemoServiceProvider implements AutoCloseable {
    /** The protected resource's path prefix. */
    public static final String SECURE_PATH = "/secure/";
    /** The PAOS responseConsumerURL path. */
    public static final String ACS_PATH = "/paos/acs";
    /** The SP metadata path. */
    public static final String METADATA_PATH = "/metadata";
    private static final Logger LOG = LoggerFactory.getLogger(DemoServiceProvider.class);
    private static final String COOKIE = "samlec_demo_session";
    private static final int MAX_BODY = 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final PaosServiceProvider paos;
    private final ServiceProviderSettings settings;
    private final SessionStore sessions;
    private final RelayStates relayStates;
    private final URI baseUri;

    private DemoServiceProvider(Builder b) throws IOException {
        if (b.serverKeys != null) {
            HttpsServer https = HttpsServer.create(new InetSocketAddress(b.host, b.port), 50);
            https.setHttpsConfigurator(ServiceTls.configurator(b.serverKeys, b.serverKeyPassword, b.random));
            server = https;
        } else {
            server = HttpServer.create(new InetSocketAddress(b.host, b.port), 50);
        }
        int port = server.getAddress().getPort();
        baseUri = URI.create((b.serverKeys != null ? "https://" : "http://") + b.host + ":" + port);
        try {
            settings = ServiceProviderSettings.builder()
                    .entityId(b.entityId != null ? b.entityId : baseUri + "/sp")
                    .assertionConsumerServiceUrl(baseUri + ACS_PATH)
                    .idpTrust(new UnsignedRequestsTrust(b.trust))
                    .clock(b.clock)
                    .secureRandom(b.random)
                    .confirmationMethods(b.confirmationMethods).decryptionKeys(b.decryptionKeys)
                    .scopedAttributes(b.scopedAttributes)
                    .replayCache(b.replayCache)
                    .requestTracker(b.requestTracker)
                    .build();
        } catch (EcpException e) {
            server.stop(0);
            throw new IOException("demo service settings: " + e.getMessage(), e);
        }
        paos = new PaosServiceProvider(settings);
        b.trust.idpWantingSignedRequests().ifPresent(idp -> LOG.warn("IdP {} wants signed AuthnRequests"
                + " (WantAuthnRequestsSigned in its metadata), but the demo SP has no signing key and sends unsigned"
                + " ones: the IdP may refuse them", idp));
        sessions = new SessionStore(b.random, b.clock, Duration.ofMinutes(30), 10_000);
        relayStates = new RelayStates(b.random);
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "samlec-demo-sp");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(SECURE_PATH, GuardedHandler.of("demo service resource", this::secure));
        server.createContext(ACS_PATH, GuardedHandler.of("demo service ACS", this::acs));
        server.createContext(METADATA_PATH, GuardedHandler.of("demo service metadata", this::metadata));
        server.start();
        LOG.warn("samlec demo service at {} is for demos and tests only", baseUri);
    }

    /** A builder; {@link Builder#trust(IdpTrustSource)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The protected resource's URL. */
    public URI resourceUrl() {
        return baseUri.resolve(SECURE_PATH + "whoami");
    }

    /** This service's entity ID. */
    public String entityId() {
        return settings.entityId();
    }

    /** The PAOS responseConsumerURL (the ACS to register at an IdP). */
    public String acsUrl() {
        return settings.assertionConsumerServiceUrl();
    }

    /** The SP metadata URL. */
    public URI metadataUrl() {
        return baseUri.resolve(METADATA_PATH);
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void secure(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod())) {
                sendText(ex, 405, "GET only\n");
                return;
            }
            Optional<SamlIdentity> identity = sessionCookie(ex).flatMap(sessions::find);
            if (identity.isPresent()) {
                sendText(ex, 200, IdentityPage.render(identity.get()));
                return;
            }
            String accept = ex.getRequestHeaders().getFirst("Accept");
            String paosHeader = ex.getRequestHeaders().getFirst("PAOS");
            if (!PaosServiceProvider.wantsEcp(accept, paosHeader)) {
                sendText(ex, 401, "this demo resource accepts ECP clients only "
                        + "(send Accept: application/vnd.paos+xml and a PAOS header)\n");
                return;
            }
            challenge(ex);
        }
    }

    // The catch must run while the exchange is open: a try-with-resources catch runs after close.
    private void challenge(HttpExchange ex) throws IOException {
        try {
            String relayState = relayStates.remember(ex.getRequestURI().getRawPath());
            byte[] challenge = paos.challenge(Optional.of(relayState)).toBytes();
            ex.getResponseHeaders().set("Content-Type", PaosServiceProvider.PAOS_MEDIA_TYPE + ";charset=UTF-8");
            ex.sendResponseHeaders(200, challenge.length);
            ex.getResponseBody().write(challenge);
        } catch (EcpException e) {
            LOG.warn("could not issue a challenge: {}", e.describe());
            if (e.error() == EcpError.STATE_STORE_UNAVAILABLE) {
                sendText(ex, 503, "no challenge issued: " + e.error().code() + "\n");
            } else {
                sendText(ex, 500, "internal error\n");
            }
        }
    }

    private void acs(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                sendText(ex, 405, "POST only\n");
                return;
            }
            byte[] body = ex.getRequestBody().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                sendText(ex, 413, "request body larger than " + MAX_BODY + " bytes\n");
                return;
            }
            login(ex, body);
        }
    }

    private void login(HttpExchange ex, byte[] body) throws IOException {
        try {
            PaosServiceProvider.Login login = paos.consume(body, ServiceTls.clientCertificate(ex));
            String target = login.relayState().flatMap(relayStates::redeem).orElse(SECURE_PATH + "whoami");
            String session = sessions.create(login.identity());
            LOG.info("login accepted for {} from {}", login.identity().nameId().value(), login.identity().issuer());
            ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + session + "; Path=/; HttpOnly; SameSite=Strict");
            ex.getResponseHeaders().set("Location", baseUri.resolve(target).toString());
            ex.sendResponseHeaders(302, -1);
        } catch (EcpException e) {
            LOG.warn("login refused: {}", e.describe());
            sendText(ex, 403, "login refused: " + e.error().code() + "\n");
        }
    }

    private void metadata(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] xml = SpMetadataWriter.builder().entityId(entityId()).assertionConsumerServiceUrl(acsUrl())
                    .build().write();
            ex.getResponseHeaders().set("Content-Type", "application/samlmetadata+xml");
            ex.sendResponseHeaders(200, xml.length);
            ex.getResponseBody().write(xml);
        }
    }

    private static Optional<String> sessionCookie(HttpExchange ex) {
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
            for (String pair : header.split(";")) {
                String[] kv = pair.trim().split("=", 2);
                if (kv.length == 2 && kv[0].equals(COOKIE)) {
                    return Optional.of(kv[1]);
                }
            }
        }
        return Optional.empty();
    }


    private static void sendText(HttpExchange ex, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "DemoServiceProvider[" + entityId() + " at " + baseUri + "]";
    }

    /** Configures a {@link DemoServiceProvider}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String entityId;
        private IdpTrustSource trust;
        private ScopedAttributePolicy scopedAttributes = ScopedAttributePolicy.DROP;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private KeyStore serverKeys;
        private char[] serverKeyPassword;
        private ConfirmationMethods confirmationMethods = ConfirmationMethods.BEARER;
        private java.util.List<dev.samlec.mech.SigningKey> decryptionKeys = java.util.List.of();
        private ReplayCache replayCache;
        private RequestTracker requestTracker;

        private Builder() {
        }

        /** The replay cache (default: in memory), e.g. one on Redis that several nodes of the service share. */
        public Builder replayCache(ReplayCache value) {
            replayCache = value;
            return this;
        }

        /**
         * The tracker of issued AuthnRequest IDs (default: in memory), e.g. one on Redis, so that a challenge issued
         * by one node is answered at another. Sessions and RelayStates stay in this node's memory.
         */
        public Builder requestTracker(RequestTracker value) {
            requestTracker = value;
            return this;
        }

        /**
         * Serves HTTPS with the only key entry of {@code keyStore} (e.g. {@code DemoTls.serverKeyStore()}), asking
         * every client for a certificate ({@code wantClientAuth}; any certificate is taken, its key is what counts).
         */
        public Builder https(KeyStore keyStore, char[] password) {
            serverKeys = keyStore;
            serverKeyPassword = password.clone();
            return this;
        }

        /**
         * Decrypts assertions encrypted to {@code key}'s certificate (register the service at the IdP with that
         * certificate for the IdP to encrypt); default: none, an encrypted assertion is refused.
         */
        public Builder decryptionKey(dev.samlec.mech.SigningKey key) {
            decryptionKeys = java.util.List.of(key);
            return this;
        }

        /** The accepted subject confirmation methods (default bearer only). */
        public Builder confirmationMethods(ConfirmationMethods value) {
            confirmationMethods = value;
            return this;
        }

        /** The listening address (default 127.0.0.1). */
        public Builder host(String value) {
            host = value;
            return this;
        }

        /** The port (default 0: any free port). */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** The entity ID (default {@code http://HOST:PORT/sp}). */
        public Builder entityId(String value) {
            entityId = value;
            return this;
        }

        /** The identity providers whose signed Responses are accepted (an {@link IdpTrust}, a federation...). */
        public Builder trust(IdpTrustSource value) {
            trust = value;
            return this;
        }

        /** Drop (default) or refuse scoped attribute values outside their IdP's scopes. */
        public Builder scopedAttributes(ScopedAttributePolicy value) {
            scopedAttributes = java.util.Objects.requireNonNull(value, "scopedAttributes");
            return this;
        }

        /** Trust the IdP described by {@code metadata}. */
        public Builder trust(IdpMetadata metadata) {
            trust = IdpTrust.of(metadata.toTrustedIdp());
            return this;
        }

        /** The clock (tests). */
        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        /** The randomness for IDs, sessions and relay states. */
        public Builder secureRandom(SecureRandom value) {
            random = value;
            return this;
        }

        /** Binds and starts the service. */
        public DemoServiceProvider start() throws IOException {
            if (trust == null) {
                throw new IllegalStateException("trust(IdpTrustSource) is required");
            }
            return new DemoServiceProvider(this);
        }
    }
}
