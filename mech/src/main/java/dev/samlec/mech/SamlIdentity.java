package dev.samlec.mech;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity a service accepted from a validated SAML Response: who the subject is, which IdP said so, and what the
 * IdP said about the authentication.
 *
 * <p>Every field except {@link #responseId()} comes from the one top-level assertion that was covered by a trusted
 * signature and passed every check. Immutable; {@link #toString()} shows the NameID and the issuer only, since attribute values may be personal
 * data.
 */
public final class SamlIdentity {
    private final NameId nameId;
    private final List<SamlAttribute> attributes;
    private final String issuer;
    private final Instant authnInstant;
    private final String authnContextClassRef;
    private final String sessionIndex;
    private final String assertionId;
    private final String responseId;
    private final Instant expiry;
    private final GeneratedKeyMaterial generatedKey;

    private SamlIdentity(Builder b) {
        this.nameId = Objects.requireNonNull(b.nameId, "nameId");
        this.attributes = List.copyOf(b.attributes);
        this.issuer = requireText(b.issuer, "issuer");
        this.authnInstant = b.authnInstant;
        this.authnContextClassRef = b.authnContextClassRef;
        this.sessionIndex = b.sessionIndex;
        this.assertionId = requireText(b.assertionId, "assertionId");
        this.responseId = requireText(b.responseId, "responseId");
        this.expiry = Objects.requireNonNull(b.expiry, "expiry");
        this.generatedKey = b.generatedKey;
    }

    /** A builder; nameId, issuer, assertionId, responseId and expiry are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The subject's NameID. */
    public NameId nameId() {
        return nameId;
    }

    /** The attributes in document order (possibly empty). */
    public List<SamlAttribute> attributes() {
        return attributes;
    }

    /** The first attribute whose Name equals {@code nameOrFriendlyName}, else the first whose FriendlyName does. */
    public Optional<SamlAttribute> attribute(String nameOrFriendlyName) {
        for (SamlAttribute a : attributes) {
            if (a.name().equals(nameOrFriendlyName)) {
                return Optional.of(a);
            }
        }
        for (SamlAttribute a : attributes) {
            if (a.friendlyName().filter(nameOrFriendlyName::equals).isPresent()) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The entityID of the identity provider that issued (and signed) the assertion. */
    public String issuer() {
        return issuer;
    }

    /** The AuthnStatement's AuthnInstant. */
    public Optional<Instant> authnInstant() {
        return Optional.ofNullable(authnInstant);
    }

    /** The AuthnStatement's AuthnContextClassRef, e.g. {@code ...:ac:classes:PasswordProtectedTransport}. */
    public Optional<String> authnContextClassRef() {
        return Optional.ofNullable(authnContextClassRef);
    }

    /** The AuthnStatement's SessionIndex (needed for single logout). */
    public Optional<String> sessionIndex() {
        return Optional.ofNullable(sessionIndex);
    }

    /** The assertion's ID. */
    public String assertionId() {
        return assertionId;
    }

    /**
     * The enclosing Response's ID, for logs only: when just the assertion is signed, the Response around it (and so
     * this value) is not covered by any signature.
     */
    public String responseId() {
        return responseId;
    }

    /** When the assertion stops being usable: the earliest of the Conditions' and the confirmation's NotOnOrAfter. */
    public Instant expiry() {
        return expiry;
    }

    /**
     * The {@code samlec:GeneratedKey} in the validated (decrypted) assertion's Advice, if the IdP issued one (SAML-EC
     * session keys). Secret; the SAML20EC server derives the session key from it and destroys it.
     */
    public Optional<GeneratedKeyMaterial> generatedKey() {
        return Optional.ofNullable(generatedKey);
    }

    /** This identity with {@code replacement} as its attributes (a validation step that drops values uses it). */
    public SamlIdentity withAttributes(List<SamlAttribute> replacement) {
        Builder b = new Builder();
        b.nameId = nameId;
        b.attributes.addAll(replacement);
        b.issuer = issuer;
        b.authnInstant = authnInstant;
        b.authnContextClassRef = authnContextClassRef;
        b.sessionIndex = sessionIndex;
        b.assertionId = assertionId;
        b.responseId = responseId;
        b.expiry = expiry;
        b.generatedKey = generatedKey;
        return new SamlIdentity(b);
    }

    @Override
    public String toString() {
        return "SamlIdentity[nameId=" + nameId.value() + ", issuer=" + issuer + "]";
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    /** Collects the fields of a {@link SamlIdentity}. */
    public static final class Builder {
        private NameId nameId;
        private final List<SamlAttribute> attributes = new ArrayList<>();
        private String issuer;
        private Instant authnInstant;
        private String authnContextClassRef;
        private String sessionIndex;
        private String assertionId;
        private String responseId;
        private Instant expiry;
        private GeneratedKeyMaterial generatedKey;

        private Builder() {
        }

        /** Sets the generated key from the assertion's Advice (may be null: none issued). */
        public Builder generatedKey(GeneratedKeyMaterial value) {
            this.generatedKey = value;
            return this;
        }

        /** Sets the NameID. */
        public Builder nameId(NameId value) {
            this.nameId = value;
            return this;
        }

        /** Adds one attribute. */
        public Builder attribute(SamlAttribute value) {
            this.attributes.add(Objects.requireNonNull(value, "attribute"));
            return this;
        }

        /** Sets the issuer entityID. */
        public Builder issuer(String value) {
            this.issuer = value;
            return this;
        }

        /** Sets the AuthnInstant (may be null). */
        public Builder authnInstant(Instant value) {
            this.authnInstant = value;
            return this;
        }

        /** Sets the AuthnContextClassRef (may be null). */
        public Builder authnContextClassRef(String value) {
            this.authnContextClassRef = value;
            return this;
        }

        /** Sets the SessionIndex (may be null). */
        public Builder sessionIndex(String value) {
            this.sessionIndex = value;
            return this;
        }

        /** Sets the assertion ID. */
        public Builder assertionId(String value) {
            this.assertionId = value;
            return this;
        }

        /** Sets the Response ID. */
        public Builder responseId(String value) {
            this.responseId = value;
            return this;
        }

        /** Sets the expiry. */
        public Builder expiry(Instant value) {
            this.expiry = value;
            return this;
        }

        /** The identity; throws {@link IllegalArgumentException} or {@link NullPointerException} if incomplete. */
        public SamlIdentity build() {
            return new SamlIdentity(this);
        }
    }
}
