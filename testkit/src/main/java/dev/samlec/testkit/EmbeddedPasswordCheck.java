package dev.samlec.testkit;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.apache.directory.api.ldap.model.exception.LdapAuthenticationException;
import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.api.ldap.model.exception.LdapInvalidDnException;
import org.apache.directory.api.ldap.model.exception.LdapNoSuchObjectException;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.server.core.api.CoreSession;
import org.apache.directory.server.core.api.DirectoryService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a user name and password in process, against the IdP's own embedded directory: a simple bind as
 * {@code uid=<escaped name>,ou=people,dc=samlec,dc=dev} through the directory service's operation chain (its
 * authentication interceptor compares the password, as for a bind over LDAP), then, in the session that bind
 * opened, the same reads as {@link DirectoryAuthenticator}. No network, no connection pool, no thread hand-off: an
 * IdP handler thread does the whole login itself.
 *
 * <p>Thread-safe. Refuses the same names and passwords before asking the directory
 * ({@link PasswordCheck#bindDn}); a stopped directory service is an IOException.
 */
final class EmbeddedPasswordCheck implements PasswordCheck {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPasswordCheck.class);

    private final DirectoryService service;
    private volatile boolean closed;

    EmbeddedPasswordCheck(DirectoryService service) {
        this.service = service;
    }

    @Override
    public Optional<DirectoryUser> authenticate(String user, char[] password) throws IOException {
        Optional<Dn> dn = PasswordCheck.bindDn(user, password);
        if (dn.isEmpty()) {
            return Optional.empty();
        }
        if (closed || !service.isStarted()) {
            throw new IOException("the embedded directory is closed");
        }
        Optional<CoreSession> session = bind(dn.get(), password);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(DirectoryLookup.read(service, session.get(), dn.get()));
        } catch (LdapException e) {
            throw new IOException("the embedded directory failed reading " + dn.get() + ": " + e.getMessage(), e);
        } finally {
            unbind(session.get());
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private Optional<CoreSession> bind(Dn dn, char[] password) throws IOException {
        byte[] secret = PasswordCheck.utf8(password);
        try {
            CoreSession session = service.getSession(new Dn(service.getSchemaManager(), dn.getName()), secret);
            if (session == null) {
                throw new IOException("the embedded directory bound as " + dn + " without a session");
            }
            return Optional.of(session);
        } catch (LdapAuthenticationException | LdapNoSuchObjectException | LdapInvalidDnException e) {
            LOG.debug("bind as {} refused: {}", dn, e.getMessage());
            return Optional.empty();
        } catch (LdapException e) {
            throw new IOException("the embedded directory failed binding as " + dn + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new IOException("the embedded directory is not running: " + e.getMessage(), e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static void unbind(CoreSession session) {
        try {
            session.unbind();
        } catch (LdapException | RuntimeException e) {
            LOG.debug("unbinding an embedded directory session failed: {}", e.toString());
        }
    }
}
