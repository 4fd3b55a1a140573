package dev.samlec.jaas;

import static dev.samlec.jaas.OptionNames.ALLOW_INSECURE_HTTP;
import static dev.samlec.jaas.OptionNames.CLOCK_SKEW;
import static dev.samlec.jaas.OptionNames.CONFIRMATION_METHODS;
import static dev.samlec.jaas.OptionNames.DECRYPTION_CERTIFICATE;
import static dev.samlec.jaas.OptionNames.DECRYPTION_KEY;
import static dev.samlec.jaas.OptionNames.FEDERATION_ENTITY_ATTRIBUTE;
import static dev.samlec.jaas.OptionNames.FEDERATION_ENTITY_IDS;
import static dev.samlec.jaas.OptionNames.FEDERATION_REGISTRATION_AUTHORITY;
import static dev.samlec.jaas.OptionNames.IDP_ENTITY_ID;
import static dev.samlec.jaas.OptionNames.IDP_LIST;
import static dev.samlec.jaas.OptionNames.IDP_MDQ;
import static dev.samlec.jaas.OptionNames.PRINCIPAL_ATTRIBUTE;
import static dev.samlec.jaas.OptionNames.IDP_METADATA;
import static dev.samlec.jaas.OptionNames.IDP_METADATA_REFRESH;
import static dev.samlec.jaas.OptionNames.IDP_METADATA_SIGNING_CERTIFICATE;
import static dev.samlec.jaas.OptionNames.IDP_SIGNING_CERTIFICATE;
import static dev.samlec.jaas.OptionNames.METADATA_MAX_BYTES;
import static dev.samlec.jaas.OptionNames.REPLAY_CACHE_SIZE;
import static dev.samlec.jaas.OptionNames.SCOPED_ATTRIBUTES;
import static dev.samlec.jaas.OptionNames.SERVICE_ENTITY_ID;
import static dev.samlec.jaas.OptionNames.SERVICE_NAME;
import static dev.samlec.jaas.OptionNames.SIGNING_CERTIFICATE;
import static dev.samlec.jaas.OptionNames.SIGNING_KEY;
import static dev.samlec.jaas.OptionNames.SIGN_EVERY_REQUEST;
import static dev.samlec.jaas.OptionNames.USE_SYSTEM_TRUST;

import dev.samlec.mech.metadata.FederationFilter;
import dev.samlec.mech.metadata.MetadataValidity;
import dev.samlec.mech.service.ConfirmationMethods;
import dev.samlec.mech.service.InMemoryReplayCache;
import dev.samlec.mech.service.ScopedAttributePolicy;
import dev.samlec.mech.service.ServiceProviderSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The acceptor's options, parsed and checked as a whole (the rules are listed on {@link SamlecLoginModule}).
 * Files are only named here; {@link AcceptorSetup} reads them at {@code login()}.
 *
 * @param serviceEntityId the service's SAML entity ID
 * @param serviceName the SAML20EC service name (the ACS), e.g. {@code kafka@broker.example.org}
 * @param idpMetadata the trusted IdP's metadata, when trust comes from metadata
 * @param idpMetadataSigningCertificate PEM certificates one of which must have signed the metadata
 * @param idpEntityId the trusted IdP's entity ID (with metadata: which entity to use)
 * @param idpSigningCertificate the trusted IdP's signing certificate(s), when trust is configured directly
 * @param signing the service's AuthnRequest signing key
 * @param decryption the service's decryption key
 * @param clockSkew the tolerated clock skew
 * @param replayCacheSize the most assertions remembered against replay
 * @param idpList the IdP entity IDs sent as IDPList
 * @param allowInsecureHttp whether a plain-http metadata URL is allowed
 * @param useSystemTrust whether an https metadata URL may be trusted through the JVM's CA bundle (an opt-in)
 * @param principalAttribute the SAML attribute naming the user instead of the NameID
 * @param signEveryRequest whether every AuthnRequest is signed, not only for mutual authentication and -PLUS
 * @param confirmationMethods the accepted subject confirmation methods (bearer, holder-of-key or both)
 * @param federationFilter which IdPs of an {@code idpMetadata} aggregate are trusted when no {@code idpEntityId}
 *     names one
 * @param metadataMaxBytes the size cap of the {@code idpMetadata} document, if set
 * @param scopedAttributes what happens to scoped attribute values outside their IdP's scopes
 * @param loginStore where the replay cache lives: this JVM, or a store the service's nodes share
 * @param idpMetadataRefresh whether an {@code idpMetadata} aggregate is kept fresh in the background
 * @param idpMdq a Metadata Query service the IdPs are looked up at, one by one by the Issuer of each Response
 * @param metadataValidity how far ahead signed metadata's {@code validUntil} may be ({@code idpMetadataMaxValidity})
 */
