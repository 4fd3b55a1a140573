package dev.samlec.mech.client;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.SecureXmlParser;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One identity provider the user may log in at: its entity ID, its ECP (SOAP) single sign-on URL, the user's
 * credentials for it, which TLS certificates to trust, and timeouts. Immutable; built with {@link #builder}.
 *
 * <p>Rules checked by {@link Builder#build()}:
 * <ul>
 *   <li>the URL is absolute {@code https} (plain {@code http} only with {@link Builder#allowInsecureHttp});
 *   <li>for {@code https} a trust setting is required: {@link Builder#pinnedCertificates},
 *       {@link Builder#trustStore}, or, explicitly, {@link Builder#useSystemTrust()};
 *   <li>a client certificate needs {@code https};
 *   <li>timeouts are positive. Defaults: connect 10 s, response 30 s, call 20 s; the connect timeout also bounds
 *       waiting for a pooled connection, the response timeout bounds every read, and the call timeout bounds the
 *       whole call (connect, TLS handshake, request, headers and body together: a server sending one byte per
 *       second cannot hold the caller longer).
 * </ul>
 *
 * <p>The default call timeout, 20 s, is chosen for Kafka clients, whose SAML20EC exchange (and so this call) runs on
 * the client's network thread: meanwhile no other request of that client is sent or read, requests in flight on
 * other connections expire after {@code request.timeout.ms} (30 s by default) and a consumer's heartbeats stop
 * ({@code session.timeout.ms}, 45 s). 20 s stays 10 s under the first, for the rest of the exchange.
 */
public final class IdpEndpoint {
    /** Default time allowed to open a TCP (and TLS) connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time allowed between bytes of the answer. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    /** Default total time allowed for one call to the IdP: connect, TLS, request and the whole answer. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(20);

    private final String entityId;
    private final boolean entityIdKnown;
    private final URI soapUrl;
    private final IdpCredentials credentials;
    private final Optional<TlsTrust> trust;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Duration callTimeout;
    private final int maxResponseBytes;

    private IdpEndpoint(IdpEndpoint other, IdpCredentials credentials, Duration callTimeout) {
        this.entityId = other.entityId;
        this.entityIdKnown = other.entityIdKnown;
        this.soapUrl = other.soapUrl;
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.trust = other.trust;
        this.connectTimeout = other.connectTimeout;
        this.responseTimeout = other.responseTimeout;
        this.callTimeout = callTimeout;
        this.maxResponseBytes = other.maxResponseBytes;
    }

    private IdpEndpoint(Builder b) {
        this.entityId = b.entityId != null ? b.entityId : String.valueOf(b.soapUrl);
        this.entityIdKnown = b.entityId != null;
        this.soapUrl = b.soapUrl;
        this.credentials = b.credentials;
        this.trust = Optional.ofNullable(b.trust);
        this.connectTimeout = b.connectTimeout;
        this.responseTimeout = b.responseTimeout;
        this.callTimeout = b.callTimeout;
        this.maxResponseBytes = b.maxResponseBytes;
    }

    /**
     * A builder.
     *
     * @param entityId the IdP's SAML entity ID (matched against the SP's IDPList)
     * @param soapUrl the IdP's ECP endpoint (SingleSignOnService with the SOAP binding)
     */
    public static Builder builder(String entityId, URI soapUrl) {
        return new Builder(Objects.requireNonNull(entityId, "entityId"), soapUrl);
    }

    /**
     * A builder for an IdP known only by its SOAP URL (the user gave no entity ID). Such an IdP cannot be matched
     * against an SP's IDPList; when it is the only one configured it is used whatever the list says, since the
     * list is advisory and credentials still go only to the configured URL. {@link #entityId()} is then the URL.
     */
    public static Builder builder(URI soapUrl) {
        return new Builder(null, soapUrl);
    }

    /** False when the IdP was configured by URL only ({@link #builder(URI)}). */
    public boolean entityIdKnown() {
        return entityIdKnown;
    }

    /** The IdP's entity ID. */
    public String entityId() {
        return entityId;
    }

    /** The ECP SOAP endpoint. */
    public URI soapUrl() {
        return soapUrl;
    }

    /** The credentials sent to it. */
    public IdpCredentials credentials() {
        return credentials;
    }

    /**
     * The same endpoint with other credentials (for a client that learns the user's credentials only when it is
     * about to log in, such as a SASL client prompting through its callback handler).
     */
    public IdpEndpoint withCredentials(IdpCredentials value) {
        return new IdpEndpoint(this, value, callTimeout);
    }

    /**
     * The same endpoint with another call timeout (for a client whose own setting bounds every IdP call, such as
     * the SAML20EC client's {@code dev.samlec.sasl.callTimeout} property).
     *
     * @throws EcpConfigurationException if {@code value} is not positive or not below 24 days
     */
    public IdpEndpoint withCallTimeout(Duration value) throws EcpConfigurationException {
        requirePositive(Objects.requireNonNull(value, "callTimeout"), "callTimeout", entityId);
        return new IdpEndpoint(this, credentials, value);
    }

    /** The TLS trust setting; empty only for plain http. */
    public Optional<TlsTrust> trust() {
        return trust;
    }

    /** Connect timeout (also used for obtaining a pooled connection). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Response (socket read) timeout. */
    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** Total time allowed for one call (connect, TLS, request, the whole answer); the call is aborted after it. */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** The largest answer read, in bytes; a larger one fails with MESSAGE_TOO_LARGE while being read. */
    public int maxResponseBytes() {
        return maxResponseBytes;
    }

    @Override
    public String toString() {
        return "IdpEndpoint[" + entityId + " at " + soapUrl + ", " + credentials.describe() + "]";
    }

    /** Builds an {@link IdpEndpoint}. */
    public static final class Builder {
        private final String entityId;
        private final URI soapUrl;
        private IdpCredentials credentials = IdpCredentials.none();
        private TlsTrust trust;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private boolean allowInsecureHttp;
        private int maxResponseBytes = SecureXmlParser.DEFAULT_MAX_BYTES;

        private Builder(String entityId, URI soapUrl) {
            this.entityId = entityId;
            this.soapUrl = Objects.requireNonNull(soapUrl, "soapUrl");
        }

        /** The user's credentials for this IdP (default: none). */
        public Builder credentials(IdpCredentials value) {
            this.credentials = Objects.requireNonNull(value, "credentials");
            return this;
        }

        /** Trust only these certificates (the IdP's own, or its CA); the host name is still verified. */
        public Builder pinnedCertificates(List<X509Certificate> certificates) {
            this.trust = TlsTrust.pinned(certificates);
            return this;
        }

        /** Trust the trusted-certificate entries of this dedicated trust store. */
        public Builder trustStore(KeyStore trustStore) {
            this.trust = TlsTrust.trustStore(trustStore);
            return this;
        }

        /** Trust the JVM's default CA bundle (an explicit choice; not the default). */
        public Builder useSystemTrust() {
            this.trust = TlsTrust.system();
            return this;
        }

        /** Any trust setting. */
        public Builder trust(TlsTrust value) {
            this.trust = Objects.requireNonNull(value, "trust");
            return this;
        }

        /** Connect timeout (default 10 s). */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Objects.requireNonNull(value, "connectTimeout");
            return this;
        }

        /** Response timeout (default 30 s). */
        public Builder responseTimeout(Duration value) {
            this.responseTimeout = Objects.requireNonNull(value, "responseTimeout");
            return this;
        }

        /**
         * Total time allowed for one call (default 20 s): connecting, the TLS handshake, sending the request and
         * reading the whole answer. At the deadline the request is aborted and its connection closed
         * ({@code IDP_TIMEOUT}).
         */
        public Builder callTimeout(Duration value) {
            this.callTimeout = Objects.requireNonNull(value, "callTimeout");
            return this;
        }

        /** Allows a plain-http endpoint (credentials and assertions then travel in clear text: tests and demos). */
        public Builder allowInsecureHttp(boolean value) {
            this.allowInsecureHttp = value;
            return this;
        }

        /** Cap on the answer's size in bytes (default {@link SecureXmlParser#DEFAULT_MAX_BYTES}). */
        public Builder maxResponseBytes(int value) {
            this.maxResponseBytes = value;
            return this;
        }

        private String label() {
            return entityId != null ? entityId : String.valueOf(soapUrl);
        }

        /**
         * Checks the settings as a whole.
         *
         * @throws EcpConfigurationException naming the setting that is wrong
         */
        public IdpEndpoint build() throws EcpConfigurationException {
            if (entityId != null && entityId.isBlank()) {
                throw new EcpConfigurationException("IdP endpoint: entityId must not be empty");
            }
            String scheme = soapUrl.getScheme() == null ? "" : soapUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!soapUrl.isAbsolute() || soapUrl.getHost() == null || !(scheme.equals("https")
                    || scheme.equals("http"))) {
                throw new EcpConfigurationException("IdP endpoint " + label()
                        + ": soapUrl must be an absolute https URL, was '" + soapUrl + "'");
            }
            if (scheme.equals("http") && !allowInsecureHttp) {
                throw new EcpConfigurationException("IdP endpoint " + label() + ": soapUrl " + soapUrl
                        + " is plain http; credentials would travel in clear text (use https, or allowInsecureHttp)");
            }
            if (scheme.equals("https") && trust == null) {
                throw new EcpConfigurationException("IdP endpoint " + label() + ": no TLS trust configured; pin the"
                        + " IdP's certificate, give a trust store, or call useSystemTrust() explicitly");
            }
            if (scheme.equals("http") && credentials instanceof IdpCredentials.ClientCertificate) {
                throw new EcpConfigurationException("IdP endpoint " + label()
                        + ": a TLS client certificate needs an https soapUrl, was " + soapUrl);
            }
            requirePositive(connectTimeout, "connectTimeout", label());
            requirePositive(responseTimeout, "responseTimeout", label());
            requirePositive(callTimeout, "callTimeout", label());
            if (maxResponseBytes <= 0) {
                throw new EcpConfigurationException("IdP endpoint " + label()
                        + ": maxResponseBytes must be positive, was " + maxResponseBytes);
            }
            return new IdpEndpoint(this);
        }

    }

    private static void requirePositive(Duration value, String name, String label) throws EcpConfigurationException {
        if (value.isZero() || value.isNegative() || value.toMillis() > Integer.MAX_VALUE) {
            throw new EcpConfigurationException("IdP endpoint " + label + ": " + name
                    + " must be positive (and below 24 days), was " + value);
        }
    }
}
