package dev.samlec.mech.metadata;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MDQ answers {@link MdqTrustSource} has in hand: trusted entities in one LRU of {@code maxEntries}, "not trusted"
 * ones in a separate LRU of {@code maxNegativeEntries}, so that a flood of unknown names never evicts a trusted IdP.
 * An entity is in at most one of them. Thread-safe (one lock for both).
 */
final class MdqCache {
    private final Map<String, MdqEntry> trusted;
    private final Map<String, MdqEntry> negative;

    MdqCache(int maxEntries, int maxNegativeEntries) {
        this.trusted = lru(maxEntries);
        this.negative = lru(maxNegativeEntries);
    }

    /** The entry in hand for {@code entityId}, trusted or not, or {@code null}. */
    synchronized MdqEntry get(String entityId) {
        MdqEntry entry = trusted.get(entityId);
        return entry != null ? entry : negative.get(entityId);
    }

    /** Keeps {@code entry} in the LRU its kind belongs to, replacing what was in hand for the entity. */
    synchronized void put(String entityId, MdqEntry entry) {
        if (entry.trusted()) {
            negative.remove(entityId);
            trusted.put(entityId, entry);
        } else {
            trusted.remove(entityId);
            negative.put(entityId, entry);
        }
    }

    /** For messages: {@code "<n> entities cached, <m> not trusted"}. */
    synchronized String describe() {
        return trusted.size() + " entities cached, " + negative.size() + " not trusted";
    }

    private static Map<String, MdqEntry> lru(int maxEntries) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, MdqEntry> eldest) {
                return size() > maxEntries;
            }
        };
    }
}
