package dev.samlec.testkit;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A service provider as the {@link DemoIdp} knows it: its entityID, the AssertionConsumerService locations it may
 * receive assertions at, and optionally the certificate to encrypt assertions to and the certificate its
 * AuthnRequests are signed with.
 *
 * <p>ACS locations are compared as exact strings, so besides URLs they may be SAML-EC service names such as
 * {@code ldap@localhost} or {@code urn:samlec:ldap@localhost}. A signed AuthnRequest is only accepted when a signing
 * certificate is registered (and verifies); with {@link Builder#requireSignedRequests(boolean)} unsigned requests
 * are refused too.
 *
 * <p>Immutable.
 */
public final class ServiceProviderRegistration {
    private final String entityId;
    private final List<String> acsUrls;
    private final X509Certificate encryptionCertificate;
    private final X509Certificate signingCertificate;
    private final boolean requireSignedRequests;
    private final int generatedKeyBytes;

    private ServiceProviderRegistration(Builder builder) {
        this.entityId = builder.entityId;
        this.acsUrls = builder.acsUrls;
        this.encryptionCertificate = builder.encryptionCertificate;
        this.signingCertificate = builder.signingCertificate;
        this.requireSignedRequests = builder.requireSignedRequests;
        this.generatedKeyBytes = builder.generatedKeyBytes;
    }

    /**
     * How many random bytes of SAML-EC session key ({@code samlec:GeneratedKey}) the IdP issues to this SP with
     * each encrypted assertion: 32 by default (as Shibboleth's {@code PopulateECPContext}), 0 for none. Without an
     * encryption certificate no key is issued whatever this says (draft 5.3.1: a key needs an encrypted assertion).
     */
    public int generatedKeyBytes() {
        return generatedKeyBytes;
    }

    /** A builder for the SP with this entityID. */
    public static Builder builder(String entityId) {
        return new Builder(entityId);
    }

    /** The SP's entityID (the AuthnRequest's Issuer). */
    public String entityId() {
        return entityId;
    }

    /** The registered ACS locations, in order (index 0 is the default). */
    public List<String> acsUrls() {
        return acsUrls;
    }

    /** The certificate assertions are encrypted to, if any. */
    public Optional<X509Certificate> encryptionCertificate() {
        return Optional.ofNullable(encryptionCertificate);
    }

    /** The only certificate the SP's AuthnRequest signatures are verified with, if any. */
    public Optional<X509Certificate> signingCertificate() {
        return Optional.ofNullable(signingCertificate);
    }

    /** Whether unsigned AuthnRequests are refused. */
    public boolean requireSignedRequests() {
        return requireSignedRequests;
    }

    /**
     * The ACS the request asks for: its AssertionConsumerServiceURL if registered, else the location at its
     * AssertionConsumerServiceIndex, else (neither given) the first registered location; empty if not acceptable.
     */
    Optional<String> resolveAcs(String requestedUrl, Integer requestedIndex) {
        if (requestedUrl != null) {
            return acsUrls.contains(requestedUrl) ? Optional.of(requestedUrl) : Optional.empty();
        }
        if (requestedIndex != null) {
            return requestedIndex >= 0 && requestedIndex < acsUrls.size()
                    ? Optional.of(acsUrls.get(requestedIndex)) : Optional.empty();
        }
        return Optional.of(acsUrls.get(0));
    }

    @Override
    public String toString() {
        return "ServiceProviderRegistration[" + entityId + ", acs=" + acsUrls
                + (encryptionCertificate != null ? ", encrypted" : "")
                + (signingCertificate != null ? ", signing certificate" : "")
                + (requireSignedRequests ? ", signed requests required" : "") + "]";
    }

    /** Settings for a {@link ServiceProviderRegistration}. */
    public static final class Builder {
        private final String entityId;
        private List<String> acsUrls = List.of();
        private X509Certificate encryptionCertificate;
        private X509Certificate signingCertificate;
        private boolean requireSignedRequests;
        private int generatedKeyBytes = SessionKeyIssuer.DEFAULT_KEY_BYTES;

        private Builder(String entityId) {
            this.entityId = Objects.requireNonNull(entityId, "entityId");
        }

        /** The ACS locations (URLs or SAML-EC service names); at least one, none blank. */
        public Builder acsUrls(List<String> urls) {
            this.acsUrls = List.copyOf(Objects.requireNonNull(urls, "urls"));
            return this;
        }

        /** Encrypts assertions to this certificate. */
        public Builder encryptionCertificate(X509Certificate certificate) {
            this.encryptionCertificate = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        /** Verifies the SP's signed AuthnRequests with this certificate (and no other). */
        public Builder signingCertificate(X509Certificate certificate) {
            this.signingCertificate = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        /** Refuses unsigned AuthnRequests (default false). */
        public Builder requireSignedRequests(boolean value) {
            this.requireSignedRequests = value;
            return this;
        }

        /**
         * The length of the session key issued with each encrypted assertion (default 32; 16 fits enctype 17 only,
         * 32 enctype 18 only; 0: none; any other length up to 64 for tests of clients that must refuse it).
         */
        public Builder generatedKeyBytes(int bytes) {
            if (bytes < 0 || bytes > 64) {
                throw new IllegalArgumentException("generatedKeyBytes must be 0 to 64, was " + bytes);
            }
            this.generatedKeyBytes = bytes;
            return this;
        }

        /**
         * The registration.
         *
         * @throws IllegalArgumentException if the entityID is blank, no ACS location is given or one is blank, or
         *     signed requests are required without a signing certificate
         */
        public ServiceProviderRegistration build() {
            if (entityId.isBlank()) {
                throw new IllegalArgumentException("entityId must not be blank");
            }
            if (acsUrls.isEmpty() || acsUrls.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("acsUrls must hold at least one location and no blank one, was "
                        + acsUrls);
            }
            if (requireSignedRequests && signingCertificate == null) {
                throw new IllegalArgumentException("requireSignedRequests needs a signingCertificate for SP "
                        + entityId);
            }
            return new ServiceProviderRegistration(this);
        }
    }
}
