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
 * assertion's Advice, read by mech's validator) must agree. A client chooses only when it derived a key from the
 * IdP's header copy, so an offer answered without a choice means the client has no key: the server then derives
 * none either, whatever the Advice holds (decision D3). Every disagreement is {@link EcpError#SESSION_KEY_MISMATCH},
 * and its message names the offer, the choice and the issued key's length, never the key.
 */
final class ServerSessionKey {
    private ServerSessionKey() {
    }

    /**
     * Before validation: no choice when nothing was offered, and a choice, if made, is one of the offer. No choice
     * after an offer is allowed here: the client received no key ({@link #derive} decides what follows).
     */
    static void checkChoice(SamlecAcceptor acceptor, Optional<Integer> chosen) throws EcpException {
        List<Integer> offered = acceptor.sessionKeyEncTypes();
        if (offered.isEmpty() && chosen.isPresent()) {
            throw mismatch("the client chose session key type " + chosen.get() + " (samlec:SessionKey), but this"
                    + " server offered none");
        }
        if (chosen.isPresent() && !offered.contains(chosen.get())) {
            throw mismatch("the client chose session key type " + chosen.get() + " (samlec:SessionKey), not one of"
                    + " those this server offered, " + offered);
        }
    }

    /**
     * After validation: the key both sides derive, or empty when nothing was offered, when the client made no
     * choice (it received no key) or when the IdP issued none to the server, unless the acceptor requires a key.
     * The identity's copy of the generated key is destroyed in every case.
     */
    static Optional<EncryptionKey> derive(SamlecAcceptor acceptor, Optional<Integer> chosen, SamlIdentity identity)
            throws EcpException {
        Optional<GeneratedKeyMaterial> issued = identity.generatedKey();
        try {
            if (acceptor.sessionKeyEncTypes().isEmpty()) {
                return Optional.empty(); // nothing offered: the key is not this server's business
            }
            if (chosen.isEmpty()) {
                // A key from the Advice alone would be one the client does not hold.
                if (acceptor.requireSessionKey()) {
                    throw mismatch("this server requires a session key, but the client received none from the"
                            + " identity provider (its response makes no samlec:SessionKey choice; offered "
                            + acceptor.sessionKeyEncTypes() + "; the assertion's Advice holds "
                            + (issued.isPresent() ? "a " + issued.get().length() + "-byte key the client lacks"
                                    : "no key either") + ")");
                }
                return Optional.empty();
            }
            if (issued.isEmpty()) {
                if (acceptor.requireSessionKey()) {
                    throw mismatch("this server requires a session key, but the identity provider issued none (no"
                            + " samlec:GeneratedKey in the assertion's Advice; offered " + acceptor.sessionKeyEncTypes()
                            + ", chosen " + chosen.get() + ")");
                }
                return Optional.empty();
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
