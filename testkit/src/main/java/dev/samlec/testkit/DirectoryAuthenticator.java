package dev.samlec.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.directory.api.ldap.model.cursor.CursorException;
import org.apache.directory.api.ldap.model.cursor.EntryCursor;
import org.apache.directory.api.ldap.model.entry.Entry;
import org.apache.directory.api.ldap.model.exception.LdapAuthenticationException;
import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.api.ldap.model.exception.LdapInvalidDnException;
import org.apache.directory.api.ldap.model.message.BindRequestImpl;
import org.apache.directory.api.ldap.model.message.BindResponse;
import org.apache.directory.api.ldap.model.message.ResultCodeEnum;
import org.apache.directory.api.ldap.model.message.SearchResultDone;
import org.apache.directory.api.ldap.model.message.SearchScope;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.api.ldap.model.name.Rdn;
import org.apache.directory.ldap.client.api.LdapNetworkConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a user name and password the way IdPs do for ECP: an LDAP simple bind as
 * {@code uid=<escaped name>,ou=people,dc=samlec,dc=dev}, then, still bound as the user, reads uid/cn/mail and the
 * groups whose {@code member} or {@code uniqueMember} is the user's DN.
 *
 * <p>Every call binds: the connection comes from {@link DirectoryConnections} (an idle one is reused, as IdPs pool
 * theirs), but nothing is read on it before this call's own bind as this call's user succeeded, and no outcome is
 * remembered. A failed bind leaves the connection anonymous (RFC 4513 4) and it is reused; any other failure closes
 * it. A reused connection that fails is retried once on a new one (the directory may have dropped it while idle).
 *
 * <p>The LDAP client library would reconnect on its own, sending an operation on a connection the directory closed
 * over a new, anonymous one; the pool's connections ({@link OneTcpConnection}) refuse that, so a read after a close
 * fails like any directory error (retried once when the connection was a reused one). The group search counts only
 * when the directory ended it with success: a refused, cancelled or truncated search is a failure, not "no groups".
 *
 * <p>Thread-safe: a connection serves one call at a time. Empty names or passwords are refused before any LDAP
 * traffic ({@link PasswordCheck#bindDn}). {@link #close()} closes the idle connections.
 */
final class DirectoryAuthenticator implements PasswordCheck {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryAuthenticator.class);

    private final String host;
    private final int port;
    private final DirectoryConnections connections;
    private final Consumer<LdapNetworkConnection> afterBind;

    DirectoryAuthenticator(String host, int port, Duration timeout) {
        this(host, port, timeout, connection -> { });
    }

    /** For tests only: {@code afterBind} runs on the connection after each successful bind, before any read. */
    DirectoryAuthenticator(String host, int port, Duration timeout, Consumer<LdapNetworkConnection> afterBind) {
        this.host = host;
        this.port = port;
        this.connections = new DirectoryConnections(host, port, timeout);
        this.afterBind = afterBind;
    }

    @Override
    public Optional<DirectoryUser> authenticate(String user, char[] password) throws IOException {
        Optional<Dn> dn = PasswordCheck.bindDn(user, password);
        if (dn.isEmpty()) {
            return Optional.empty();
        }
        byte[] secret = PasswordCheck.utf8(password);
        try {
            return authenticate(dn.get(), secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Closes the idle directory connections; later calls fail with an IOException. Idempotent. */
    @Override
    public void close() {
        connections.close();
    }

    /** The number of idle directory connections (for tests). */
    int idleConnections() {
        return connections.idleCount();
    }

    private Optional<DirectoryUser> authenticate(Dn dn, byte[] secret) throws IOException {
        for (boolean retried = false; ; retried = true) {
            DirectoryConnections.Lease lease;
            try {
                lease = connections.take();
            } catch (LdapException e) {
                throw failed(e);
            }
            boolean reusable = false;
            try {
                Optional<DirectoryUser> user = Optional.empty();
                if (bind(lease.connection(), dn, secret)) {
                    afterBind.accept(lease.connection());
                    user = Optional.of(readUser(lease.connection(), dn));
                }
                reusable = true;
                return user;
            } catch (LdapException e) {
                if (!lease.reused() || retried) {
                    throw failed(e);
                }
                LOG.debug("a reused directory connection failed ({}); once more on a new one", e.getMessage());
            } finally {
                if (reusable) {
                    connections.giveBack(lease);
                } else {
                    connections.discard(lease);
                }
            }
        }
    }

    private IOException failed(LdapException e) {
        return new IOException("directory ldap://" + host + ":" + port + " failed: " + e.getMessage(), e);
    }

    /** The user's DN; the name is one escaped RDN value, so "alice,ou=x" cannot add DN components. */
    static Dn userDn(String user) throws LdapInvalidDnException {
        return new Dn("uid=" + Rdn.escapeValue(user) + "," + DemoDirectory.PEOPLE_DN);
    }

    private static boolean bind(LdapNetworkConnection connection, Dn dn, byte[] secret) throws LdapException {
        BindResponse response;
        try {
            response = connection.bind(new BindRequestImpl().setDn(dn).setCredentials(secret).setSimple(true));
        } catch (LdapAuthenticationException e) {
            LOG.debug("bind as {} refused: {}", dn, e.getMessage());
            return false;
        }
        ResultCodeEnum result = response.getLdapResult().getResultCode();
        if (result == ResultCodeEnum.SUCCESS) {
            return true;
        }
        if (result == ResultCodeEnum.INVALID_CREDENTIALS || result == ResultCodeEnum.INVALID_DN_SYNTAX
                || result == ResultCodeEnum.NO_SUCH_OBJECT || result == ResultCodeEnum.INAPPROPRIATE_AUTHENTICATION) {
            LOG.debug("bind as {} refused: {}", dn, result);
            return false;
        }
        throw new LdapException("bind answered " + result + ": " + response.getLdapResult().getDiagnosticMessage());
    }

    private static DirectoryUser readUser(LdapNetworkConnection connection, Dn dn) throws LdapException {
        Entry entry = connection.lookup(dn, "uid", "cn", "mail");
        if (entry == null) {
            throw new LdapException("entry " + dn + " is not readable after a successful bind");
        }
        List<Entry> groups = new ArrayList<>();
        try (EntryCursor cursor = connection.search(DemoDirectory.GROUPS_DN, DirectoryUser.groupFilter(dn),
                SearchScope.ONELEVEL, "cn")) {
            while (cursor.next()) {
                groups.add(cursor.get());
            }
            SearchResultDone done = cursor.getSearchResultDone();
            if (done == null || done.getLdapResult().getResultCode() != ResultCodeEnum.SUCCESS) {
                throw new LdapException("the group search for " + dn + " ended with "
                        + (done == null ? "no result (cancelled)" : done.getLdapResult().getResultCode()));
            }
            return DirectoryUser.read(entry, groups);
        } catch (CursorException | IOException e) {
            throw new LdapException("group search failed: " + e.getMessage(), e);
        }
    }
}
