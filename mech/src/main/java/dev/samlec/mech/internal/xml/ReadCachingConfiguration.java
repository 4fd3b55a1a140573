package dev.samlec.mech.internal.xml;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.opensaml.core.config.Configuration;
import org.opensaml.core.config.ConfigurationService;

/**
 * OpenSAML's configuration store with lock-free reads: every {@code ConfigurationService.get} (several per
 * unmarshalled element: the provider registry, ID attributes) is answered from an immutable snapshot of what was
 * read before; a miss reads the wrapped store under one lock and adds to the snapshot, and {@code register} or
 * {@code deregister} writes the wrapped store and empties the snapshot under the same lock, so no read is ever
 * cached from before a write. OpenSAML's {@code MapBasedConfiguration} takes a monitor for every read.
 */
final class ReadCachingConfiguration implements Configuration {
    private final Configuration store;
    private final Object writes = new Object();
    private volatile Map<Key, Object> snapshot = Map.of();

    private ReadCachingConfiguration(Configuration store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Puts a read-caching view in front of the configuration {@code ConfigurationService} uses now (whatever was
     * registered in it stays), unless one is there already.
     */
    static void install() {
        Configuration current = CurrentConfiguration.get();
        if (!(current instanceof ReadCachingConfiguration)) {
            ConfigurationService.setConfiguration(new ReadCachingConfiguration(current));
        }
    }

    @Override
    public <T> T get(Class<T> configClass, String partitionName) {
        Key key = new Key(configClass.getName(), partitionName);
        Object value = snapshot.get(key);
        if (value != null) {
            return configClass.cast(value);
        }
        synchronized (writes) {
            T read = store.get(configClass, partitionName);
            if (read != null) {
                Map<Key, Object> next = new HashMap<>(snapshot);
                next.put(key, read);
                snapshot = Map.copyOf(next);
            }
            return read;
        }
    }

    @Override
    public <T, I extends T> void register(Class<T> configClass, I configuration, String partitionName) {
        synchronized (writes) {
            store.register(configClass, configuration, partitionName);
            snapshot = Map.of();
        }
    }

    @Override
    public <T> T deregister(Class<T> configClass, String partitionName) {
        synchronized (writes) {
            T removed = store.deregister(configClass, partitionName);
            snapshot = Map.of();
            return removed;
        }
    }

    private record Key(String className, String partition) {
    }

    /** Reaches {@code ConfigurationService.getConfiguration()}, which is protected. */
    private static final class CurrentConfiguration extends ConfigurationService {
        static Configuration get() {
            return getConfiguration();
        }
    }
}
