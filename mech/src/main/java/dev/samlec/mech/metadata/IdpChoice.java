package dev.samlec.mech.metadata;

import dev.samlec.mech.client.IdpEndpoint;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity provider an {@link IdpDirectory} resolved a user's text to: its {@link IdpMetadata} (entityID, SOAP
 * endpoints, signing certificates), its display name when the metadata has one, and how the text matched, so that
 * a client can say what it chose ({@link #describe()}) before it sends credentials anywhere.
 *
 * <p>The choice says <em>where</em> to log in; it never says whom to trust for TLS. {@link #endpoint()} gives an
 * {@link IdpEndpoint} builder without trust settings: the caller adds its own configured anchors (the metadata's
 * word alone never makes an https endpoint trusted). Immutable.
 */
public final class IdpChoice {
    /** How the user's text matched. */
    public enum Match {
        /** The text is the IdP's entityID. */
        ENTITY_ID,
        /**
         * The text equals one of the IdP's {@code mdui:DisplayName}s, ignoring case, and no other IdP's name or
         * entityID contains it.
         */
        DISPLAY_NAME,
        /** The text is part of the IdP's DisplayName or entityID (ignoring case), and of no other IdP's. */
        PART_OF_NAME
    }

    private final IdpMetadata metadata;
    private final String displayName;
    private final Match match;
    private final String query;
    private final String source;

    IdpChoice(IdpMetadata metadata, String displayName, Match match, String query, String source) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.displayName = displayName;
        this.match = Objects.requireNonNull(match, "match");
        this.query = Objects.requireNonNull(query, "query");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The IdP's entityID. */
    public String entityId() {
        return metadata.entityId();
    }

    /** The IdP's display name ({@link FederationEntity#displayName()}), when the metadata gives one. */
    public Optional<String> displayName() {
        return Optional.ofNullable(displayName);
    }

    /** The IdP's metadata: SOAP endpoints, signing certificates, validity. */
    public IdpMetadata metadata() {
        return metadata;
    }

    /** The ECP endpoint to use: the first SOAP SingleSignOnService. */
    public URI soapUrl() {
        return metadata.soapSingleSignOnServices().get(0);
    }

    /** How the text matched. */
    public Match matchedBy() {
        return match;
    }

    /** The text that was resolved (trimmed). */
    public String query() {
        return query;
    }

    /** Where the IdP was found, e.g. "metadata file /etc/samlec/federation.xml". */
    public String source() {
        return source;
    }

    /**
     * An endpoint builder for this IdP ({@link #entityId()}, {@link #soapUrl()}); add credentials, timeouts and,
     * for https, the TLS trust you configured.
     */
    public IdpEndpoint.Builder endpoint() {
        return IdpEndpoint.builder(entityId(), soapUrl());
    }

    /**
     * What was chosen, for a person: {@code IdP 'Example University' (https://idp.example.edu/idp)}. The metadata's
     * text goes through {@link DisplayText#safe(String)}, so this can be printed and logged as it is.
     */
    public String describe() {
        String id = DisplayText.safe(entityId());
        return displayName == null ? "IdP " + id : "IdP '" + DisplayText.safe(displayName) + "' (" + id + ")";
    }

    /**
     * What was chosen, from where and why, for the user to check before logging in: {@code IdP 'Second University'
     * (https://idp.second.example.edu/idp) from metadata file fed.xml, matched 'second univ' (part of its name or
     * entityID); ECP endpoint https://idp.second.example.edu/ecp}. Safe to print and log, as {@link #describe()}.
     */
    public String explanation() {
        String shownQuery = DisplayText.safe(query);
        String how = switch (match) {
            case ENTITY_ID -> "matched by entityID";
            case DISPLAY_NAME -> "matched '" + shownQuery + "' (its DisplayName)";
            case PART_OF_NAME -> "matched '" + shownQuery + "' (part of its name or entityID)";
        };
        return describe() + " from " + DisplayText.safe(source) + ", " + how + "; ECP endpoint "
                + DisplayText.safe(soapUrl().toString());
    }

    @Override
    public String toString() {
        return "IdpChoice[" + describe() + ", matched by " + match + ", " + DisplayText.safe(soapUrl().toString())
                + ", from " + DisplayText.safe(source) + "]";
    }
}
