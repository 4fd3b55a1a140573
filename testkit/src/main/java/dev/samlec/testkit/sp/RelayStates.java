package dev.samlec.testkit.sp;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Opaque RelayState values mapped to the local path the client asked for, so no URL travels through the IdP and
 * the value stays under the 80-byte limit; each is redeemed once.
 */
final class RelayStates {
    private static final int MAX_PENDING = 10_000;
    private final Map<String, String> pending = new LinkedHashMap<>();
    private final SecureRandom random;

    RelayStates(SecureRandom random) {
        this.random = random;
    }

    synchronized String remember(String localPath) {
        if (pending.size() >= MAX_PENDING) {
            Iterator<String> oldest = pending.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String key = "rs:" + HexFormat.of().formatHex(bytes);
        pending.put(key, localPath);
        return key;
    }

    synchronized Optional<String> redeem(String key) {
        return Optional.ofNullable(pending.remove(key));
    }
}
