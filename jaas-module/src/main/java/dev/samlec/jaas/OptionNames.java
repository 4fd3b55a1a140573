package dev.samlec.jaas;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The option names of {@link SamlecLoginModule}, grouped by the side that reads them. */
final class OptionNames {
    static final String IS_INITIATOR = "isInitiator";
    static final String DEBUG = "debug";
    static final String ALLOW_INSECURE_HTTP = "allowInsecureHttp";
    static final String IDP_ENTITY_ID = "idpEntityId";
    static final String IDP_METADATA = "idpMetadata";
    static final String IDP_METADATA_SIGNING_CERTIFICATE = "idpMetadataSigningCertificate";
    static final String IDP_METADATA_MAX_VALIDITY = "idpMetadataMaxValidity";

    static final String IDP_URL = "idpUrl";
    static final String IDP_NAME = "idpName";
    static final String IDP_MDQ = "idpMdq";
    static final String IDP_TRUST_ANCHORS = "idpTrustAnchors";
    static final String TRUST_STORE = "trustStore";
    static final String TRUST_STORE_PASSWORD = "trustStorePassword";
    static final String TRUST_STORE_TYPE = "trustStoreType";
    static final String USE_SYSTEM_TRUST = "useSystemTrust";
    static final String CONNECT_TIMEOUT = "connectTimeout";
    static final String RESPONSE_TIMEOUT = "responseTimeout";
    static final String CALL_TIMEOUT = "callTimeout";
    static final String IDP_KEEP_ALIVE = "idpKeepAlive";
    static final String KEY_STORE = "keyStore";
    static final String KEY_STORE_PASSWORD = "keyStorePassword";
    static final String KEY_STORE_TYPE = "keyStoreType";
    static final String KEY_ALIAS = "keyAlias";
    static final String HOLDER_OF_KEY = "holderOfKey";
    static final String USE_FIRST_PASS = "useFirstPass";
    static final String TRY_FIRST_PASS = "tryFirstPass";
    static final String STORE_PASS = "storePass";
    static final String CLEAR_PASS = "clearPass";
    static final String CHECK_CREDENTIALS = "checkCredentials";
    static final String CHECK_SERVICE_ENTITY_ID = "checkServiceEntityId";
    static final String CHECK_SERVICE_NAME = "checkServiceName";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String IDP_AUTHENTICATION = "idpAuthentication";
    static final String USE_TICKET_CACHE = "useTicketCache";
    static final String TICKET_CACHE = "ticketCache";

    static final String SERVICE_ENTITY_ID = "serviceEntityId";
    static final String SERVICE_NAME = "serviceName";
    static final String IDP_SIGNING_CERTIFICATE = "idpSigningCertificate";
    static final String SIGNING_KEY = "signingKey";
    static final String SIGNING_CERTIFICATE = "signingCertificate";
    static final String DECRYPTION_KEY = "decryptionKey";
    static final String DECRYPTION_CERTIFICATE = "decryptionCertificate";
    static final String CLOCK_SKEW = "clockSkew";
    static final String REPLAY_CACHE_SIZE = "replayCacheSize";
    static final String IDP_LIST = "idpList";
    static final String PRINCIPAL_ATTRIBUTE = "principalAttribute";
    static final String SIGN_EVERY_REQUEST = "signEveryRequest";
    static final String CONFIRMATION_METHODS = "confirmationMethods";
    static final String FEDERATION_ENTITY_IDS = "federationEntityIds";
    static final String FEDERATION_REGISTRATION_AUTHORITY = "federationRegistrationAuthority";
    static final String FEDERATION_ENTITY_ATTRIBUTE = "federationEntityAttribute";
    static final String METADATA_MAX_BYTES = "metadataMaxBytes";
    static final String SCOPED_ATTRIBUTES = "scopedAttributes";
    static final String IDP_METADATA_REFRESH = "idpMetadataRefresh";
    static final String LOGIN_STORE = "loginStore";
    static final String REDIS_URI = "redisUri";
    static final String REDIS_KEY_PREFIX = "redisKeyPrefix";
    static final String REDIS_USERNAME = "redisUsername";
    static final String REDIS_PASSWORD_FILE = "redisPasswordFile";
    static final String REDIS_TRUSTED_CERTIFICATES = "redisTrustedCertificates";
    static final String REDIS_COMMAND_TIMEOUT = "redisCommandTimeout";
    static final String REDIS_CONNECT_TIMEOUT = "redisConnectTimeout";
    static final String REDIS_RECONNECT_INTERVAL = "redisReconnectInterval";
    static final String REDIS_ALLOW_INSECURE = "redisAllowInsecure";

