package dev.samlec.jaas;

import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The samlec JAAS login module: logs a user in at a SAML identity provider over ECP (the <em>initiator</em>, the
 * default), or loads a SAML20EC service's settings (the <em>acceptor</em>, {@code isInitiator=false}, as with
 * {@code Krb5LoginModule}). The SAML20EC SASL mechanism then finds what it needs in the Subject.
 *
 * <h2>Initiator</h2>
 * {@code login()} gets the credentials (HTTP Basic from the JAAS shared state or the {@code CallbackHandler}'s
 * {@code NameCallback} and {@code PasswordCallback}, or a TLS client certificate from {@code keyStore}) and checks
 * them now, not at the first connection: it sends the IdP one real ECP AuthnRequest (unsigned, SAML-EC binding)
 * for the service named by {@code checkServiceEntityId} and {@code checkServiceName} and requires a Success
 * Response, which it then discards. A wrong password fails with a {@code FailedLoginException}; an unknown IdP
 * entity, an unreachable or slow IdP and an untrusted IdP certificate fail with a {@code LoginException}. Every
 * such message starts with the stable error code ({@code idp_authentication_failed: ...}, {@code idp_unreachable},
 * {@code idp_timeout}, {@code idp_tls_failure}, {@code metadata_invalid}, {@code credentials_unavailable}), and
 * the cause is the engine's {@code EcpException}. {@code commit()} adds a {@link SamlecPrincipal} (public: the user
 * name, or the client certificate's subject CN) and a {@link dev.samlec.sasl.SamlecCredential} (private), which
 * a SAML20EC client running as the Subject uses for every exchange, re-authentication included, without prompting.
 * Credentials are taken in this order: with {@code keyStore}, the client certificate (no prompt); with
 * {@code useFirstPass} or {@code tryFirstPass}, the shared state; then the handler. The IdP must accept an unsigned
 * request from the check's service: where it requires that service to sign (it then answers with a fault or a
 * refusal, never {@code FailedLoginException}), set {@code checkCredentials=false}.
 *
 * <h2>Acceptor</h2>
 * {@code login()} reads the IdP's metadata or signing certificate and the service's keys and builds a
 * {@link dev.samlec.sasl.SamlecAcceptor}, so that a bad file or key fails at start-up with the option's name;
 * {@code commit()} puts it in the Subject's <em>public</em> credentials, where the SAML20EC {@code SaslServer}
 * running as that Subject finds it.
 *
 * <h2>Options</h2>
 * Parsed once in {@code initialize()} and checked as a whole; problems are reported by {@code login()}, all at
 * once, each as {@code option <name>: <problem> (value: <value or [redacted]>)}. Values are strings; booleans are
 * exactly {@code true} or {@code false}; durations are ISO-8601 ({@code PT10S}, {@code PT3M}); files are paths.
 * Unknown options are errors, except {@code debug}, which is accepted (as the JDK's modules take it) and ignored:
 * samlec logs through SLF4J (logger {@code dev.samlec}). Passwords are never logged or shown.
 * <table>
 *   <caption>Options of both sides</caption>
 *   <tr><th>option</th><th>type</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>isInitiator</td><td>boolean</td><td>true</td><td>true: log a user in; false: load a service</td></tr>
 *   <tr><td>idpMetadata</td><td>path or URL</td><td>-</td><td>the IdP's SAML metadata: a file (yours: read as it
 *       is), or an https URL (the initiator fetches it with its TLS trust options; the acceptor needs
 *       idpMetadataSigningCertificate or useSystemTrust=true for it); expired metadata is refused</td></tr>
 *   <tr><td>idpMdq</td><td>https URL</td><td>-</td><td>a Metadata Query (MDQ) service; each answer, {@code
 *       <url>/entities/<percent-encoded entityID>}, must be the entity's metadata signed by
 *       idpMetadataSigningCertificate (required). Initiator: the IdP idpEntityId (required) is looked up there,
 *       instead of idpUrl and idpMetadata; an unknown entityID is {@code idp_not_found}. Acceptor: instead of
 *       idpMetadata and idpSigningCertificate, the IdP named by each Response's Issuer is looked up there when it
 *       is first seen (answers cached by their cacheDuration and validUntil, at most 8 lookups of new entities at
 *       once, fail closed with {@code metadata_unavailable}; {@link dev.samlec.mech.metadata.MdqTrustSource}); with
 *       idpEntityId only that IdP is trusted (looked up at login()) and no other is ever asked for, else every IdP the service answers for
 *       that passes the federation filters (a federation: principalAttribute must be scoped); metadataMaxBytes caps
 *       one answer (default 1 MiB, at most 16 MiB); the https connection uses the JVM's CA bundle (the signature
 *       authenticates the answer; useSystemTrust is refused with it); no user:password@ in any URL option</td></tr>
 *   <tr><td>idpMetadataSigningCertificate</td><td>path</td><td>-</td><td>PEM certificate(s): the metadata (the
 *       IdP's EntityDescriptor, or an EntitiesDescriptor aggregate around it) must carry a valid signature by one
 *       of them, from a file or a URL; an https URL is then fetched with the JVM's CA bundle unless a trust option
 *       is set (the signature authenticates it)</td></tr>
 *   <tr><td>idpMetadataMaxValidity</td><td>ISO-8601 duration or {@code none}</td><td>P14D</td><td>signed metadata
 *       (idpMetadata with idpMetadataSigningCertificate, every idpMdq answer) must carry a validUntil at most this
 *       far ahead, else it is refused (metadata_invalid): a signature never expires, so this bounds how long a
 *       replayed old copy stays acceptable; {@code none} accepts signed metadata without validUntil</td></tr>
 *   <tr><td>useSystemTrust</td><td>boolean</td><td>false</td><td>trust the JVM's default CA bundle for an https
 *       IdP or metadata URL (initiator: instead of idpTrustAnchors or trustStore; acceptor: instead of
 *       idpMetadataSigningCertificate)</td></tr>
 *   <tr><td>idpEntityId</td><td>string</td><td>-</td><td>the IdP's entity ID; with metadata, which entity to use
 *       (initiator: needed when it describes several IdPs; acceptor: without it, every IdP of the metadata that
 *       passes the federation filters is trusted)</td></tr>
 *   <tr><td>allowInsecureHttp</td><td>boolean</td><td>false</td><td>allow plain-http IdP and metadata URLs (tests
 *       only: credentials and metadata would travel in clear text)</td></tr>
 *   <tr><td>debug</td><td>boolean</td><td>false</td><td>ignored</td></tr>
 * </table>
 * <table>
 *   <caption>Initiator options (isInitiator=true)</caption>
 *   <tr><th>option</th><th>type</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>idpUrl</td><td>https URL</td><td>-</td><td>the IdP's SOAP ECP endpoint (or give idpMetadata)</td></tr>
 *   <tr><td>idpName</td><td>string</td><td>-</td><td>with idpMetadata a federation aggregate: the IdP to log in at,
 *       by entityID, else the only ECP IdP whose DisplayName or entityID equals or contains it, ignoring case (an
 *       equal name does not beat others containing it) (instead of idpEntityId; {@code idp_not_found}, {@code idp_ambiguous} listing candidates).
 *       The aggregate's root must be signed by idpMetadataSigningCertificate when it is given. The choice is
 *       logged at INFO; the IdP's TLS is still trusted only through idpTrustAnchors, trustStore or
 *       useSystemTrust</td></tr>
 *   <tr><td>idpTrustAnchors</td><td>path</td><td>-</td><td>PEM certificates to trust for the IdP's TLS certificate
 *       (its own, or its CA); also used for an https idpMetadata URL</td></tr>
 *   <tr><td>trustStore</td><td>path</td><td>-</td><td>a trust store instead of idpTrustAnchors</td></tr>
 *   <tr><td>trustStorePassword</td><td>secret</td><td>-</td><td>its password, if it has one</td></tr>
 *   <tr><td>trustStoreType</td><td>string</td><td>PKCS12</td><td>its type</td></tr>
 *   <tr><td>connectTimeout</td><td>duration</td><td>PT10S</td><td>time to connect to the IdP (1 ms to 1 h)</td></tr>
 *   <tr><td>responseTimeout</td><td>duration</td><td>PT30S</td><td>time to wait for the IdP's answer</td></tr>
 *   <tr><td>callTimeout</td><td>duration</td><td>PT20S (metadata URL: PT60S)</td><td>total time for one call to
 *       the IdP, and for fetching an idpMetadata URL: connecting, TLS, sending and reading the whole answer; the
 *       call is then aborted ({@code idp_timeout}, {@code metadata_invalid}). It bounds the login-time check and
 *       every SAML20EC exchange using this login's credential (on a Kafka client, its network thread)</td></tr>
 *   <tr><td>idpKeepAlive</td><td>boolean</td><td>true</td><td>the login-time check calls the IdP on kept-alive
 *       connections shared by the process's logins (one per TLS trust and client certificate, never shared across
 *       them; Negotiate logins are never shared); false: a new connection per check, closed after it. The SAML20EC
 *       exchanges have their own switch, the SASL property {@code dev.samlec.sasl.idpKeepAlive}</td></tr>
 *   <tr><td>keyStore</td><td>path</td><td>-</td><td>a key store with the user's TLS client certificate: log in
 *       with it instead of a password</td></tr>
 *   <tr><td>keyStorePassword</td><td>secret</td><td>-</td><td>opens the key store and its key</td></tr>
 *   <tr><td>keyStoreType</td><td>string</td><td>PKCS12</td><td>its type</td></tr>
 *   <tr><td>keyAlias</td><td>string</td><td>the only key</td><td>the key entry to use</td></tr>
 *   <tr><td>holderOfKey</td><td>boolean</td><td>false</td><td>with keyStore: SAML20EC exchanges ask for
 *       holder-of-key assertions bound to its certificate (the client sends {@code hok}; the SASL property
 *       {@code dev.samlec.sasl.holderOfKey}, when set, decides instead); the application connection (LDAPS) must
 *       present the same certificate. Refused by Kafka clients (decision D4)</td></tr>
 *   <tr><td>useFirstPass</td><td>boolean</td><td>false</td><td>take the name and password from the shared state
 *       ({@code javax.security.auth.login.name}, {@code javax.security.auth.login.password}); never prompt</td></tr>
 *   <tr><td>tryFirstPass</td><td>boolean</td><td>false</td><td>as useFirstPass, but prompt if they are missing or
 *       refused</td></tr>
 *   <tr><td>storePass</td><td>boolean</td><td>false</td><td>store prompted credentials in the shared state (values
 *       already there are kept)</td></tr>
 *   <tr><td>clearPass</td><td>boolean</td><td>false</td><td>remove them from the shared state after commit or
 *       abort</td></tr>
 *   <tr><td>checkCredentials</td><td>boolean</td><td>true</td><td>check the credentials in login(); false: login()
 *       only validates the options and loads the trust material</td></tr>
 *   <tr><td>checkServiceEntityId</td><td>string</td><td>-</td><td>the entity ID of a service the user will log in
 *       to (required with the check): the Issuer of the check's AuthnRequest</td></tr>
 *   <tr><td>checkServiceName</td><td>string</td><td>-</td><td>its SAML20EC service name, e.g.
 *       {@code kafka@broker.example.org}: the check's AssertionConsumerServiceURL</td></tr>
 *   <tr><td>username</td><td>string</td><td>-</td><td>the user name, given in the options instead of asked
 *       through the CallbackHandler (for Kafka's {@code sasl.jaas.config}, whose login never prompts)</td></tr>
 *   <tr><td>idpAuthentication</td><td>string</td><td>password</td><td>{@code negotiate}: log in at the IdP with
 *       Kerberos over HTTP Negotiate (SPNEGO, mutual authentication required), with the ticket-granting ticket a
 *       {@code Krb5LoginModule} placed before this module in the same entry put into the Subject; never prompts.
 *       The credential check then runs in {@code commit()}, once the Kerberos module has committed its ticket, and
 *       the principal is that ticket's client</td></tr>
 *   <tr><td>useTicketCache</td><td>boolean</td><td>false</td><td>with {@code negotiate}: when the Subject holds no
 *       Kerberos credentials, read a credential cache instead ({@code ticketCache}, else {@code KRB5CCNAME}, else
 *       {@code /tmp/krb5cc_<uid>}); without it such a login fails with {@code credentials_unavailable}, never
 *       silently using a cache another local user may have planted</td></tr>
 *   <tr><td>ticketCache</td><td>path</td><td>the default cache</td><td>the credential cache file
 *       {@code useTicketCache=true} reads</td></tr>
 *   <tr><td>password</td><td>secret</td><td>-</td><td>that user's password (use Kafka's config providers,
 *       e.g. {@code ${file:/etc/kafka/secrets.properties:samlec.password}}, to keep it out of the config)</td></tr>
 * </table>
 * <table>
 *   <caption>Acceptor options (isInitiator=false)</caption>
 *   <tr><th>option</th><th>type</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>serviceEntityId</td><td>string</td><td>required</td><td>the service's SAML entity ID</td></tr>
 *   <tr><td>serviceName</td><td>string</td><td>required</td><td>its service name (the ACS), e.g.
 *       {@code kafka@broker.example.org}</td></tr>
 *   <tr><td>idpSigningCertificate</td><td>path</td><td>-</td><td>PEM signing certificate(s) of the IdP named by
 *       idpEntityId (instead of idpMetadata)</td></tr>
 *   <tr><td>signingKey</td><td>path</td><td>-</td><td>PEM PKCS#8 key that signs AuthnRequests; needed for
 *       SAML20EC-PLUS, for mutual authentication and for an IdP whose metadata says
 *       {@code WantAuthnRequestsSigned="true"} (the IdP of idpMetadata, or one named by idpList), the only requests
 *       signed unless signEveryRequest=true</td></tr>
 *   <tr><td>signingCertificate</td><td>path</td><td>-</td><td>its PEM certificate</td></tr>
 *   <tr><td>decryptionKey</td><td>path</td><td>-</td><td>PEM PKCS#8 RSA key for encrypted assertions</td></tr>
 *   <tr><td>decryptionCertificate</td><td>path</td><td>-</td><td>its PEM certificate</td></tr>
 *   <tr><td>clockSkew</td><td>duration</td><td>PT3M</td><td>tolerated clock difference (0 to PT10M)</td></tr>
 *   <tr><td>replayCacheSize</td><td>integer</td><td>1048576</td><td>the most assertions remembered against
 *       replay</td></tr>
 *   <tr><td>idpList</td><td>list</td><td>-</td><td>comma-separated IdP entity IDs sent as IDPList (each must be
 *       the trusted IdP)</td></tr>
 *   <tr><td>signEveryRequest</td><td>boolean</td><td>false</td><td>sign every AuthnRequest: for a federation
 *       (idpMetadata without idpEntityId or idpList) whose IdPs want signed requests, or IdPs that refuse unsigned
 *       requests without saying so in metadata (each signature is CPU any client can make the service spend before
 *       it authenticates); needs signingKey</td></tr>
 *   <tr><td>confirmationMethods</td><td>list</td><td>bearer</td><td>accepted SubjectConfirmation methods:
 *       {@code bearer}, {@code holder-of-key} or both; holder-of-key needs the application connection's TLS client
 *       certificate in the SASL property {@code dev.samlec.sasl.clientCertificate} (LDAP over TLS; not Kafka)</td></tr>
 *   <tr><td>principalAttribute</td><td>string</td><td>-</td><td>a SAML attribute whose single value names the user
 *       instead of the NameID, e.g. {@code uid}: matched by Name, else by FriendlyName; no value, several values
 *       or several such Attribute elements are refused</td></tr>
 *   <tr><td>federationEntityIds</td><td>list</td><td>-</td><td>with idpMetadata or idpMdq and no idpEntityId:
 *       trust only these comma-separated IdPs of the aggregate (with idpMdq, no other is ever asked for)</td></tr>
 *   <tr><td>federationRegistrationAuthority</td><td>list</td><td>-</td><td>with idpMetadata or idpMdq and no
 *       idpEntityId: trust only IdPs registered by one of these authorities ({@code mdrpi:RegistrationInfo})</td></tr>
 *   <tr><td>federationEntityAttribute</td><td>list</td><td>-</td><td>with idpMetadata or idpMdq and no idpEntityId: trust
 *       only IdPs carrying every one of these comma-separated {@code name=value} entity attributes, e.g.
 *       {@code http://macedir.org/entity-category=http://refeds.org/category/research-and-scholarship}; all
 *       federation filters given must hold</td></tr>
 *   <tr><td>metadataMaxBytes</td><td>integer</td><td>134217728 (with idpEntityId: 16777216; idpMdq: 1048576)
 *       </td><td>the size cap of the idpMetadata document, or of one idpMdq answer</td></tr>
 *   <tr><td>scopedAttributes</td><td>string</td><td>drop</td><td>eduPersonPrincipalName,
 *       eduPersonScopedAffiliation, subject-id and pairwise-id values outside the issuing IdP's
 *       {@code shibmd:Scope}: {@code drop} them, or {@code refuse} the login ({@code attribute_out_of_scope})</td></tr>
 *   <tr><td>idpMetadataRefresh</td><td>boolean</td><td>false</td><td>with idpMetadata and no idpEntityId: keep the
 *       aggregate fresh on a daemon thread (conditional GET, cacheDuration/validUntil, back-off; expired metadata
 *       refused with {@code metadata_unavailable}), the federation filters applied to every copy; stopped at
 *       logout</td></tr>
 *   <tr><td>loginStore</td><td>string</td><td>memory</td><td>where the replay cache lives: {@code memory} (this
 *       JVM) or {@code redis} (shared by every node of the service, so an assertion accepted at one node is refused
 *       at the others). {@code redis} needs the samlec-redis jar (and its Lettuce dependencies) on the class path,
 *       found through {@link dev.samlec.mech.service.LoginStateStores}; without it {@code login()} fails naming this
 *       option and the jar. With Redis unreachable or slow, logins are refused with
 *       {@code state_store_unavailable}, never accepted</td></tr>
 *   <tr><td>redisUri</td><td>URI</td><td>required with redis</td><td>{@code redis://host:port}, or
 *       {@code rediss://host:port} for TLS (plain redis:// only to loopback unless redisAllowInsecure=true); no
 *       credentials in it</td></tr>
 *   <tr><td>redisKeyPrefix</td><td>string</td><td>required with redis</td><td>the prefix of samlec's keys: the
 *       same on every node of one service, another for every other service on that Redis</td></tr>
 *   <tr><td>redisUsername</td><td>string</td><td>-</td><td>the AUTH user (Redis 6 ACLs); needs
 *       redisPasswordFile</td></tr>
 *   <tr><td>redisPasswordFile</td><td>path</td><td>-</td><td>a file holding the AUTH password (one line); the
 *       password itself is never an option</td></tr>
 *   <tr><td>redisTrustedCertificates</td><td>path</td><td>the JVM's CA bundle</td><td>PEM CA certificates a
 *       rediss:// server must chain to</td></tr>
 *   <tr><td>redisCommandTimeout</td><td>duration</td><td>PT0.5S</td><td>the most one Redis call may take (up to
 *       PT1M); then the login is refused</td></tr>
 *   <tr><td>redisConnectTimeout</td><td>duration</td><td>PT2S</td><td>the most one connection attempt may
 *       take</td></tr>
 *   <tr><td>redisReconnectInterval</td><td>duration</td><td>PT1S</td><td>the least time between connection
 *       attempts while Redis is down</td></tr>
 *   <tr><td>redisAllowInsecure</td><td>boolean</td><td>false</td><td>allow redis:// (no TLS) to a host that is not
 *       loopback: anybody on the path could answer every replay check, for a network you trust only</td></tr>
 * </table>
 *
 * <h2>Illegal combinations</h2>
 * <ul>
 *   <li>any option of the other side (e.g. {@code serviceName} without {@code isInitiator=false});
 *       {@code idpMetadataSigningCertificate} without {@code idpMetadata} or {@code idpMdq};
 *       {@code idpMetadataMaxValidity} without {@code idpMetadataSigningCertificate};</li>
 *   <li>initiator: neither or both of {@code idpUrl} and {@code idpMetadata}; {@code idpMdq} with either of them,
 *       or without {@code idpEntityId} or {@code idpMetadataSigningCertificate}; {@code idpName} without
 *       {@code idpMetadata} or with {@code idpEntityId}; both {@code idpTrustAnchors} and
 *       {@code trustStore}; {@code trustStorePassword} or {@code trustStoreType} without {@code trustStore};
 *       {@code keyStorePassword}, {@code keyStoreType}, {@code keyAlias} or {@code holderOfKey=true} without
 *       {@code keyStore};
 *       {@code keyStore} without {@code keyStorePassword}; {@code keyStore} with any of {@code useFirstPass},
 *       {@code tryFirstPass}, {@code storePass}, {@code clearPass}, or with an http {@code idpUrl};
 *       {@code useFirstPass} with {@code tryFirstPass}; {@code username} without {@code password} or the
 *       reverse; {@code username} with {@code keyStore}, {@code useFirstPass}, {@code tryFirstPass} or
 *       {@code storePass}; {@code idpAuthentication=negotiate} with {@code keyStore}, {@code username},
 *       {@code useFirstPass}, {@code tryFirstPass}, {@code storePass} or {@code clearPass};
 *       {@code useTicketCache} without {@code idpAuthentication=negotiate}; {@code ticketCache} without
 *       {@code useTicketCache=true}; an
 *       {@code idpAuthentication} other than {@code negotiate} or {@code password}; {@code useSystemTrust=true}
 *       with {@code idpTrustAnchors} or {@code trustStore}; the
 *       check (default) without {@code checkServiceEntityId} and {@code checkServiceName}, or either of them with
 *       {@code checkCredentials=false}; an http {@code idpUrl} or {@code idpMetadata} URL without
 *       {@code allowInsecureHttp=true}; at {@code login()}: an https IdP endpoint without {@code idpTrustAnchors},
 *       {@code trustStore} or {@code useSystemTrust=true}, or an https metadata URL without one of them or
 *       {@code idpMetadataSigningCertificate};</li>
 *   <li>acceptor: no {@code serviceEntityId} or {@code serviceName}; none or more than one of {@code idpMetadata},
 *       {@code idpMdq} and {@code idpSigningCertificate}; {@code idpMdq} without
 *       {@code idpMetadataSigningCertificate}; {@code idpSigningCertificate} without {@code idpEntityId}; a key
 *       without its certificate or a certificate without its key; {@code federationEntityIds},
 *       {@code federationRegistrationAuthority} or {@code federationEntityAttribute} without {@code idpMetadata} or
 *       {@code idpMdq}, or with {@code idpEntityId}; {@code idpMetadataRefresh=true} without {@code idpMetadata} or with
 *       {@code idpEntityId}; a federation without a scoped {@code principalAttribute} (eduPersonPrincipalName,
 *       subject-id, pairwise-id); {@code metadataMaxBytes} without {@code idpMetadata} or {@code idpMdq}; an http
 *       {@code idpMetadata} or {@code idpMdq} URL without
 *       {@code allowInsecureHttp=true}; an https {@code idpMetadata} URL without
 *       {@code idpMetadataSigningCertificate} or {@code useSystemTrust=true}; {@code signEveryRequest=true} without
 *       {@code signingKey}; a {@code loginStore} other than {@code memory} or {@code redis}; any {@code redis*}
 *       option without {@code loginStore=redis}; {@code loginStore=redis} without {@code redisUri} or
 *       {@code redisKeyPrefix}, or with {@code replayCacheSize}; a {@code redisUri} that is not redis:// or
 *       rediss:// or holds credentials; {@code redisUsername} without {@code redisPasswordFile};
 *       {@code redisTrustedCertificates} with a redis:// URI; at {@code login()}: {@code loginStore=redis} without
 *       samlec-redis on the class path, an unreadable {@code redisPasswordFile} or
 *       {@code redisTrustedCertificates}, redis:// to a host that is not loopback without
 *       {@code redisAllowInsecure=true}.</li>
 * </ul>
 *
 * <h2>Sample jaas.conf</h2>
 * <pre>
 * SamlecClient {
 *   dev.samlec.jaas.SamlecLoginModule required
 *     idpUrl="https://idp.example.org/idp/profile/SAML2/SOAP/ECP"
 *     idpEntityId="https://idp.example.org/idp/shibboleth"
 *     idpTrustAnchors="/etc/samlec/idp-ca.pem"
 *     checkServiceEntityId="https://broker.example.org/samlec"
 *     checkServiceName="kafka&#64;broker.example.org";
 * };
 * SamlecService {
 *   dev.samlec.jaas.SamlecLoginModule required
 *     isInitiator=false
 *     serviceEntityId="https://broker.example.org/samlec"
 *     serviceName="kafka&#64;broker.example.org"
 *     idpMetadata="/etc/samlec/idp-metadata.xml"
 *     signingKey="/etc/samlec/broker-signing.key"
 *     signingCertificate="/etc/samlec/broker-signing.crt";
 * };
 * </pre>
 *
 * <p>Nothing is registered when the class loads (install the SASL provider with
 * {@code SamlecSaslProvider.install()}). An instance is not thread-safe; JAAS uses one per {@code LoginContext}.
 */
public final class SamlecLoginModule implements LoginModule {
    private static final Logger LOG = LoggerFactory.getLogger(SamlecLoginModule.class);

    /**
     * Where an instance is in the two-phase login. Transitions:
     * <ul>
     *   <li>{@code login()}: any state to {@code LOGGED_IN_NOT_COMMITTED} on success (an uncommitted earlier
     *       result is discarded first); on failure {@code NOT_LOGGED_IN}, or {@code COMMITTED} if an earlier
     *       login is still committed;</li>
     *   <li>{@code commit()}: {@code LOGGED_IN_NOT_COMMITTED} to {@code COMMITTED}; in other states it returns
     *       false and changes nothing;</li>
     *   <li>{@code abort()}: {@code LOGGED_IN_NOT_COMMITTED} to {@code NOT_LOGGED_IN} (or back to
     *       {@code COMMITTED} if an earlier login is still committed); {@code COMMITTED} to {@code NOT_LOGGED_IN}
     *       as {@code logout()}; {@code NOT_LOGGED_IN} returns false;</li>
     *   <li>{@code logout()}: any state to {@code NOT_LOGGED_IN}, removing what this instance added.</li>
     * </ul>
     */
    private enum LoginState { NOT_LOGGED_IN, LOGGED_IN_NOT_COMMITTED, COMMITTED }

    private final Clock clock;
    private final SecureRandom random;
    private final SubjectEntries owned = new SubjectEntries();
    private Subject subject;
    private CallbackHandler handler;
    private Map<String, Object> sharedState;
    private LoginOptions options;
    private LoginException optionsError;
    private LoginState state = LoginState.NOT_LOGGED_IN;
    private PendingLogin pending;

    /** The module JAAS instantiates: the system clock and a new {@code SecureRandom}. */
    public SamlecLoginModule() {
        this(Clock.systemUTC(), new SecureRandom());
    }

    /** A module with this clock (metadata validity, request times) and random source (request IDs). */
    SamlecLoginModule(Clock clock, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Keeps the Subject, handler and shared state, and parses the options (problems are reported by login()). */
    @Override
    @SuppressWarnings("unchecked")
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.handler = callbackHandler;
        this.sharedState = (Map<String, Object>) sharedState;
        try {
            this.options = LoginOptions.parse(options);
            this.optionsError = null;
        } catch (LoginException e) {
            this.options = null;
            this.optionsError = e;
        }
    }

    /** Checks the credentials at the IdP (initiator) or loads the service settings (acceptor). */
    @Override
    public boolean login() throws LoginException {
        if (options == null) {
            throw new LoginException(optionsError != null ? optionsError.getMessage()
                    : "invalid_configuration: login() was called before initialize()");
        }
        discardPending();
        settle();
        pending = options.initiator().isPresent() ? initiatorLogin(options.initiator().get())
                : AcceptorSetup.acceptor(options.acceptor().orElseThrow(), clock, random);
        setState(LoginState.LOGGED_IN_NOT_COMMITTED);
        return true;
    }

    private PendingLogin initiatorLogin(InitiatorOptions o) throws LoginException {
        IdpEndpoint idp = InitiatorSetup.endpoint(o, clock);
        IdpLogin login = new IdpLogin(o.check()
                .map(c -> new CredentialCheck(c, clock, random, o.idpKeepAlive())), o.holderOfKey());
        if (idp.credentials() instanceof IdpCredentials.ClientCertificate certificate) {
            return login.authenticate(idp, ClientCertificates.userName(certificate));
        }
        if (o.negotiate()) {
            return new PendingLogin.Kerberos(login, idp, o.kerberosCache());
        }
        PasswordLogin passwords = new PasswordLogin(login, idp, handler, sharedState, o.sharing());
        if (o.configuredUser().isPresent()) {
            return passwords.loginAs(o.configuredUser().get(), o.configuredPassword().orElseThrow());
        }
        return passwords.login();
    }

    /** Adds the principal and credential (initiator) or the acceptor (acceptor) to the Subject. */
    @Override
    public boolean commit() throws LoginException {
        if (state != LoginState.LOGGED_IN_NOT_COMMITTED) {
            return false;
        }
        try {
            pending.commitTo(subject, owned);
            pending = null;
            setState(LoginState.COMMITTED);
            return true;
        } catch (LoginException e) {
            discardPending();
            settle();
            throw e;
        } finally {
            clearSharedStateIfAsked();
        }
    }

    /** Discards an uncommitted login, or undoes a committed one. */
    @Override
    public boolean abort() throws LoginException {
        try {
            switch (state) {
                case NOT_LOGGED_IN:
                    return false;
                case LOGGED_IN_NOT_COMMITTED:
                    discardPending();
                    settle();
                    return true;
                default:
                    return logout();
            }
        } finally {
            clearSharedStateIfAsked();
        }
    }

    /** Removes what this instance added to the Subject (by identity) and destroys its credentials. */
    @Override
    public boolean logout() throws LoginException {
        discardPending();
        try {
            owned.removeFrom(subject);
        } finally {
            setState(LoginState.NOT_LOGGED_IN);
        }
        return true;
    }

    private void discardPending() {
        if (pending != null) {
            pending.discard();
            pending = null;
        }
    }

    /** The state implied by what is held once no login is in progress. */
    private void settle() {
        setState(owned.isEmpty() ? LoginState.NOT_LOGGED_IN : LoginState.COMMITTED);
    }

    private void clearSharedStateIfAsked() {
        boolean clear = Optional.ofNullable(options).flatMap(LoginOptions::initiator)
                .map(o -> o.sharing().clearPass()).orElse(false);
        if (clear && sharedState != null) {
            sharedState.remove(PasswordSharing.NAME_KEY);
            sharedState.remove(PasswordSharing.PASSWORD_KEY);
        }
    }

    private void setState(LoginState next) {
        if (next != state) {
            LOG.debug("samlec login module {} -> {}", state, next);
            state = next;
        }
    }

    @Override
    public String toString() {
        return "SamlecLoginModule[" + state + (options == null ? ", options invalid"
                : options.initiator().isPresent() ? ", initiator" : ", acceptor") + "]";
    }
}
