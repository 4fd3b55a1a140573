package dev.samlec.jaas;

import static dev.samlec.jaas.OptionNames.ALLOW_INSECURE_HTTP;
import static dev.samlec.jaas.OptionNames.CALL_TIMEOUT;
import static dev.samlec.jaas.OptionNames.CHECK_CREDENTIALS;
import static dev.samlec.jaas.OptionNames.CHECK_SERVICE_ENTITY_ID;
import static dev.samlec.jaas.OptionNames.CHECK_SERVICE_NAME;
import static dev.samlec.jaas.OptionNames.CLEAR_PASS;
import static dev.samlec.jaas.OptionNames.CONNECT_TIMEOUT;
import static dev.samlec.jaas.OptionNames.IDP_AUTHENTICATION;
import static dev.samlec.jaas.OptionNames.IDP_ENTITY_ID;
import static dev.samlec.jaas.OptionNames.IDP_METADATA;
import static dev.samlec.jaas.OptionNames.IDP_MDQ;
import static dev.samlec.jaas.OptionNames.IDP_METADATA_SIGNING_CERTIFICATE;
import static dev.samlec.jaas.OptionNames.IDP_NAME;
import static dev.samlec.jaas.OptionNames.IDP_TRUST_ANCHORS;
import static dev.samlec.jaas.OptionNames.IDP_URL;
import static dev.samlec.jaas.OptionNames.KEY_ALIAS;
import static dev.samlec.jaas.OptionNames.KEY_STORE;
import static dev.samlec.jaas.OptionNames.KEY_STORE_PASSWORD;
import static dev.samlec.jaas.OptionNames.KEY_STORE_TYPE;
import static dev.samlec.jaas.OptionNames.PASSWORD;
import static dev.samlec.jaas.OptionNames.RESPONSE_TIMEOUT;
import static dev.samlec.jaas.OptionNames.STORE_PASS;
import static dev.samlec.jaas.OptionNames.TICKET_CACHE;
import static dev.samlec.jaas.OptionNames.TRUST_STORE;
import static dev.samlec.jaas.OptionNames.TRUST_STORE_PASSWORD;
import static dev.samlec.jaas.OptionNames.TRUST_STORE_TYPE;
import static dev.samlec.jaas.OptionNames.TRY_FIRST_PASS;
import static dev.samlec.jaas.OptionNames.USERNAME;
import static dev.samlec.jaas.OptionNames.USE_FIRST_PASS;
import static dev.samlec.jaas.OptionNames.USE_SYSTEM_TRUST;
import static dev.samlec.jaas.OptionNames.USE_TICKET_CACHE;

