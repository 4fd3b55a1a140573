package dev.samlec.testkit.sp;

import dev.samlec.mech.SamlIdentity;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Logged-in sessions of the demo service, keyed by a random cookie value; bounded and expiring. */
final class SessionStore {
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final SecureRandom random;
    private final Clock clock;
    private final Duration lifetime;
    private final int maxSessions;

    SessionStore(SecureRandom random, Clock clock, Duration lifetime, int maxSessions) {
        this.random = random;
        this.clock = clock;
        this.lifetime = lifetime;
        this.maxSessions = maxSessions;
    }

    synchronized String create(SamlIdentity identity) {
        purgeExpired();
        if (sessions.size() >= maxSessions) {
            Iterator<String> oldest = sessions.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        sessions.put(id, new Session(identity, clock.instant().plus(lifetime)));
        return id;
    }

    synchronized Optional<SamlIdentity> find(String id) {
        Session s = sessions.get(id);
        if (s == null || !clock.instant().isBefore(s.expiresAt)) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.of(s.identity);
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !now.isBefore(s.expiresAt));
    }

    private record Session(SamlIdentity identity, Instant expiresAt) {
    }
}
