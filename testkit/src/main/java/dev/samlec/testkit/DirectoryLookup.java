package dev.samlec.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.directory.api.ldap.model.cursor.Cursor;
import org.apache.directory.api.ldap.model.cursor.CursorException;
import org.apache.directory.api.ldap.model.entry.Entry;
import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.api.ldap.model.exception.LdapInvalidDnException;
import org.apache.directory.api.ldap.model.filter.FilterParser;
import org.apache.directory.api.ldap.model.message.AliasDerefMode;
import org.apache.directory.api.ldap.model.message.SearchScope;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.server.core.api.CoreSession;
import org.apache.directory.server.core.api.DirectoryService;

/**
 * Finds a user by uid without their password, in process through the directory's admin session: for logins where
 * something else (a verified TLS client certificate) already proved who the user is. Reads the same uid, cn, mail and
 * groups as {@link DirectoryAuthenticator}; {@link #read} is those reads, also for {@link EmbeddedPasswordCheck}.
 */
final class DirectoryLookup {
    private static final int MAX_UID_LENGTH = 256;

    private DirectoryLookup() {
    }

    /** The user {@code uid=<uid>,ou=people,...}, or empty when there is none. */
    static Optional<DirectoryUser> find(DirectoryService service, String uid) throws IOException {
        if (uid.isEmpty() || uid.length() > MAX_UID_LENGTH) {
            return Optional.empty();
        }
        try {
            Dn dn = DirectoryAuthenticator.userDn(uid);
            CoreSession admin = service.getAdminSession();
            if (!admin.exists(dn)) {
                return Optional.empty();
            }
            return Optional.of(read(service, admin, dn));
        } catch (LdapInvalidDnException e) {
            return Optional.empty();
        } catch (LdapException e) {
            throw new IOException("the directory lookup of uid " + uid + " failed: " + e.getMessage(), e);
        }
    }

    /** The uid, cn, mail and groups of the existing entry {@code dn}, read in {@code session}. */
    static DirectoryUser read(DirectoryService service, CoreSession session, Dn dn) throws LdapException, IOException {
        Entry entry = session.lookup(dn, "uid", "cn", "mail");
        if (entry == null) {
            throw new LdapException("entry " + dn + " is not readable");
        }
        try (Cursor<Entry> groups = session.search(new Dn(service.getSchemaManager(), DemoDirectory.GROUPS_DN),
                SearchScope.ONELEVEL, FilterParser.parse(service.getSchemaManager(), DirectoryUser.groupFilter(dn)),
                AliasDerefMode.NEVER_DEREF_ALIASES, "cn")) {
            // next() rather than the cursor's Iterable, which turns a failing read into "no more groups"
            List<Entry> found = new ArrayList<>();
            while (groups.next()) {
                found.add(groups.get());
            }
            return DirectoryUser.read(entry, found);
        } catch (CursorException e) {
            throw new IOException("the group search for " + dn + " failed: " + e.getMessage(), e);
        } catch (java.text.ParseException e) {
            throw new IOException("the group filter cannot be parsed: " + e.getMessage(), e);
        }
    }
}
