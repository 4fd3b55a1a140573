package dev.samlec.mech.service;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.SecureXmlParser;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the service side needs to issue AuthnRequests and validate Responses. Immutable; built with
 * {@link #builder()} and validated as a whole by {@link Builder#build()}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>entityId</td><td>required</td><td>this service's SAML entityID (Issuer of requests, required
 *       Audience)</td></tr>
 *   <tr><td>assertionConsumerServiceUrl</td><td>required</td><td>the ACS: PAOS responseConsumerURL, or for SAML-EC
 *       SASL the service name {@code service@host}; compared exactly with Destination and Recipient</td></tr>
 *   <tr><td>idpTrust</td><td>required</td><td>trusted IdPs and their signing certificates</td></tr>
 *   <tr><td>signingKey</td><td>none</td><td>signs AuthnRequests (RSA-SHA256 or ECDSA-SHA256)</td></tr>
 *   <tr><td>decryptionKeys</td><td>none</td><td>RSA keys for EncryptedAssertion/EncryptedID (at most
 *       {@value #MAX_DECRYPTION_KEYS})</td></tr>
 *   <tr><td>clockSkew</td><td>180 s</td><td>tolerance for every time comparison; 0 to 10 min</td></tr>
 *   <tr><td>clock</td><td>system UTC</td><td>the time source</td></tr>
 *   <tr><td>requestLifetime</td><td>5 min</td><td>how long an issued AuthnRequest ID stays consumable; up to 1
 *       h</td></tr>
 *   <tr><td>maxOutstandingRequests</td><td>10,000</td><td>bound on tracked AuthnRequest IDs</td></tr>
 *   <tr><td>replayCache</td><td>{@link InMemoryReplayCache} on the clock</td><td>single-use enforcement; share it
 *       across a cluster</td></tr>
 *   <tr><td>requestTracker</td><td>an {@link InMemoryRequestTracker} per service</td><td>issued AuthnRequest IDs;
 *       share it across a cluster</td></tr>
 *   <tr><td>algorithmPolicy</td><td>{@link AlgorithmPolicy#defaults()}</td><td>accepted algorithms</td></tr>
 *   <tr><td>secureRandom</td><td>new {@link SecureRandom}</td><td>request IDs</td></tr>
 *   <tr><td>maxResponseBytes</td><td>256 KiB</td><td>size cap applied before parsing a Response</td></tr>
 *   <tr><td>confirmationMethods</td><td>{@link ConfirmationMethods#BEARER}</td><td>accepted SubjectConfirmation
 *       methods; holder-of-key needs the TLS client certificate in the {@link ValidationContext}</td></tr>
 *   <tr><td>scopedAttributes</td><td>{@link ScopedAttributePolicy#DROP}</td><td>what happens to a scoped attribute
 *       value outside its IdP's scopes (see {@link TrustedIdp}): dropped, or the login refused</td></tr>
 * </table>
 */
public final class ServiceProviderSettings {
    /** Most decryption keys (each costs one RSA operation per EncryptedKey). */
    public static final int MAX_DECRYPTION_KEYS = 4;
    /** Largest accepted clock skew. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);
    /** Longest accepted request lifetime. */
    public static final Duration MAX_REQUEST_LIFETIME = Duration.ofHours(1);

    private final String entityId;
    private final String assertionConsumerServiceUrl;
    private final IdpTrustSource idpTrust;
    private final SigningKey signingKey;
    private final List<SigningKey> decryptionKeys;
    private final Duration clockSkew;
    private final Clock clock;
    private final Duration requestLifetime;
    private final int maxOutstandingRequests;
    private final ReplayCache replayCache;
    private final RequestTracker requestTracker;
    private final AlgorithmPolicy algorithmPolicy;
    private final SecureRandom secureRandom;
    private final int maxResponseBytes;
    private final ConfirmationMethods confirmationMethods;
    private final ScopedAttributePolicy scopedAttributes;

    private ServiceProviderSettings(Builder b) {
        this.entityId = b.entityId;
        this.assertionConsumerServiceUrl = b.assertionConsumerServiceUrl;
        this.idpTrust = b.idpTrust;
        this.signingKey = b.signingKey;
        this.decryptionKeys = List.copyOf(b.decryptionKeys);
        this.clockSkew = b.clockSkew;
        this.clock = b.clock;
        this.requestLifetime = b.requestLifetime;
        this.maxOutstandingRequests = b.maxOutstandingRequests;
        this.replayCache = b.replayCache != null ? b.replayCache : new InMemoryReplayCache(b.clock);
        this.requestTracker = b.requestTracker;
        this.algorithmPolicy = b.algorithmPolicy;
        this.secureRandom = b.secureRandom != null ? b.secureRandom : new SecureRandom();
        this.maxResponseBytes = b.maxResponseBytes;
        this.confirmationMethods = b.confirmationMethods;
        this.scopedAttributes = b.scopedAttributes;
    }

    /** A builder with the defaults in the class comment. */
    public static Builder builder() {
        return new Builder();
    }

    /** This service's entityID. */
    public String entityId() {
        return entityId;
    }

    /** The ACS URL or SAML-EC service name. */
    public String assertionConsumerServiceUrl() {
        return assertionConsumerServiceUrl;
    }

    /** Where the trusted IdPs are looked up. */
    public IdpTrustSource idpTrust() {
        return idpTrust;
    }

    /** The AuthnRequest signing key, if any. */
    public Optional<SigningKey> signingKey() {
        return Optional.ofNullable(signingKey);
    }

    /** The decryption keys (possibly empty). */
    public List<SigningKey> decryptionKeys() {
        return decryptionKeys;
    }

    /** The clock skew tolerance. */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** The clock. */
    public Clock clock() {
        return clock;
    }

    /** How long an issued AuthnRequest ID stays consumable. */
    public Duration requestLifetime() {
        return requestLifetime;
    }

    /** The bound on tracked AuthnRequest IDs. */
    public int maxOutstandingRequests() {
        return maxOutstandingRequests;
    }

    /** The replay cache. */
    public ReplayCache replayCache() {
        return replayCache;
    }

    /** The request tracker shared by the service's nodes, when one was configured (else each service makes its own). */
    public java.util.Optional<RequestTracker> requestTracker() {
        return java.util.Optional.ofNullable(requestTracker);
    }

    /** The accepted algorithms. */
    public AlgorithmPolicy algorithmPolicy() {
        return algorithmPolicy;
    }

    /** The random source for request IDs. */
    public SecureRandom secureRandom() {
        return secureRandom;
    }

    /** The size cap for a Response, in bytes. */
    public int maxResponseBytes() {
        return maxResponseBytes;
    }

    /** The accepted subject confirmation methods. */
    public ConfirmationMethods confirmationMethods() {
        return confirmationMethods;
    }

    /** What happens to scoped attribute values outside their IdP's scopes. */
    public ScopedAttributePolicy scopedAttributes() {
        return scopedAttributes;
    }

    @Override
    public String toString() {
        return "ServiceProviderSettings[entityId=" + entityId + ", acs=" + assertionConsumerServiceUrl + ", "
                + idpTrust.describe() + ", signing=" + (signingKey != null) + ", decryptionKeys=" + decryptionKeys.size() + "]";
    }

    /** Collects settings; {@link #build()} checks them together. */
    public static final class Builder {
        private String entityId;
        private String assertionConsumerServiceUrl;
        private IdpTrustSource idpTrust;
        private SigningKey signingKey;
        private final List<SigningKey> decryptionKeys = new ArrayList<>();
        private Duration clockSkew = Duration.ofSeconds(180);
        private Clock clock = Clock.systemUTC();
        private Duration requestLifetime = Duration.ofMinutes(5);
        private int maxOutstandingRequests = 10_000;
        private ReplayCache replayCache;
        private RequestTracker requestTracker;
        private AlgorithmPolicy algorithmPolicy = AlgorithmPolicy.defaults();
        private SecureRandom secureRandom;
        private int maxResponseBytes = SecureXmlParser.DEFAULT_MAX_BYTES;
        private ConfirmationMethods confirmationMethods = ConfirmationMethods.BEARER;
        private ScopedAttributePolicy scopedAttributes = ScopedAttributePolicy.DROP;

        private Builder() {
        }

        /** This service's entityID. */
        public Builder entityId(String value) {
            this.entityId = value;
            return this;
        }

        /** The ACS URL (PAOS responseConsumerURL) or SAML-EC service name; any non-blank string. */
        public Builder assertionConsumerServiceUrl(String value) {
            this.assertionConsumerServiceUrl = value;
            return this;
        }

        /** The trusted IdPs: a fixed {@link IdpTrust}, or a source such as a refreshed federation aggregate. */
        public Builder idpTrust(IdpTrustSource value) {
            this.idpTrust = value;
            return this;
        }

        /** The AuthnRequest signing key (null for none). */
        public Builder signingKey(SigningKey value) {
            this.signingKey = value;
            return this;
        }

        /** Replaces the decryption keys. */
        public Builder decryptionKeys(List<SigningKey> values) {
            this.decryptionKeys.clear();
            this.decryptionKeys.addAll(values);
            return this;
        }

        /** The clock skew tolerance. */
        public Builder clockSkew(Duration value) {
            this.clockSkew = value;
            return this;
        }

        /** The clock. */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** How long an issued request ID stays consumable. */
        public Builder requestLifetime(Duration value) {
            this.requestLifetime = value;
            return this;
        }

        /** The bound on tracked request IDs. */
        public Builder maxOutstandingRequests(int value) {
            this.maxOutstandingRequests = value;
            return this;
        }

        /** The replay cache (default: an {@link InMemoryReplayCache} on the configured clock). */
        public Builder replayCache(ReplayCache value) {
            this.replayCache = value;
            return this;
        }

        /**
         * The tracker of issued AuthnRequest IDs, for a service on several nodes that share it (default: each
         * {@link SamlServiceProvider} keeps its own {@link InMemoryRequestTracker}).
         */
        public Builder requestTracker(RequestTracker value) {
            this.requestTracker = value;
            return this;
        }

        /** The algorithm include lists. */
        public Builder algorithmPolicy(AlgorithmPolicy value) {
            this.algorithmPolicy = value;
            return this;
        }

        /** The random source (default: a new {@link SecureRandom}). */
        public Builder secureRandom(SecureRandom value) {
            this.secureRandom = value;
            return this;
        }

        /** The size cap for a Response in bytes. */
        public Builder maxResponseBytes(int value) {
            this.maxResponseBytes = value;
            return this;
        }

        /** The accepted subject confirmation methods (default bearer only). */
        public Builder confirmationMethods(ConfirmationMethods value) {
            this.confirmationMethods = java.util.Objects.requireNonNull(value, "confirmationMethods");
            return this;
        }

        /** Drop (default) or refuse scoped attribute values outside their IdP's scopes. */
        public Builder scopedAttributes(ScopedAttributePolicy value) {
            this.scopedAttributes = java.util.Objects.requireNonNull(value, "scopedAttributes");
            return this;
        }

        /**
         * The settings.
         *
         * @throws EcpConfigurationException naming the first setting that is missing or out of range
         */
        public ServiceProviderSettings build() throws EcpConfigurationException {
            SettingsValidation.check(this);
            return new ServiceProviderSettings(this);
        }

        String entityId() {
            return entityId;
        }

        String acs() {
            return assertionConsumerServiceUrl;
        }

        IdpTrustSource trust() {
            return idpTrust;
        }

        SigningKey signing() {
            return signingKey;
        }

        List<SigningKey> decryption() {
            return decryptionKeys;
        }

        Duration skew() {
            return clockSkew;
        }

        Clock clockValue() {
            return clock;
        }

        Duration lifetime() {
            return requestLifetime;
        }

        int maxOutstanding() {
            return maxOutstandingRequests;
        }

        AlgorithmPolicy policy() {
            return algorithmPolicy;
        }

        int maxBytes() {
            return maxResponseBytes;
        }
    }
}
