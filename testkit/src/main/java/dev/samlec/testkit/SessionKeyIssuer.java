package dev.samlec.testkit;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * The IdP's SAML-EC session keys (draft section 5.3.1; Kantara saml2int IIP-IDP15): fresh random bytes for each
 * successful login of an SP that has an encryption certificate registered, since the draft requires the assertion
 * carrying a key to be encrypted. The IdP never sees which enctypes the service offered (the client sends it the
 * AuthnRequest alone), so the length is the registration's ({@link ServiceProviderRegistration#generatedKeyBytes()},
 * 32 by default as Shibboleth issues).
 */
final class SessionKeyIssuer {
    static final int DEFAULT_KEY_BYTES = 32;

    private final SecureRandom random;

    SessionKeyIssuer(SecureRandom random) {
        this.random = random;
    }

    /** A new key for {@code sp}, or empty when it registered no encryption certificate or wants no key. */
    Optional<byte[]> issueFor(ServiceProviderRegistration sp) {
        if (sp.encryptionCertificate().isEmpty() || sp.generatedKeyBytes() == 0) {
            return Optional.empty();
        }
        byte[] key = new byte[sp.generatedKeyBytes()];
        random.nextBytes(key);
        return Optional.of(key);
    }
}
