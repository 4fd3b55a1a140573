package dev.samlec.mech.message;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code samlp:IDPEntry} of the SP's {@code samlp:IDPList}: an identity provider the SP would accept.
 *
 * @param providerId the IdP's entity ID ({@code ProviderID})
 * @param name its human-readable {@code Name}, if given
 * @param loc its {@code Loc} (a URI where the IdP can be reached), if given
 */
public record IdpEntry(String providerId, Optional<String> name, Optional<String> loc) {
    /** Checks that no component is null. */
    public IdpEntry {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(loc, "loc");
    }

    /** An entry with only a provider ID. */
    public static IdpEntry of(String providerId) {
        return new IdpEntry(providerId, Optional.empty(), Optional.empty());
    }
}
