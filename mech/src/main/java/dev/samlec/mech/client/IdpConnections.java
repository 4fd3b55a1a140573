package dev.samlec.mech.client;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.internal.http.KeepAlive;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kept-alive connections to IdPs, shared by the logins of a process: {@link #client} gives an {@link IdpClient}
 * whose calls reuse the pooled connections of every earlier client with the same connection settings, instead of
 * a TCP connection and TLS handshake per login. Used by the SAML20EC client and the JAAS credential check unless
 * turned off ({@code dev.samlec.sasl.idpKeepAlive}, {@code idpKeepAlive}).
 *
 * <p>Safety. Connections are pooled per {@code TransportKey}: scheme, host and port of the SOAP URL, the TLS trust
 * and the TLS client identity (certificate chain and private key), the timeouts and size cap; so a connection made
 * with one client certificate or one trust is never used for another. Per-request credentials are not part of it:
 * HTTP Basic travels in a header of each request. Negotiate logins are never pooled (a server may authenticate a
 * Kerberos connection rather than the request), nor logins with an unreadable client key; each of those gets a
 * private pool closed with its client, as {@code new IdpClient(endpoint)}. Cookies are off, and HttpClient's own
 * authentication state is not used, so nothing else on a connection carries an identity. A call aborted by its call
 * timeout, a failed read or a too-large answer closes its connection; it never returns to the pool.
 *
 * <p>Bounds. At most {@code maxEntries} settings are kept (least recently used first out; its connections are closed
 * once its last client closes); an idle connection is closed after 15 s, or sooner when the server's
 * {@code Keep-Alive: timeout} says so; one idle for more than 1 s is checked before reuse, so one the server closed
 * meanwhile is replaced rather than failing the call; at most 1024 connections per host and port (so a login never
 * waits for connections held by other logins); no connection or TLS context is used for longer than 5 minutes, so a
 * changed trust store or server certificate is picked up under steady traffic. Settings unused for longer than the
 * idle limit are dropped with their TLS context (which holds the client key).
 *
 * <p>Thread-safe.
 */
public final class IdpConnections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IdpConnections.class);
    /** Settings kept by the process-wide instance. */
    static final int DEFAULT_MAX_ENTRIES = 32;
    private static final ScheduledThreadPoolExecutor SWEEPER = sweeper();
    private static final IdpConnections SHARED = new IdpConnections(DEFAULT_MAX_ENTRIES, KeepAlive.IDP,
            Duration.ofSeconds(5));

    private final int maxEntries;
    private final KeepAlive keepAlive;
    private final LinkedHashMap<TransportKey, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final java.util.concurrent.ScheduledFuture<?> sweep;
    private boolean closed;

    IdpConnections(int maxEntries, KeepAlive keepAlive, Duration sweepEvery) {
        this.maxEntries = maxEntries;
        this.keepAlive = keepAlive;
        this.sweep = SWEEPER.scheduleWithFixedDelay(this::sweep, sweepEvery.toMillis(), sweepEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The process-wide instance. */
    public static IdpConnections shared() {
        return SHARED;
    }

    /**
     * A client for {@code endpoint} on the shared connections of its settings (or on a private pool when they
     * must not be shared: see the class comment). Close it after the login; that keeps its connections for the
     * next one.
     *
     * @throws EcpConfigurationException if the TLS trust or client key cannot be used
     */
    public IdpClient client(IdpEndpoint endpoint) throws EcpConfigurationException {
        Optional<TransportKey> key = TransportKey.of(endpoint);
        if (key.isEmpty()) {
            return new IdpClient(endpoint);
        }
        Entry entry;
        List<Entry> retired = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return new IdpClient(endpoint);
            }
            entry = entries.get(key.get());
            if (entry != null && entry.olderThan(keepAlive.maxAge())) {
                // a busy setting still gets a new TLS context (system trust re-read) and new connections
                entries.remove(key.get());
                retired.add(entry);
                entry = null;
            }
            if (entry == null) {
                entry = new Entry(key.get(), IdpClient.transport(endpoint, keepAlive));
                entries.put(key.get(), entry);
                LOG.debug("keeping connections to {}", key.get());
                for (Iterator<Entry> it = entries.values().iterator(); entries.size() > maxEntries;) {
                    Entry eldest = it.next();
                    it.remove();
                    retired.add(eldest);
                }
            }
            entry.users++;
            entry.lastUsedNanos = System.nanoTime();
        }
        retired.forEach(Entry::retire);
        Entry leased = entry;
        return new IdpClient(endpoint, entry.transport, () -> leased.release());
    }

    /** Settings currently kept (for tests). */
    synchronized int size() {
        return entries.size();
    }

    /** Closes expired connections, and drops settings unused for longer than the idle limit. */
    void sweep() {
        try {
            sweepOnce();
        } catch (RuntimeException e) {
            LOG.debug("closing idle IdP connections failed: {}", e.toString());
        }
    }

    private void sweepOnce() {
        List<Entry> stale = new ArrayList<>();
        List<Entry> live;
        synchronized (this) {
            long now = System.nanoTime();
            for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
                Entry e = it.next();
                if (e.users == 0 && now - e.lastUsedNanos > keepAlive.idleLimit().toNanos()
                        || e.olderThan(keepAlive.maxAge())) {
                    it.remove();
                    stale.add(e);
                }
            }
            live = new ArrayList<>(entries.values());
        }
        stale.forEach(Entry::retire);
        live.forEach(e -> e.transport.closeExpired());
    }

    /** Closes every kept connection (for tests; the shared instance lives as long as the process). */
    @Override
    public void close() {
        List<Entry> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(entries.values());
            entries.clear();
        }
        sweep.cancel(false);
        all.forEach(Entry::retire);
    }

    /** One setting's transport and the clients using it. */
    private final class Entry {
        private final TransportKey key;
        private final HttpTransport transport;
        private final long createdNanos = System.nanoTime();
        private int users;
        private long lastUsedNanos;
        private boolean retired;

        Entry(TransportKey key, HttpTransport transport) {
            this.key = key;
            this.transport = transport;
        }

        boolean olderThan(Duration age) {
            return System.nanoTime() - createdNanos > age.toNanos();
        }

        void release() {
            boolean close;
            synchronized (IdpConnections.this) {
                users--;
                lastUsedNanos = System.nanoTime();
                close = retired && users == 0;
            }
            if (close) {
                closeTransport();
            }
        }

        void retire() {
            boolean close;
            synchronized (IdpConnections.this) {
                retired = true;
                close = users == 0;
            }
            if (close) {
                closeTransport();
            }
        }

        private void closeTransport() {
            LOG.debug("closing the kept connections to {}", key);
            try {
                transport.close();
            } catch (IOException e) {
                LOG.debug("closing the connections to {} failed: {}", key, e.toString());
            }
        }
    }

    private static ScheduledThreadPoolExecutor sweeper() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "samlec-idp-connections");
            thread.setDaemon(true);
            thread.setContextClassLoader(null); // never pins the class loader of whichever application came first
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
