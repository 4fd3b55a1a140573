package dev.samlec.mech.service;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.SigningKey;
import java.time.Duration;

/** The whole-object checks of {@link ServiceProviderSettings.Builder#build()}, one message per setting. */
final class SettingsValidation {
    private SettingsValidation() {
    }

    static void check(ServiceProviderSettings.Builder b) throws EcpConfigurationException {
        requireText("entityId", b.entityId());
        requireText("assertionConsumerServiceUrl", b.acs());
        if (b.acs().strip().length() != b.acs().length()) {
            throw problem("assertionConsumerServiceUrl", "must not start or end with whitespace", b.acs());
        }
        if (b.trust() == null) {
            throw problem("idpTrust", "is required (at least one trusted IdP with a signing certificate)", "none");
        }
        if (b.clockValue() == null) {
            throw problem("clock", "is required", "null");
        }
        checkDuration("clockSkew", b.skew(), Duration.ZERO, ServiceProviderSettings.MAX_CLOCK_SKEW, true);
        checkDuration("requestLifetime", b.lifetime(), Duration.ZERO,
                ServiceProviderSettings.MAX_REQUEST_LIFETIME, false);
        if (b.maxOutstanding() <= 0) {
            throw problem("maxOutstandingRequests", "must be positive", String.valueOf(b.maxOutstanding()));
        }
        if (b.maxBytes() <= 0) {
            throw problem("maxResponseBytes", "must be positive", String.valueOf(b.maxBytes()));
        }
        if (b.policy() == null) {
            throw problem("algorithmPolicy", "is required", "null");
        }
        checkDecryptionKeys(b);
    }

    private static void checkDecryptionKeys(ServiceProviderSettings.Builder b) throws EcpConfigurationException {
        if (b.decryption().size() > ServiceProviderSettings.MAX_DECRYPTION_KEYS) {
            throw problem("decryptionKeys", "at most " + ServiceProviderSettings.MAX_DECRYPTION_KEYS
                    + " keys are allowed", b.decryption().size() + " keys");
        }
        for (SigningKey key : b.decryption()) {
            if (key == null) {
                throw problem("decryptionKeys", "must not contain null", "null");
            }
            if (!key.isRsa()) {
                throw problem("decryptionKeys", "must be RSA keys (only RSA-OAEP key transport is supported)",
                        key.toString());
            }
        }
    }

    private static void requireText(String name, String value) throws EcpConfigurationException {
        if (value == null || value.isBlank()) {
            throw problem(name, "is required", value == null ? "null" : "'" + value + "'");
        }
    }

    private static void checkDuration(String name, Duration value, Duration min, Duration max, boolean minInclusive)
            throws EcpConfigurationException {
        if (value == null) {
            throw problem(name, "is required", "null");
        }
        boolean tooSmall = minInclusive ? value.compareTo(min) < 0 : value.compareTo(min) <= 0;
        if (tooSmall || value.compareTo(max) > 0) {
            throw problem(name, "must be " + (minInclusive ? "at least " : "more than ") + min + " and at most "
                    + max, value.toString());
        }
    }

    private static EcpConfigurationException problem(String setting, String problem, String value) {
        return new EcpConfigurationException("setting " + setting + ": " + problem + " (value: " + value + ")");
    }
}
