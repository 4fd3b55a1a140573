package dev.samlec.cli;

import dev.samlec.mech.metadata.FederationFilter;
import dev.samlec.mech.metadata.MetadataAggregateReader;
import dev.samlec.mech.metadata.MetadataLoader;
import dev.samlec.mech.service.ScopedAttributePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/**
 * The service-side options for trusting a federation: which IdPs of an {@code --idp-metadata} aggregate (or of an
 * {@code --idp-mdq} service's answers) are trusted when no {@code --idp-entity-id} names one, the metadata size cap,
 * and what happens to out-of-scope scoped attribute values.
 */
final class FederationOptions {
    @Option(names = "--federation-entity-id", paramLabel = "ID",
            description = "Without --idp-entity-id: trust only these IdPs of the aggregate, or of the --idp-mdq"
                + " service (which is then asked about no other) (repeatable).")
    List<String> entityIds = new ArrayList<>();

    @Option(names = "--federation-registration-authority", paramLabel = "URI",
            description = "Without --idp-entity-id: trust only IdPs registered by this authority"
                + " (mdrpi:RegistrationInfo; repeatable: any of them).")
    List<String> registrationAuthorities = new ArrayList<>();

    @Option(names = "--federation-entity-attribute", paramLabel = "NAME=VALUE",
            description = "Without --idp-entity-id: trust only IdPs with this entity attribute, e.g."
                + " http://macedir.org/entity-category=http://refeds.org/category/research-and-scholarship"
                + " (repeatable: all of them). All --federation-* filters given must hold.")
    List<String> entityAttributes = new ArrayList<>();

    @Option(names = "--metadata-max-bytes", paramLabel = "BYTES",
            description = "Size cap of the --idp-metadata document (default: 134217728 for an aggregate, 16777216"
                + " with --idp-entity-id), or of each --idp-mdq answer (default: 1048576).")
    Integer metadataMaxBytes;

    @Option(names = "--scoped-attributes", paramLabel = "drop|refuse", defaultValue = "drop",
            description = "eduPersonPrincipalName, eduPersonScopedAffiliation, subject-id and pairwise-id values"
                + " outside the IdP's shibmd:Scope: drop them (default) or refuse the Response"
                + " (attribute_out_of_scope).")
    String scopedAttributes;

    /** Whether any --federation-* filter was given. */
    boolean hasFilter() {
        return !entityIds.isEmpty() || !registrationAuthorities.isEmpty() || !entityAttributes.isEmpty();
    }

    /** The filter of the --federation-* options. */
    FederationFilter filter() throws UsageException {
        try {
            FederationFilter.Builder filter = FederationFilter.builder().entityIds(entityIds);
            registrationAuthorities.forEach(filter::registrationAuthority);
            entityAttributes.forEach(filter::entityAttribute);
            return filter.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("option --federation-*: " + e.getMessage());
        }
    }

    /** The size cap: --metadata-max-bytes, else the default of the aggregate reader or of the one-IdP loader. */
    int maxBytes(boolean aggregate) throws UsageException {
        if (metadataMaxBytes == null) {
            return aggregate ? MetadataAggregateReader.DEFAULT_MAX_BYTES : MetadataLoader.DEFAULT_MAX_BYTES;
        }
        if (metadataMaxBytes <= 0) {
            throw new UsageException("option --metadata-max-bytes: must be positive (value: " + metadataMaxBytes
                    + ")");
        }
        return metadataMaxBytes;
    }

    /** --metadata-max-bytes when given (checked as by {@link #maxBytes}), else empty: the reader's own default. */
    OptionalInt maxBytesIfGiven() throws UsageException {
        return metadataMaxBytes == null ? OptionalInt.empty() : OptionalInt.of(maxBytes(true));
    }

    /** The --scoped-attributes policy. */
    ScopedAttributePolicy scopedAttributePolicy() throws UsageException {
        switch (scopedAttributes.toLowerCase(Locale.ROOT)) {
            case "drop":
                return ScopedAttributePolicy.DROP;
            case "refuse":
                return ScopedAttributePolicy.REFUSE;
            default:
                throw new UsageException("option --scoped-attributes: must be drop or refuse (value: "
                        + scopedAttributes + ")");
        }
    }

    /** Refuses --federation-* filters together with --idp-entity-id, which already names the one trusted IdP. */
    void checkNotWithEntityId(String idpEntityId) throws UsageException {
        if (idpEntityId != null && hasFilter()) {
            throw new UsageException("--federation-* filters choose IdPs of an aggregate; with --idp-entity-id only"
                    + " that IdP is trusted: give one or the other");
        }
    }
}
