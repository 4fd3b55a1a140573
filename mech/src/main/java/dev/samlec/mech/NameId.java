package dev.samlec.mech;

import java.util.Objects;
import java.util.Optional;

/**
 * The SAML NameID of an authenticated subject: its value and the optional qualifiers (SAML core §2.2.2).
 *
 * <p>Immutable. The value is exactly the element's text content as signed (comments are never part of it).
 */
public final class NameId {
    private final String value;
    private final String format;
    private final String nameQualifier;
    private final String spNameQualifier;
    private final String spProvidedId;

    /**
     * A NameID.
     *
     * @param value the identifier; not blank
     * @param format the Format URI, or null
     * @param nameQualifier the NameQualifier, or null
     * @param spNameQualifier the SPNameQualifier, or null
     * @param spProvidedId the SPProvidedID, or null
     */
    public NameId(String value, String format, String nameQualifier, String spNameQualifier, String spProvidedId) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("NameID value must not be blank");
        }
        this.value = value;
        this.format = format;
        this.nameQualifier = nameQualifier;
        this.spNameQualifier = spNameQualifier;
        this.spProvidedId = spProvidedId;
    }

    /** A NameID with only a value. */
    public static NameId of(String value) {
        return new NameId(value, null, null, null, null);
    }

    /** The identifier. */
    public String value() {
        return value;
    }

    /** The Format URI, e.g. {@code urn:oasis:names:tc:SAML:2.0:nameid-format:persistent}. */
    public Optional<String> format() {
        return Optional.ofNullable(format);
    }

    /** The NameQualifier (usually the IdP's entityID for persistent and transient identifiers). */
    public Optional<String> nameQualifier() {
        return Optional.ofNullable(nameQualifier);
    }

    /** The SPNameQualifier (usually this service's entityID). */
    public Optional<String> spNameQualifier() {
        return Optional.ofNullable(spNameQualifier);
    }

    /** The SPProvidedID. */
    public Optional<String> spProvidedId() {
        return Optional.ofNullable(spProvidedId);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NameId)) {
            return false;
        }
        NameId other = (NameId) o;
        return value.equals(other.value) && Objects.equals(format, other.format)
                && Objects.equals(nameQualifier, other.nameQualifier)
                && Objects.equals(spNameQualifier, other.spNameQualifier)
                && Objects.equals(spProvidedId, other.spProvidedId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, format, nameQualifier, spNameQualifier, spProvidedId);
    }

    @Override
    public String toString() {
        return format == null ? value : value + " (" + format + ")";
    }
}