record AcceptorOptions(String serviceEntityId, String serviceName, Optional<MetadataLocation> idpMetadata,
        Optional<Path> idpMetadataSigningCertificate, Optional<String> idpEntityId,
        Optional<Path> idpSigningCertificate, Optional<KeyFiles> signing,
        Optional<KeyFiles> decryption, Duration clockSkew, int replayCacheSize, List<String> idpList,
        boolean allowInsecureHttp, boolean useSystemTrust, Optional<String> principalAttribute,
        boolean signEveryRequest, ConfirmationMethods confirmationMethods, FederationFilter federationFilter,
        OptionalInt metadataMaxBytes, ScopedAttributePolicy scopedAttributes, LoginStoreOptions loginStore,
        boolean idpMetadataRefresh, Optional<URI> idpMdq, MetadataValidity metadataValidity) {
    /** The default clock skew. */
    static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(3);
    /** The largest {@code metadataMaxBytes} for one {@code idpMdq} answer: 16 MiB, as for one IdP's metadata. */
    static final int MAX_MDQ_ANSWER_BYTES = 16 << 20;

    /** Copies the list. */
    AcceptorOptions {
        idpList = List.copyOf(idpList);
    }

    /** Reads the acceptor's options, recording every problem in {@code r}. */
    static AcceptorOptions parse(OptionReader r) {
        boolean insecure = r.bool(ALLOW_INSECURE_HTTP, false);
        Optional<String> entityId = r.string(SERVICE_ENTITY_ID);
        Optional<String> serviceName = r.string(SERVICE_NAME);
        for (String required : List.of(SERVICE_ENTITY_ID, SERVICE_NAME)) {
            if (!r.has(required)) {
                r.problem(required, "is required for the acceptor (isInitiator=false)");
            }
        }
        AcceptorOptions options = new AcceptorOptions(entityId.orElse(""), serviceName.orElse(""),
                r.metadata(IDP_METADATA, insecure), r.path(IDP_METADATA_SIGNING_CERTIFICATE), r.string(IDP_ENTITY_ID),
                r.path(IDP_SIGNING_CERTIFICATE),
                keyFiles(r, SIGNING_KEY, SIGNING_CERTIFICATE), keyFiles(r, DECRYPTION_KEY, DECRYPTION_CERTIFICATE),
                r.duration(CLOCK_SKEW, DEFAULT_CLOCK_SKEW, Duration.ZERO, ServiceProviderSettings.MAX_CLOCK_SKEW),
                r.positiveInt(REPLAY_CACHE_SIZE, InMemoryReplayCache.LARGEST_MAX_ENTRIES).orElse(InMemoryReplayCache.DEFAULT_MAX_ENTRIES),
                r.list(IDP_LIST), insecure, r.bool(USE_SYSTEM_TRUST, false), r.string(PRINCIPAL_ATTRIBUTE),
                r.bool(SIGN_EVERY_REQUEST, false), confirmationMethods(r), federationFilter(r),
                r.positiveInt(METADATA_MAX_BYTES), scopedAttributes(r), LoginStoreOptions.parse(r),
                r.bool(IDP_METADATA_REFRESH, false), r.httpsUrl(IDP_MDQ, insecure), r.metadataValidity());
        checkCombinations(r, options);
        return options;
    }

    /** {@code bearer} (default), {@code holder-of-key}, or both comma-separated. */
    private static ConfirmationMethods confirmationMethods(OptionReader r) {
        List<String> methods = r.list(CONFIRMATION_METHODS);
        boolean bearer = methods.contains("bearer");
        boolean holderOfKey = methods.contains("holder-of-key");
        if (methods.stream().anyMatch(m -> !m.equals("bearer") && !m.equals("holder-of-key"))) {
            r.problem(CONFIRMATION_METHODS, "must be bearer, holder-of-key, or bearer,holder-of-key");
            return ConfirmationMethods.BEARER;
        }
        return holderOfKey ? bearer ? ConfirmationMethods.BEARER_OR_HOLDER_OF_KEY : ConfirmationMethods.HOLDER_OF_KEY
                : ConfirmationMethods.BEARER;
    }

    /** The federationEntityIds, federationRegistrationAuthority and federationEntityAttribute lists, all to hold. */
    private static FederationFilter federationFilter(OptionReader r) {
        FederationFilter.Builder filter = FederationFilter.builder().entityIds(r.list(FEDERATION_ENTITY_IDS));
        r.list(FEDERATION_REGISTRATION_AUTHORITY).forEach(filter::registrationAuthority);
        for (String attribute : r.list(FEDERATION_ENTITY_ATTRIBUTE)) {
            try {
                filter.entityAttribute(attribute);
            } catch (IllegalArgumentException e) {
                r.problem(FEDERATION_ENTITY_ATTRIBUTE, "each entry must be name=value, e.g."
                        + " http://macedir.org/entity-category=http://refeds.org/category/research-and-scholarship");
            }
        }
        return filter.build();
    }

    /** {@code drop} (default) or {@code refuse}. */
    private static ScopedAttributePolicy scopedAttributes(OptionReader r) {
        String value = r.string(SCOPED_ATTRIBUTES).orElse("drop");
        if (value.equals("refuse")) {
            return ScopedAttributePolicy.REFUSE;
        }
        if (!value.equals("drop")) {
            r.problem(SCOPED_ATTRIBUTES, "must be drop or refuse");
        }
        return ScopedAttributePolicy.DROP;
    }

    private static Optional<KeyFiles> keyFiles(OptionReader r, String keyOption, String certificateOption) {
        Optional<Path> key = r.path(keyOption);
        Optional<Path> certificate = r.path(certificateOption);
        if (r.has(keyOption) != r.has(certificateOption)) {
            String missing = r.has(keyOption) ? certificateOption : keyOption;
            r.problem(missing, "is required with " + (r.has(keyOption) ? keyOption : certificateOption)
                    + "; give the key and its certificate together");
        }
        return key.isPresent() && certificate.isPresent()
                ? Optional.of(new KeyFiles(key.get(), certificate.get())) : Optional.empty();
    }

    /** The illegal combinations; presence is judged on the raw options so a bad value is not reported twice. */
    private static void checkCombinations(OptionReader r, AcceptorOptions o) {
        checkTrustChoice(r);
        boolean metadata = r.has(IDP_METADATA) || r.has(IDP_MDQ);
        if (r.has(IDP_METADATA_SIGNING_CERTIFICATE) && !metadata) {
            r.problem(IDP_METADATA_SIGNING_CERTIFICATE, "is only meaningful with " + IDP_METADATA + " or " + IDP_MDQ);
        }
        if (r.has(IDP_MDQ) && !r.has(IDP_METADATA_SIGNING_CERTIFICATE)) {
            r.problem(IDP_METADATA_SIGNING_CERTIFICATE, "is required with " + IDP_MDQ + ": its answers are trusted"
                    + " only by their signature (the MDQ service's signing certificate)");
        }
        boolean https = o.idpMetadata().filter(m -> m instanceof MetadataLocation.Url u
                && "https".equalsIgnoreCase(u.url().getScheme())).isPresent();
        if (https && !r.has(IDP_METADATA_SIGNING_CERTIFICATE) && !o.useSystemTrust()) {
            r.problem(IDP_METADATA, "is an https URL, and its keys decide whose logins are accepted: set "
                    + IDP_METADATA_SIGNING_CERTIFICATE + " (the certificate the metadata is signed with), or "
                    + USE_SYSTEM_TRUST + "=true to trust whatever TLS certificate the JVM's CA bundle vouches for"
                    + " (or use a local file)");
        }
        if (o.signEveryRequest() && !r.has(SIGNING_KEY)) {
            r.problem(SIGN_EVERY_REQUEST, "needs " + SIGNING_KEY + " and " + SIGNING_CERTIFICATE
                    + ": the requests are signed with them");
        }
        for (String federation : List.of(FEDERATION_ENTITY_IDS, FEDERATION_REGISTRATION_AUTHORITY,
                FEDERATION_ENTITY_ATTRIBUTE)) {
            if (r.has(federation) && (!metadata || r.has(IDP_ENTITY_ID))) {
                r.problem(federation, "chooses IdPs of an " + IDP_METADATA + " aggregate or an " + IDP_MDQ
                        + " service: it needs one of them and no " + IDP_ENTITY_ID + " (which trusts that one IdP"
                        + " only)");
            }
        }
        if (o.idpMetadataRefresh() && (!r.has(IDP_METADATA) || r.has(IDP_ENTITY_ID))) {
            r.problem(IDP_METADATA_REFRESH, "keeps an " + IDP_METADATA + " aggregate fresh: it needs " + IDP_METADATA
                    + " and no " + IDP_ENTITY_ID + (r.has(IDP_MDQ) ? " (" + IDP_MDQ + " answers are asked for again by"
                    + " themselves, by their cacheDuration and validUntil)" : ""));
        }
        if (r.has(METADATA_MAX_BYTES) && !metadata) {
            r.problem(METADATA_MAX_BYTES, "is only meaningful with " + IDP_METADATA + " or " + IDP_MDQ);
        }
        if (r.has(IDP_MDQ) && o.metadataMaxBytes().orElse(0) > MAX_MDQ_ANSWER_BYTES) {
            r.problem(METADATA_MAX_BYTES, "caps one " + IDP_MDQ + " answer (one IdP, read by up to 8 lookups at once):"
                    + " at most " + MAX_MDQ_ANSWER_BYTES + " bytes");
        }
        if (r.has(IDP_MDQ) && o.useSystemTrust()) {
            r.problem(USE_SYSTEM_TRUST, "has no effect with " + IDP_MDQ + ": its answers are trusted by their"
                    + " signature (" + IDP_METADATA_SIGNING_CERTIFICATE + ") and fetched with the JVM's CA bundle"
                    + " anyway");
        }
        if (r.has(IDP_SIGNING_CERTIFICATE) && !r.has(IDP_ENTITY_ID)) {
            r.problem(IDP_ENTITY_ID, "is required with " + IDP_SIGNING_CERTIFICATE
                    + ": the entity ID responses must be issued by");
        }
    }

    /** Exactly one of idpMetadata, idpMdq and idpSigningCertificate says which IdPs are trusted. */
    private static void checkTrustChoice(OptionReader r) {
        List<String> given = List.of(IDP_METADATA, IDP_MDQ, IDP_SIGNING_CERTIFICATE).stream().filter(r::has)
                .toList();
        if (given.isEmpty()) {
            r.problem(IDP_METADATA, "is required (or " + IDP_MDQ + ", or " + IDP_ENTITY_ID + " with "
                    + IDP_SIGNING_CERTIFICATE + "): which IdPs to trust and their signing keys");
        } else if (given.size() > 1) {
            r.problem(given.get(1), "cannot be combined with " + given.get(0) + "; trust the IdPs by metadata, by"
                    + " an MDQ service or by certificate");
        }
    }
}
