package dev.samlec.testkit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.ldap.client.api.LdapConnectionConfig;
import org.apache.directory.ldap.client.api.LdapNetworkConnection;

/**
 * The IdP's open connections to its directory, kept between logins as IdPs keep theirs (Shibboleth's LDAP
 * authenticator pools them): {@link #take()} hands out an idle connection or opens a new one, and the caller gives it
 * back after use, or discards it after any failure. Only the TCP connection (and the client library's I/O threads) is
 * reused, never an outcome: every login binds anew as its user on whatever connection it gets, so the directory checks
 * each password (see {@link DirectoryAuthenticator}).
 *
 * <p>At most {@value #MAX_IDLE} idle connections are kept (more concurrent logins open more, closed when given back);
 * an idle connection the directory has dropped is closed when taken. Thread-safe. {@link #close()} closes the idle
 * ones, and every connection given back afterwards.
 */
final class DirectoryConnections implements AutoCloseable {
    static final int MAX_IDLE = 16;

    private final String host;
    private final int port;
    private final Duration timeout;
    private final Deque<LdapNetworkConnection> idle = new ArrayDeque<>();
    private boolean closed;

    DirectoryConnections(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    /** One connection for one login; {@code reused}: it served an earlier login (so it may have gone stale). */
    static final class Lease {
        private final LdapNetworkConnection connection;
        private final boolean reused;

        private Lease(LdapNetworkConnection connection, boolean reused) {
            this.connection = connection;
            this.reused = reused;
        }

        LdapNetworkConnection connection() {
            return connection;
        }

        boolean reused() {
            return reused;
        }
    }

    /**
     * An idle connection, or a new one (opened lazily by its first operation, within the timeout).
     *
     * @throws LdapException if the pool is closed
     */
    Lease take() throws LdapException {
        while (true) {
            LdapNetworkConnection connection;
            synchronized (this) {
                if (closed) {
                    throw new LdapException("the connections to ldap://" + host + ":" + port + " are closed");
                }
                connection = idle.pollFirst();
            }
            if (connection == null) {
                return new Lease(new OneTcpConnection(config()), false);
            }
            if (connection.isConnected()) {
                return new Lease(connection, true);
            }
            closeQuietly(connection);
        }
    }

    /** Keeps {@code lease}'s connection for a later login (or closes it when enough are idle or the pool is closed). */
    void giveBack(Lease lease) {
        LdapNetworkConnection connection = lease.connection;
        synchronized (this) {
            if (!closed && idle.size() < MAX_IDLE && connection.isConnected()) {
                idle.addFirst(connection);
                return;
            }
        }
        closeQuietly(connection);
    }

    /** Closes {@code lease}'s connection: it failed, and its state is unknown. */
    void discard(Lease lease) {
        closeQuietly(lease.connection);
    }

    /** The number of idle connections (for tests). */
    synchronized int idleCount() {
        return idle.size();
    }

    /** Closes every idle connection; connections given back later are closed too. Idempotent. */
    @Override
    public void close() {
        List<LdapNetworkConnection> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(idle);
            idle.clear();
        }
        toClose.forEach(DirectoryConnections::closeQuietly);
    }

    private LdapConnectionConfig config() {
        LdapConnectionConfig config = new LdapConnectionConfig();
        config.setLdapHost(host);
        config.setLdapPort(port);
        config.setConnectTimeout(timeout.toMillis());
        config.setTimeout(timeout.toMillis());
        return config;
    }

    private static void closeQuietly(LdapNetworkConnection connection) {
        try {
            connection.close();
        } catch (Exception e) {
            // a connection that cannot be closed cleanly is dropped all the same
        }
    }
}
