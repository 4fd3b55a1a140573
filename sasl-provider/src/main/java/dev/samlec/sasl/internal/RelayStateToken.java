package dev.samlec.sasl.internal;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The opaque {@code ecp:RelayState} of one SAML20EC challenge: 16 random bytes, base64url without padding (22
 * characters, well under the 80-byte limit), which the client must echo unchanged (SAML profiles 4.2.4.5). The
 * draft makes it optional; mech_saml_ec refuses a challenge without one, so samlec always sends it. The echo is
 * compared as opaque bytes (attacks.md ECP-2); missing or different is {@link EcpError#RELAY_STATE_MISMATCH}.
 */
final class RelayStateToken {
    private static final int RANDOM_BYTES = 16;

    private final String value;

    private RelayStateToken(String value) {
        this.value = value;
    }

    /** A fresh token from {@code random}. */
    static RelayStateToken next(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return new RelayStateToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The text sent in the challenge. */
    String value() {
        return value;
    }

    /** Checks the client's echo. */
    void checkEcho(Optional<String> echoed) throws EcpException {
        if (echoed.isEmpty()) {
            throw new EcpException(EcpError.RELAY_STATE_MISMATCH, "the client's answer has no ecp:RelayState; this"
                    + " server's challenge sent one, which the client must echo unchanged");
        }
        if (!MessageDigest.isEqual(echoed.get().getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8))) {
            throw new EcpException(EcpError.RELAY_STATE_MISMATCH, "the client's ecp:RelayState ("
                    + echoed.get().length() + " characters) is not the one this exchange's challenge sent; it must"
                    + " be echoed unchanged");
        }
    }
}
