package dev.samlec.sasl.internal;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.GeneratedKeyMaterial;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.sasl.SamlecAcceptor;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.security.auth.kerberos.EncryptionKey;

/**
 * The server's session key checks (draft section 5.3): what the acceptor offered, what the client chose (its
 * {@code samlec:SessionKey}) and what the IdP issued (the {@code samlec:GeneratedKey} in the validated, encrypted
 * assertion's Advice, read by mech's validator) must agree. Every disagreement is
 * {@link EcpError#SESSION_KEY_MISMATCH}, and its message names the offer, the choice and the issued key's length,
 * never the key.
 */
final class ServerSessionKey {
    private ServerSessionKey() {
    }

    /** Before validation: a choice is made exactly when something was offered, and it is one of the offer. */
    static void checkChoice(SamlecAcceptor acceptor, Optional<Integer> chosen) throws EcpException {
        List<Integer> offered = acceptor.sessionKeyEncTypes();
        if (offered.isEmpty() && chosen.isPresent()) {
            throw mismatch("the client chose session key type " + chosen.get() + " (samlec:SessionKey), but this"
                    + " server offered none");
        }
        if (!offered.isEmpty() && (chosen.isEmpty() || !offered.contains(chosen.get()))) {
            throw mismatch("the client chose session key type " + chosen.map(String::valueOf).orElse("(none)")
                    + " (samlec:SessionKey), not one of those this server offered, " + offered);
        }
    }

    /**
     * After validation: the key both sides derive, or empty when nothing was offered or the IdP issued no key and
     * the acceptor does not require one. The identity's copy of the generated key is destroyed in every case.
     */
    static Optional<EncryptionKey> derive(SamlecAcceptor acceptor, Optional<Integer> chosen, SamlIdentity identity)
            throws EcpException {
        Optional<GeneratedKeyMaterial> issued = identity.generatedKey();
        try {
            if (issued.isEmpty()) {
                if (acceptor.requireSessionKey()) {
                    throw mismatch("this server requires a session key, but the identity provider issued none (no"
                            + " samlec:GeneratedKey in the assertion's Advice; offered " + acceptor.sessionKeyEncTypes()
                            + ", chosen " + chosen.map(String::valueOf).orElse("(none)") + ")");
                }
                return Optional.empty();
            }
            if (chosen.isEmpty()) {
                return Optional.empty(); // nothing offered (checkChoice): the key is not this server's business
            }
            byte[] material = issued.get().bytes();
            try {
                if (!SessionKeys.fits(chosen.get(), material.length)) {
                    throw mismatch("the client chose session key type " + chosen.get() + " (offered "
                            + acceptor.sessionKeyEncTypes() + "), but the identity provider issued a "
                            + material.length + "-byte key, which does not fit it (17 takes 16 bytes, 18 takes 32)");
                }
                return Optional.of(SessionKeys.derive(chosen.get(), material));
            } finally {
                Arrays.fill(material, (byte) 0);
            }
        } finally {
            issued.ifPresent(GeneratedKeyMaterial::destroy);
        }
    }

    private static EcpException mismatch(String message) {
        return new EcpException(EcpError.SESSION_KEY_MISMATCH, message);
    }
}