import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.metadata.MetadataValidity;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The initiator's options, parsed and checked as a whole (the rules are listed on {@link SamlecLoginModule}).
 * Files are only named here; they are read at {@code login()} by {@link InitiatorSetup}.
 *
 * @param idpUrl the IdP's SOAP ECP endpoint, when configured by URL
 * @param idpMetadata the IdP's metadata, when configured by metadata
 * @param idpMetadataSigningCertificate PEM certificates one of which must have signed the metadata
 * @param idpEntityId the IdP's entity ID (with metadata: which entity to use); the Issuer its answers must carry,
 *     checked by the IdP client (a mismatch is {@code invalid_issuer} naming both)
 * @param idpMdq a Metadata Query service the IdP named by {@code idpEntityId} is looked up at, signed answers only
 * @param idpName with metadata (a federation aggregate), the IdP to pick from it by entityID, DisplayName or a
 *     unique part of either (instead of {@code idpEntityId})
 * @param idpTrustAnchors a PEM file of certificates to trust for the IdP's TLS server certificate
 * @param trustStore a trust store for the IdP's TLS server certificate
 * @param useSystemTrust whether the JVM's default CA bundle may stand in for both (an explicit opt-in)
 * @param connectTimeout the connect timeout
 * @param responseTimeout the response (read) timeout
 * @param callTimeout the total time of one call to the IdP or the metadata URL; empty for each one's default
 * @param keyStore a key store with the user's TLS client certificate
 * @param keyAlias the key entry to use in {@code keyStore}
 * @param allowInsecureHttp whether plain-http IdP and metadata URLs are allowed
 * @param sharing how the JAAS shared state is used
 * @param check the service of the login-time credential check; empty when {@code checkCredentials=false}
 * @param configuredUser the user name given in the options (Kafka's {@code sasl.jaas.config} style)
 * @param configuredPassword that user's password, given in the options
 * @param negotiate whether the IdP login is Kerberos over HTTP Negotiate ({@code idpAuthentication=negotiate})
 * @param kerberosCache with negotiate: the credential cache to read when the Subject holds no Kerberos credentials
 *     ({@code useTicketCache=true}; empty path: the default cache); empty: never read one
 * @param idpKeepAlive whether the login-time check calls the IdP on the process's kept-alive connections
 * @param holderOfKey whether SAML20EC exchanges ask for holder-of-key assertions bound to the key store's certificate
 * @param metadataValidity how far ahead signed metadata's {@code validUntil} may be ({@code idpMetadataMaxValidity})
 */
record InitiatorOptions(Optional<URI> idpUrl, Optional<MetadataLocation> idpMetadata, Optional<URI> idpMdq,
        Optional<Path> idpMetadataSigningCertificate, Optional<String> idpEntityId, Optional<String> idpName,
        Optional<Path> idpTrustAnchors, Optional<StoreFile> trustStore, boolean useSystemTrust,
        Duration connectTimeout,
        Duration responseTimeout, Optional<Duration> callTimeout, Optional<StoreFile> keyStore, Optional<String> keyAlias, boolean allowInsecureHttp,
        PasswordSharing sharing, Optional<CheckService> check, Optional<String> configuredUser,
        Optional<Secret> configuredPassword, boolean negotiate, Optional<KerberosCache> kerberosCache,
        boolean idpKeepAlive, boolean holderOfKey, MetadataValidity metadataValidity) {
    /** The credential cache {@code useTicketCache=true} allows: {@code ticketCache}, else the default one. */
    record KerberosCache(Optional<Path> file) {
    }

    /** The default store type. */
    static final String DEFAULT_STORE_TYPE = "PKCS12";
    /** The shortest accepted timeout. */
    static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    /** The longest accepted timeout. */
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    /** Reads the initiator's options, recording every problem in {@code r}. */
    static InitiatorOptions parse(OptionReader r) {
        boolean insecure = r.bool(ALLOW_INSECURE_HTTP, false);
        Optional<URI> idpUrl = r.httpsUrl(IDP_URL, insecure);
        Optional<MetadataLocation> metadata = r.metadata(IDP_METADATA, insecure);
        Optional<StoreFile> trustStore = store(r, TRUST_STORE, TRUST_STORE_PASSWORD, TRUST_STORE_TYPE);
        Optional<StoreFile> keyStore = store(r, KEY_STORE, KEY_STORE_PASSWORD, KEY_STORE_TYPE);
        PasswordSharing sharing = new PasswordSharing(r.bool(USE_FIRST_PASS, false), r.bool(TRY_FIRST_PASS, false),
                r.bool(STORE_PASS, false), r.bool(CLEAR_PASS, false));
        boolean checkCredentials = r.bool(CHECK_CREDENTIALS, true);
        Optional<String> checkEntity = r.string(CHECK_SERVICE_ENTITY_ID);
        Optional<String> checkName = r.string(CHECK_SERVICE_NAME);
        InitiatorOptions options = new InitiatorOptions(idpUrl, metadata, r.httpsUrl(IDP_MDQ, insecure),
                r.path(IDP_METADATA_SIGNING_CERTIFICATE),
                r.string(IDP_ENTITY_ID), r.string(IDP_NAME),
                r.path(IDP_TRUST_ANCHORS), trustStore, r.bool(USE_SYSTEM_TRUST, false),
                r.duration(CONNECT_TIMEOUT, IdpEndpoint.DEFAULT_CONNECT_TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT),
                r.duration(RESPONSE_TIMEOUT, IdpEndpoint.DEFAULT_RESPONSE_TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT),
                r.has(CALL_TIMEOUT) ? Optional.of(r.duration(CALL_TIMEOUT, IdpEndpoint.DEFAULT_CALL_TIMEOUT,
                        MIN_TIMEOUT, MAX_TIMEOUT)) : Optional.empty(),
                keyStore, r.string(KEY_ALIAS), insecure, sharing,
                checkCredentials && checkEntity.isPresent() && checkName.isPresent()
                        ? Optional.of(new CheckService(checkEntity.get(), checkName.get())) : Optional.empty(),
                r.string(USERNAME), r.secret(PASSWORD), negotiate(r), kerberosCache(r),
                r.bool(OptionNames.IDP_KEEP_ALIVE, true), r.bool(OptionNames.HOLDER_OF_KEY, false),
                r.metadataValidity());
        checkCombinations(r, options, checkCredentials);
        return options;
    }

    private static boolean negotiate(OptionReader r) {
        Optional<String> value = r.string(IDP_AUTHENTICATION);
        if (value.isPresent() && !List.of("negotiate", "password").contains(value.get())) {
            r.problem(IDP_AUTHENTICATION, "must be negotiate or password (a client certificate is chosen by "
                    + KEY_STORE + ")");
        }
        return value.filter("negotiate"::equals).isPresent();
    }

    private static Optional<KerberosCache> kerberosCache(OptionReader r) {
        Optional<Path> file = r.path(TICKET_CACHE);
        return r.bool(USE_TICKET_CACHE, false) ? Optional.of(new KerberosCache(file)) : Optional.empty();
    }

    private static Optional<StoreFile> store(OptionReader r, String pathOption, String passwordOption,
            String typeOption) {
        Optional<Path> path = r.path(pathOption);
        Optional<Secret> password = r.secret(passwordOption);
        String type = r.string(typeOption).orElse(DEFAULT_STORE_TYPE);
        return path.map(p -> new StoreFile(p, password, type));
    }

    /** The illegal combinations; presence is judged on the raw options so a bad value is not reported twice. */
    private static void checkCombinations(OptionReader r, InitiatorOptions o, boolean checkCredentials) {
        if (r.has(IDP_MDQ)) {
            checkMdq(r);
        } else if (r.has(IDP_URL) == r.has(IDP_METADATA)) {
            r.problem(r.has(IDP_URL) ? IDP_METADATA : IDP_URL, r.has(IDP_URL)
                    ? "cannot be combined with " + IDP_URL + "; configure the IdP by URL or by metadata"
                    : "is required (or " + IDP_METADATA + "): where the IdP's ECP endpoint is");
        }
        if (r.has(IDP_TRUST_ANCHORS) && r.has(TRUST_STORE)) {
            r.problem(TRUST_STORE, "cannot be combined with " + IDP_TRUST_ANCHORS + "; choose one trust setting");
        }
        if (o.useSystemTrust() && (r.has(IDP_TRUST_ANCHORS) || r.has(TRUST_STORE))) {
            r.problem(USE_SYSTEM_TRUST, "cannot be combined with " + (r.has(IDP_TRUST_ANCHORS) ? IDP_TRUST_ANCHORS
                    : TRUST_STORE) + "; choose one trust setting");
        }
        requireWith(r, TRUST_STORE, List.of(TRUST_STORE_PASSWORD, TRUST_STORE_TYPE));
        requireWith(r, IDP_METADATA, List.of(IDP_NAME));
        if (r.has(IDP_METADATA_SIGNING_CERTIFICATE) && !r.has(IDP_METADATA) && !r.has(IDP_MDQ)) {
            r.problem(IDP_METADATA_SIGNING_CERTIFICATE, "is only meaningful with " + IDP_METADATA + " or " + IDP_MDQ);
        }
        if (r.has(IDP_NAME) && r.has(IDP_ENTITY_ID)) {
            r.problem(IDP_NAME, "cannot be combined with " + IDP_ENTITY_ID + "; both pick the IdP of " + IDP_METADATA);
        }
        requireWith(r, KEY_STORE, List.of(KEY_STORE_PASSWORD, KEY_STORE_TYPE, KEY_ALIAS));
        if (o.holderOfKey() && !r.has(KEY_STORE)) {
            r.problem(OptionNames.HOLDER_OF_KEY, "needs " + KEY_STORE + ": a holder-of-key assertion is bound to the"
                    + " key of the TLS client certificate the IdP login proves");
        }
        if (r.has(KEY_STORE) && !r.has(KEY_STORE_PASSWORD)) {
            r.problem(KEY_STORE_PASSWORD, "is required with " + KEY_STORE + " (it opens the store and the key)");
        }
        if (r.has(KEY_STORE)) {
            PasswordSharing s = o.sharing();
            List<Boolean> set = List.of(s.useFirstPass(), s.tryFirstPass(), s.storePass(), s.clearPass());
            List<String> names = List.of(USE_FIRST_PASS, TRY_FIRST_PASS, STORE_PASS, CLEAR_PASS);
            for (int i = 0; i < names.size(); i++) {
                if (set.get(i)) {
                    r.problem(names.get(i), "cannot be used with " + KEY_STORE + ": a client certificate login uses"
                            + " no password");
                }
            }
            if (o.idpUrl().filter(u -> "http".equalsIgnoreCase(u.getScheme())).isPresent()) {
                r.problem(KEY_STORE, "needs an https " + IDP_URL + ": a TLS client certificate cannot be sent over"
                        + " plain http");
            }
        }
        if (r.has(USERNAME) != r.has(PASSWORD)) {
            r.problem(r.has(USERNAME) ? PASSWORD : USERNAME, "is required with " + (r.has(USERNAME) ? USERNAME
                    : PASSWORD) + ": configured credentials need both the user name and the password");
        }
        if (r.has(USERNAME)) {
            PasswordSharing s = o.sharing();
            List<Boolean> set = List.of(r.has(KEY_STORE), s.useFirstPass(), s.tryFirstPass(), s.storePass());
            List<String> names = List.of(KEY_STORE, USE_FIRST_PASS, TRY_FIRST_PASS, STORE_PASS);
            for (int i = 0; i < names.size(); i++) {
                if (set.get(i)) {
                    r.problem(names.get(i), "cannot be combined with " + USERNAME + ": the credentials are already"
                            + " given in the options");
                }
            }
        }
        if (o.negotiate()) {
            PasswordSharing s = o.sharing();
            List<Boolean> set = List.of(r.has(KEY_STORE), r.has(USERNAME), s.useFirstPass(), s.tryFirstPass(),
                    s.storePass(), s.clearPass());
            List<String> names = List.of(KEY_STORE, USERNAME, USE_FIRST_PASS, TRY_FIRST_PASS, STORE_PASS, CLEAR_PASS);
            for (int i = 0; i < names.size(); i++) {
                if (set.get(i)) {
                    r.problem(names.get(i), "cannot be combined with " + IDP_AUTHENTICATION + "=negotiate: the"
                            + " Kerberos ticket is the credential");
                }
            }
        }
        if (!o.negotiate() && r.has(USE_TICKET_CACHE)) {
            r.problem(USE_TICKET_CACHE, "is only meaningful with " + IDP_AUTHENTICATION + "=negotiate");
        }
        if (r.has(TICKET_CACHE) && o.kerberosCache().isEmpty()) {
            r.problem(TICKET_CACHE, "is only meaningful with " + USE_TICKET_CACHE + "=true");
        }
        if (o.sharing().useFirstPass() && o.sharing().tryFirstPass()) {
            r.problem(TRY_FIRST_PASS, "cannot be combined with " + USE_FIRST_PASS + "=true; choose one");
        }
        for (String option : List.of(CHECK_SERVICE_ENTITY_ID, CHECK_SERVICE_NAME)) {
            if (checkCredentials && !r.has(option)) {
                r.problem(option, "is required unless " + CHECK_CREDENTIALS + "=false: login() asks the IdP for an"
                        + " assertion to this service to check the credentials");
            } else if (!checkCredentials && r.has(option)) {
                r.problem(option, "has no effect with " + CHECK_CREDENTIALS + "=false");
            }
        }
    }

    /** {@code idpMdq}: instead of idpUrl and idpMetadata, with the entityID to look up and the signing certificate. */
    private static void checkMdq(OptionReader r) {
        for (String other : List.of(IDP_URL, IDP_METADATA)) {
            if (r.has(other)) {
                r.problem(IDP_MDQ, "cannot be combined with " + other + "; configure the IdP by URL, by metadata or"
                        + " by MDQ");
            }
        }
        if (!r.has(IDP_ENTITY_ID)) {
            r.problem(IDP_ENTITY_ID, "is required with " + IDP_MDQ + ": the IdP to look up there (MDQ cannot be"
                    + " searched by name)");
        }
        if (!r.has(IDP_METADATA_SIGNING_CERTIFICATE)) {
            r.problem(IDP_METADATA_SIGNING_CERTIFICATE, "is required with " + IDP_MDQ + ": its answers are trusted"
                    + " only by their signature");
        }
    }

    /** Each of {@code dependents} needs {@code base}. */
    private static void requireWith(OptionReader r, String base, List<String> dependents) {
        for (String dependent : dependents) {
            if (r.has(dependent) && !r.has(base)) {
                r.problem(dependent, "is only meaningful with " + base);
            }
        }
    }
}
