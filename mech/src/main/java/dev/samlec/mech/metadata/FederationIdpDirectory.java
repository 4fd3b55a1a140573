package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * The ECP-capable identity providers of a federation aggregate (those with a SOAP SingleSignOnService and a signing
 * key), listed by display name, searched, and resolved from what a user types, as ciecplib's {@code -i} does.
 *
 * <p>{@link #resolve(String)}:
 * <ol>
 *   <li>the text (trimmed) is an IdP's entityID, exactly: that IdP;</li>
 *   <li>otherwise every ECP IdP the text matches is collected, whether it equals one of the IdP's
 *       {@code mdui:DisplayName}s (any language, ignoring case) or is only part of a DisplayName or of the entityID
 *       (ignoring case), which is what {@link #search(String)} lists. Exactly one such IdP is the choice (reported as a
 *       {@link IdpChoice.Match#DISPLAY_NAME} match when the name is equal); several are {@code idp_ambiguous}, even
 *       when one of them has exactly that name (the message lists up to {@value #MAX_CANDIDATES}); none is
 *       {@code idp_not_found}.</li>
 * </ol>
 * An exact name never beats a partial one: otherwise any federation member could publish the DisplayName "Caltech"
 * and capture every user whose saved {@code caltech} used to pick "California Institute of Technology" as the only
 * partial match. So {@code resolve(text)} picks an IdP exactly when {@code search(text)} lists that IdP alone. An
 * entityID of the aggregate that offers no ECP endpoint is {@code idp_not_found} saying so. Both codes are
 * {@link EcpError.Category#CONFIGURATION}. Names and entityIDs from the metadata are printed through
 * {@link DisplayText#safe(String)}.
 *
 * <p>The aggregate's signature was checked when it was read ({@link MetadataAggregateReader}). The IdP's TLS trust
 * is not taken from here: see {@link IdpChoice}. Immutable and thread-safe.
 */
public final class FederationIdpDirectory implements IdpDirectory {
    /** The most candidates an {@code idp_ambiguous} message lists. */
    public static final int MAX_CANDIDATES = 10;
    private static final Comparator<FederationEntity> BY_NAME = Comparator
            .comparing((FederationEntity e) -> e.displayName().toLowerCase(Locale.ROOT))
            .thenComparing(FederationEntity::entityId);

    private final MetadataAggregate aggregate;
    private final List<FederationEntity> ecpIdps;

    private FederationIdpDirectory(MetadataAggregate aggregate) {
        this.aggregate = aggregate;
        this.ecpIdps = aggregate.idps().stream().filter(FederationIdpDirectory::usable).sorted(BY_NAME).toList();
    }

    /** The directory of an aggregate already read. */
    public static FederationIdpDirectory of(MetadataAggregate aggregate) {
        return new FederationIdpDirectory(Objects.requireNonNull(aggregate, "aggregate"));
    }

    /** Reads aggregates from files or http(s) URLs with {@code reader}, which checks their signature. */
    public static Loader loader(MetadataAggregateReader reader) {
        return new Loader(Objects.requireNonNull(reader, "reader"));
    }

    /** The aggregate the directory was made from. */
    public MetadataAggregate aggregate() {
        return aggregate;
    }

    /** Every ECP-capable IdP, sorted by display name (ignoring case), then entityID. */
    public List<FederationEntity> ecpIdps() {
        return ecpIdps;
    }

    /**
     * The ECP-capable IdPs whose DisplayName (any language) or entityID contains {@code text}, ignoring case, sorted
     * as {@link #ecpIdps()}; blank text lists them all.
     */
    public List<FederationEntity> search(String text) {
        String wanted = Objects.requireNonNull(text, "text").strip().toLowerCase(Locale.ROOT);
        if (wanted.isEmpty()) {
            return ecpIdps;
        }
        return ecpIdps.stream().filter(e -> contains(e, wanted)).toList();
    }

    @Override
    public IdpChoice resolve(String text) throws EcpConfigurationException {
        String wanted = Objects.requireNonNull(text, "text").strip();
        if (wanted.isEmpty()) {
            throw new EcpConfigurationException(EcpError.IDP_NOT_FOUND, "no identity provider named: the name or"
                    + " entityID is empty");
        }
        Optional<FederationEntity> byId = aggregate.find(wanted);
        if (byId.isPresent()) {
            if (!usable(byId.get())) {
                throw new EcpConfigurationException(EcpError.IDP_NOT_FOUND, "IdP " + DisplayText.safe(wanted) + " in "
                        + DisplayText.safe(describe())
                        + " has no SOAP SingleSignOnService: it does not offer ECP, so samlec cannot log in there");
            }
            return choice(byId.get(), IdpChoice.Match.ENTITY_ID, wanted);
        }
        // exact and partial matches together: an exact name wins only when no other IdP matches at all
        List<FederationEntity> matches = search(wanted);
        if (matches.size() == 1) {
            FederationEntity only = matches.get(0);
            return choice(only, only.hasDisplayName(wanted) ? IdpChoice.Match.DISPLAY_NAME
                    : IdpChoice.Match.PART_OF_NAME, wanted);
        }
        if (matches.size() > 1) {
            long exact = matches.stream().filter(e -> e.hasDisplayName(wanted)).count();
            throw ambiguous(wanted, matches, exact > 1 ? "match (" + exact + " of them are named exactly so)"
                    : exact == 1 ? "match (one of them is named exactly so, but the others match too)" : "match");
        }
        throw new EcpConfigurationException(EcpError.IDP_NOT_FOUND, "no ECP identity provider in "
                + DisplayText.safe(describe()) + " has the entityID '" + DisplayText.safe(wanted) + "' or a"
                + " DisplayName or entityID containing it (ignoring case; " + ecpIdps.size() + " ECP IdPs listed"
                + " there)");
    }

    @Override
    public String describe() {
        return aggregate.source();
    }

    /** "'Name' (entityID)" for each of the first {@link #MAX_CANDIDATES}, and how many more. */
    static String candidates(List<FederationEntity> entities) {
        String shown = entities.stream().limit(MAX_CANDIDATES).map(e -> "'" + DisplayText.safe(e.displayName())
                + "' (" + DisplayText.safe(e.entityId()) + ")").collect(Collectors.joining(", "));
        int hidden = entities.size() - MAX_CANDIDATES;
        return hidden > 0 ? shown + " and " + hidden + " more" : shown;
    }

    private EcpConfigurationException ambiguous(String wanted, List<FederationEntity> matches, String verb) {
        return new EcpConfigurationException(EcpError.IDP_AMBIGUOUS, matches.size() + " ECP identity providers in "
                + DisplayText.safe(describe()) + " " + verb + " '" + DisplayText.safe(wanted) + "'; give more of the"
                + " name, or the entityID: " + candidates(matches));
    }

    private IdpChoice choice(FederationEntity entity, IdpChoice.Match match, String query) {
        String name = entity.displayNames().isEmpty() ? null : entity.displayName();
        return new IdpChoice(entity.toIdpMetadata(), name, match, query, describe());
    }

    private static boolean usable(FederationEntity entity) {
        return entity.offersEcp() && !entity.signingCertificates().isEmpty();
    }

    private static boolean contains(FederationEntity entity, String lowerCaseText) {
        return entity.entityId().toLowerCase(Locale.ROOT).contains(lowerCaseText) || entity.displayNames().values()
                .stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).contains(lowerCaseText));
    }

    /**
     * Reads an aggregate into a directory, from a file or from an http(s) URL (fetched with a total deadline, a size
     * cap and same-origin redirects only, as {@link MetadataLoader} does). Not thread-safe while configured.
     */
    public static final class Loader {
        private final MetadataAggregateReader reader;
        private Duration connectTimeout = MetadataLoader.DEFAULT_CONNECT_TIMEOUT;
        private Duration responseTimeout = MetadataLoader.DEFAULT_RESPONSE_TIMEOUT;
        private Duration callTimeout = MetadataLoader.DEFAULT_CALL_TIMEOUT;
        private int maxBytes = MetadataAggregateReader.DEFAULT_MAX_BYTES;
        private SSLContext sslContext;

        private Loader(MetadataAggregateReader reader) {
            this.reader = reader;
        }

        /** Connect timeout for a URL (default {@link MetadataLoader#DEFAULT_CONNECT_TIMEOUT}). */
        public Loader connectTimeout(Duration value) {
            this.connectTimeout = BuilderChecks.positive(value, "connectTimeout");
            return this;
        }

        /** Per-read timeout for a URL (default {@link MetadataLoader#DEFAULT_RESPONSE_TIMEOUT}). */
        public Loader responseTimeout(Duration value) {
            this.responseTimeout = BuilderChecks.positive(value, "responseTimeout");
            return this;
        }

        /** Total time for fetching a URL, redirects included (default {@link MetadataLoader#DEFAULT_CALL_TIMEOUT}). */
        public Loader callTimeout(Duration value) {
            this.callTimeout = BuilderChecks.positive(value, "callTimeout");
            return this;
        }

        /** The most bytes fetched from a URL (default {@link MetadataAggregateReader#DEFAULT_MAX_BYTES}). */
        public Loader maxBytes(int value) {
            this.maxBytes = BuilderChecks.positive(value, "maxBytes");
            return this;
        }

        /** The TLS context for an https URL; by default the JVM's trust store. */
        public Loader sslContext(SSLContext value) {
            this.sslContext = Objects.requireNonNull(value, "sslContext");
            return this;
        }

        /** Reads a file. */
        public FederationIdpDirectory load(Path file) throws EcpConfigurationException {
            return of(reader.read(file));
        }

        /** Fetches and reads an http(s) URL. */
        public FederationIdpDirectory load(URI url) throws EcpConfigurationException {
            Objects.requireNonNull(url, "url");
            byte[] xml = new MetadataFetcher(connectTimeout, responseTimeout, callTimeout, maxBytes, sslContext)
                    .fetch(url);
            return of(reader.read(xml, "metadata from " + url));
        }
    }
}