    /** Read on both sides. */
    static final Set<String> COMMON = Set.of(IS_INITIATOR, DEBUG, ALLOW_INSECURE_HTTP, IDP_ENTITY_ID, IDP_METADATA,
            IDP_METADATA_SIGNING_CERTIFICATE, IDP_METADATA_MAX_VALIDITY, USE_SYSTEM_TRUST, IDP_MDQ);
    /** Read only by the initiator. */
    static final Set<String> INITIATOR = Set.of(IDP_URL, IDP_NAME, IDP_TRUST_ANCHORS, TRUST_STORE, TRUST_STORE_PASSWORD,
            TRUST_STORE_TYPE, CONNECT_TIMEOUT, RESPONSE_TIMEOUT, CALL_TIMEOUT, IDP_KEEP_ALIVE, KEY_STORE,
            KEY_STORE_PASSWORD, KEY_STORE_TYPE, KEY_ALIAS, HOLDER_OF_KEY, USE_FIRST_PASS, TRY_FIRST_PASS, STORE_PASS, CLEAR_PASS, CHECK_CREDENTIALS,
            CHECK_SERVICE_ENTITY_ID, CHECK_SERVICE_NAME, USERNAME, PASSWORD, IDP_AUTHENTICATION, USE_TICKET_CACHE,
            TICKET_CACHE);
    /** Read only by the acceptor. */
    static final Set<String> ACCEPTOR = Set.of(SERVICE_ENTITY_ID, SERVICE_NAME, IDP_SIGNING_CERTIFICATE, SIGNING_KEY,
            SIGNING_CERTIFICATE, DECRYPTION_KEY, DECRYPTION_CERTIFICATE, CLOCK_SKEW, REPLAY_CACHE_SIZE, IDP_LIST,
            PRINCIPAL_ATTRIBUTE, SIGN_EVERY_REQUEST, CONFIRMATION_METHODS, FEDERATION_ENTITY_IDS,
            FEDERATION_REGISTRATION_AUTHORITY, FEDERATION_ENTITY_ATTRIBUTE, METADATA_MAX_BYTES, SCOPED_ATTRIBUTES,
            IDP_METADATA_REFRESH, LOGIN_STORE, REDIS_URI, REDIS_KEY_PREFIX,
            REDIS_USERNAME, REDIS_PASSWORD_FILE, REDIS_TRUSTED_CERTIFICATES, REDIS_COMMAND_TIMEOUT,
            REDIS_CONNECT_TIMEOUT, REDIS_RECONNECT_INTERVAL, REDIS_ALLOW_INSECURE);
    /** Values never shown in messages. */
    static final Set<String> SECRETS = Set.of(TRUST_STORE_PASSWORD, KEY_STORE_PASSWORD, PASSWORD);

    private OptionNames() {
    }

    /** Whether {@code name} is an option of either side. */
    static boolean isKnown(String name) {
        return COMMON.contains(name) || INITIATOR.contains(name) || ACCEPTOR.contains(name);
    }

    /** A known option {@code name} is probably a misspelling of (same letters ignoring case, or two edits away). */
    static Optional<String> suggestion(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("redispassword")) {
            return Optional.of(REDIS_PASSWORD_FILE + " (the Redis password is read from a file, never given inline)");
        }
        String best = null;
        int bestDistance = 3;
        for (Set<String> group : List.of(COMMON, INITIATOR, ACCEPTOR)) {
            for (String known : group) {
                int d = distance(lower, known.toLowerCase(Locale.ROOT));
                if (d < bestDistance) {
                    best = known;
                    bestDistance = d;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance (short strings only). */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
