package dev.samlec.mech.metadata;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which IdPs of a federation aggregate a service trusts: every one, or those passing each criterion given. Criteria
 * combine with AND: an entity must be on the entityID allow-list (if one is given), registered by one of the given
 * registration authorities (if any), and carry every given entity attribute {@code name=value} (for example the
 * REFEDS Research and Scholarship category, {@code http://macedir.org/entity-category=
 * http://refeds.org/category/research-and-scholarship}). Immutable and thread-safe.
 */
public final class FederationFilter {
    private static final FederationFilter ALL = new FederationFilter(Set.of(), Set.of(), List.of());

    private final Set<String> entityIds;
    private final Set<String> registrationAuthorities;
    private final List<EntityAttribute> entityAttributes;

    private FederationFilter(Set<String> entityIds, Set<String> registrationAuthorities,
            List<EntityAttribute> entityAttributes) {
        this.entityIds = entityIds;
        this.registrationAuthorities = registrationAuthorities;
        this.entityAttributes = entityAttributes;
    }

    /** No filter: every IdP of the aggregate is trusted. */
    public static FederationFilter all() {
        return ALL;
    }

    /** A builder; with nothing set it builds {@link #all()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code entity} passes every criterion. */
    public boolean accepts(FederationEntity entity) {
        if (!entityIds.isEmpty() && !entityIds.contains(entity.entityId())) {
            return false;
        }
        if (!registrationAuthorities.isEmpty() && !entity.registrationAuthority()
                .filter(registrationAuthorities::contains).isPresent()) {
            return false;
        }
        for (EntityAttribute attribute : entityAttributes) {
            if (!entity.hasEntityAttribute(attribute.name, attribute.value)) {
                return false;
            }
        }
        return true;
    }

    /** Whether this filter lets every IdP through. */
    public boolean isAll() {
        return entityIds.isEmpty() && registrationAuthorities.isEmpty() && entityAttributes.isEmpty();
    }

    /** The entityID allow-list (empty: no allow-list). */
    public Set<String> entityIds() {
        return entityIds;
    }

    /** The accepted registration authorities (empty: any). */
    public Set<String> registrationAuthorities() {
        return registrationAuthorities;
    }

    /** The required entity attributes, as {@code name=value}. */
    public List<String> entityAttributes() {
        return entityAttributes.stream().map(EntityAttribute::toString).toList();
    }

    /** A short description for messages, e.g. {@code registrationAuthority=[https://incommon.org]}. */
    public String describe() {
        if (isAll()) {
            return "no filter";
        }
        List<String> parts = new ArrayList<>();
        if (!entityIds.isEmpty()) {
            parts.add(entityIds.size() <= 3 ? "entityIds=" + entityIds : entityIds.size() + " allowed entityIds");
        }
        if (!registrationAuthorities.isEmpty()) {
            parts.add("registrationAuthority=" + registrationAuthorities);
        }
        if (!entityAttributes.isEmpty()) {
            parts.add("entityAttributes=" + entityAttributes);
        }
        return String.join(", ", parts);
    }

    @Override
    public String toString() {
        return "FederationFilter[" + describe() + "]";
    }

    private static final class EntityAttribute {
        final String name;
        final String value;

        EntityAttribute(String name, String value) {
            this.name = name;
            this.value = value;
        }

        @Override
        public String toString() {
            return name + "=" + value;
        }
    }

    /** Collects criteria. */
    public static final class Builder {
        private final Set<String> entityIds = new LinkedHashSet<>();
        private final Set<String> authorities = new LinkedHashSet<>();
        private final List<EntityAttribute> attributes = new ArrayList<>();

        private Builder() {
        }

        /** Trusts only these entityIDs (added to any given before). */
        public Builder entityIds(Collection<String> values) {
            for (String value : Objects.requireNonNull(values, "values")) {
                entityIds.add(nonBlank(value, "entityId"));
            }
            return this;
        }

        /** Trusts only IdPs registered by this authority (several calls: any of them). */
        public Builder registrationAuthority(String value) {
            authorities.add(nonBlank(value, "registrationAuthority"));
            return this;
        }

        /** Trusts only IdPs with this entity attribute value (several calls: all of them). */
        public Builder entityAttribute(String name, String value) {
            attributes.add(new EntityAttribute(nonBlank(name, "entity attribute name"),
                    nonBlank(value, "entity attribute value")));
            return this;
        }

        /**
         * As {@link #entityAttribute(String, String)} from {@code name=value} (split at the first {@code =}).
         *
         * @throws IllegalArgumentException if there is no {@code =} or either side is blank
         */
        public Builder entityAttribute(String nameEqualsValue) {
            Objects.requireNonNull(nameEqualsValue, "nameEqualsValue");
            int eq = nameEqualsValue.indexOf('=');
            if (eq <= 0 || eq == nameEqualsValue.length() - 1) {
                throw new IllegalArgumentException("an entity attribute filter is name=value, for example "
                        + "http://macedir.org/entity-category=http://refeds.org/category/research-and-scholarship;"
                        + " saw '" + nameEqualsValue + "'");
            }
            return entityAttribute(nameEqualsValue.substring(0, eq).trim(), nameEqualsValue.substring(eq + 1).trim());
        }

        /** The filter. */
        public FederationFilter build() {
            if (entityIds.isEmpty() && authorities.isEmpty() && attributes.isEmpty()) {
                return ALL;
            }
            return new FederationFilter(java.util.Collections.unmodifiableSet(new LinkedHashSet<>(entityIds)),
                    java.util.Collections.unmodifiableSet(new LinkedHashSet<>(authorities)), List.copyOf(attributes));
        }

        private static String nonBlank(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return value.trim();
        }
    }
}
