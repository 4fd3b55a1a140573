package dev.samlec.apacheds;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.directory.api.ldap.model.cursor.Cursor;
import org.apache.directory.api.ldap.model.entry.Attribute;
import org.apache.directory.api.ldap.model.entry.Entry;
import org.apache.directory.api.ldap.model.entry.Value;
import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.api.ldap.model.exception.LdapInvalidDnException;
import org.apache.directory.api.ldap.model.exception.LdapNoSuchObjectException;
import org.apache.directory.api.ldap.model.filter.FilterEncoder;
import org.apache.directory.api.ldap.model.filter.FilterParser;
import org.apache.directory.api.ldap.model.message.AliasDerefMode;
import org.apache.directory.api.ldap.model.message.SearchScope;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.server.core.api.CoreSession;
import org.apache.directory.server.core.api.DirectoryService;

/**
 * The directory reads the identity mapping needs, done with the server's admin session (the mapping is the
 * server's own policy, not the unauthenticated client's request). DNs are schema-aware, so they compare normalised.
 */
final class DirectoryEntries {
    private final DirectoryService service;

    DirectoryEntries(DirectoryService service) {
        this.service = service;
    }

    /** A schema-aware DN; empty when {@code name} is not a valid DN. */
    Optional<Dn> parse(String name) {
        try {
            return Optional.of(new Dn(service.getSchemaManager(), name));
        } catch (LdapInvalidDnException e) {
            return Optional.empty();
        }
    }

    /** The DNs of at most two entries with {@code attribute = value} under {@code base} (two: ambiguous). */
    List<Dn> search(Dn base, String attribute, String value) throws LdapException {
        String filter = "(" + attribute + "=" + FilterEncoder.encodeFilterValue(value) + ")";
        List<Dn> found = new ArrayList<>(2);
        CoreSession admin = service.getAdminSession();
        try (Cursor<Entry> cursor = admin.search(base, SearchScope.SUBTREE, FilterParser.parse(filter),
                AliasDerefMode.NEVER_DEREF_ALIASES, "1.1")) {
            for (Entry entry : cursor) {
                found.add(entry.getDn());
                if (found.size() > 1) {
                    break;
                }
            }
        } catch (LdapException e) {
            throw e;
        } catch (Exception e) {
            throw new LdapException("the search " + filter + " under " + base.getName() + " failed: " + e, e);
        }
        return found;
    }

    /** Whether {@code dn} names an existing entry (false also when no partition holds it). */
    boolean exists(Dn dn) throws LdapException {
        try {
            return service.getAdminSession().exists(dn);
        } catch (LdapNoSuchObjectException e) {
            return false;
        }
    }

    /** Whether {@code member} is listed in the {@code member} or {@code uniqueMember} values of {@code group}. */
    boolean isMember(Dn group, Dn member) throws LdapException {
        if (!exists(group)) {
            return false;
        }
        CoreSession admin = service.getAdminSession();
        Entry entry = admin.lookup(group, "member", "uniqueMember");
        return entry != null && (lists(entry.get("member"), member) || lists(entry.get("uniqueMember"), member));
    }

    private boolean lists(Attribute values, Dn member) {
        if (values == null) {
            return false;
        }
        for (Value value : values) {
            // uniqueMember may carry an optional "#'...'B" uid suffix (RFC 4517 nameAndOptionalUID)
            String name = value.getString().replaceFirst("#'[01]*'B$", "");
            if (parse(name).filter(member::equals).isPresent()) {
                return true;
            }
        }
        return false;
    }
}
