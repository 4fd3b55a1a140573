package dev.samlec.testkit;

import java.util.List;
import java.util.Objects;

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
