package dev.samlec.mech;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One SAML attribute of an authenticated subject: its Name, optional FriendlyName and its values as text.
 *
 * <p>Immutable. Each value is the full text content of one AttributeValue element.
 */
public final class SamlAttribute {
    private final String name;
    private final String friendlyName;
    private final List<String> values;

    /**
     * An attribute.
     *
     * @param name the Name (for example an OID URN); not blank
     * @param friendlyName the FriendlyName, or null
     * @param values the values in document order; copied
     */
    public SamlAttribute(String name, String friendlyName, List<String> values) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("attribute name must not be blank");
        }
        this.name = name;
        this.friendlyName = friendlyName;
        this.values = List.copyOf(values);
    }

    /** The Name. */
    public String name() {
        return name;
    }

    /** The FriendlyName, if the IdP sent one. */
    public Optional<String> friendlyName() {
        return Optional.ofNullable(friendlyName);
    }

    /** The values, in document order (possibly empty). */
    public List<String> values() {
        return values;
    }

    /** The first value, if there is one. */
    public Optional<String> firstValue() {
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SamlAttribute)) {
            return false;
        }
        SamlAttribute other = (SamlAttribute) o;
        return name.equals(other.name) && Objects.equals(friendlyName, other.friendlyName)
                && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, friendlyName, values);
    }

    /** Name and FriendlyName only: attribute values may be personal data. */
    @Override
    public String toString() {
        return friendlyName == null ? name : name + " (" + friendlyName + ")";
    }
}
