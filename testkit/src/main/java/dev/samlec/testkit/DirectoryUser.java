package dev.samlec.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.directory.api.ldap.model.entry.Attribute;
import org.apache.directory.api.ldap.model.entry.Entry;
import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.api.ldap.model.filter.FilterEncoder;
import org.apache.directory.api.ldap.model.name.Dn;

/** A user as the directory describes them after a successful bind: uid, cn, mail and group names (cn). */
final class DirectoryUser {
    private final String uid;
    private final String commonName;
    private final String mail;
    private final List<String> groups;

    DirectoryUser(String uid, String commonName, String mail, List<String> groups) {
        this.uid = Objects.requireNonNull(uid, "uid");
        this.commonName = commonName;
        this.mail = mail;
        this.groups = List.copyOf(groups);
    }

    /**
     * The search filter for the groups of {@code user}, under {@link DemoDirectory#GROUPS_DN} one level: those whose
     * {@code member} or {@code uniqueMember} is the user's DN (escaped for the filter).
     */
    static String groupFilter(Dn user) {
        return FilterEncoder.format("(|(member={0})(uniqueMember={1}))", user.getName(), user.getName());
    }

    /** The user of {@code entry} (its uid, cn and mail) with the cn of each of {@code groups}, sorted. */
    static DirectoryUser read(Entry entry, Iterable<Entry> groups) throws LdapException {
        List<String> names = new ArrayList<>();
        for (Entry group : groups) {
            String cn = first(group.get("cn"));
            if (cn != null) {
                names.add(cn);
            }
        }
        Collections.sort(names);
        return new DirectoryUser(first(entry.get("uid")), first(entry.get("cn")), first(entry.get("mail")), names);
    }

    private static String first(Attribute attribute) throws LdapException {
        return attribute == null ? null : attribute.getString();
    }

    String uid() {
        return uid;
    }

    /** The cn, or {@code null} when the entry has none. */
    String commonName() {
        return commonName;
    }

    /** The mail address, or {@code null} when the entry has none. */
    String mail() {
        return mail;
    }

    /** The cn of every group whose member or uniqueMember is the user, sorted. */
    List<String> groups() {
        return groups;
    }

    @Override
    public String toString() {
        return "DirectoryUser[uid=" + uid + ", groups=" + groups + "]";
    }
}
