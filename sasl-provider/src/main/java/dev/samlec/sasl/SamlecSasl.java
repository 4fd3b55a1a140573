package dev.samlec.sasl;

/**
 * Names and property keys of the SAML-EC SASL mechanisms (draft-ietf-kitten-sasl-saml-ec-20).
 *
 * <h2>Mechanisms</h2>
 * <ul>
 *   <li>{@link #SAML20EC}: the client relays the server's SAML AuthnRequest to its identity provider over the ECP
 *       SOAP binding and returns the IdP's signed Response to the server (draft sections 3 and 4).</li>
 *   <li>{@link #SAML20EC_PLUS}: the same with TLS channel binding (RFC 5801 naming): the server's signed AuthnRequest
 *       carries the binding, the client gives the IdP its own view of it, and the IdP echoes it in every assertion
 *       (SAML V2.0 ECP 2.0 and the Channel Binding Extensions), so an assertion obtained for one TLS connection
 *       cannot be used on another.</li>
 * </ul>
 *
 * <h2>Properties given to {@code Sasl.createSaslClient} / {@code createSaslServer}</h2>
 * <table>
 *   <caption>samlec properties</caption>
 *   <tr><th>key</th><th>side</th><th>value</th></tr>
 *   <tr><td>{@link #ACCEPTOR}</td><td>server (required)</td><td>a {@link SamlecAcceptor}: the service's
 *       settings and shared state</td></tr>
 *   <tr><td>{@link #CHANNEL_BINDING}</td><td>both</td><td>a {@link TlsChannelBinding} of the application's TLS
 *       connection; required for {@code SAML20EC-PLUS}. A server may also be given a collection of them, or the
 *       bytes {@code "tls-server-end-point:" + hash} as OpenLDAP hands them to GS2 mechanisms. On the client, JNDI's
 *       {@code com.sun.jndi.ldap.tls.cbtype=tls-server-end-point} over {@code ldaps://} works as well.</td></tr>
 *   <tr><td>{@link #CHANNEL_BINDING_REQUIRED}</td><td>both</td><td>{@code "true"}: only {@code SAML20EC-PLUS} is
 *       offered or accepted</td></tr>
 *   <tr><td>{@link #SERVICE_NAME}</td><td>both</td><td>the service name to use instead of
 *       {@code protocol@serverName}, e.g. an absolute URI for IdPs that reject scheme-less ACS values</td></tr>
 *   <tr><td>{@link #IDPS}</td><td>client</td><td>a {@code List<IdpEndpoint>}: the IdPs, instead of asking the
 *       callback handler with {@link IdpCallback}</td></tr>
 *   <tr><td>{@link #CALL_TIMEOUT}</td><td>client</td><td>a {@code java.time.Duration}, or ISO-8601 text such as
 *       {@code "PT15S"}: the total time allowed for the call to the IdP (connect, TLS, request, the whole answer),
 *       replacing each endpoint's {@code callTimeout} (default 20 s); the call is then aborted and the exchange fails
 *       with {@code idp_timeout}. A Kafka client sets it among its client properties.</td></tr>
 *   <tr><td>{@link #IDP_KEEP_ALIVE}</td><td>client</td><td>{@code "true"} (default) or {@code "false"}: the call
 *       to the IdP reuses kept-alive connections shared by the process's logins (one per TLS trust and client
 *       certificate, never shared across them; Negotiate logins are never shared), instead of a new TCP connection
 *       and TLS handshake per login</td></tr>
 *   <tr><td>{@link #CLIENT_CERTIFICATE}</td><td>server</td><td>the TLS client certificate of the application
 *       connection (an {@code X509Certificate}, or the connection's {@code SSLSession}): a holder-of-key assertion
 *       passes only when it is bound to this certificate's key. Without it, a client asking for holder-of-key
 *       ({@code hok}) is refused.</td></tr>
 *   <tr><td>{@link #HOLDER_OF_KEY}</td><td>client</td><td>an {@code IdpCredentials.ClientCertificate}: the key the
 *       client also presents as TLS client certificate on the application connection. The client then sends
 *       {@code hok}, logs in at the IdP with this certificate (TLS client authentication) and asks it for a
 *       holder-of-key assertion bound to that key.</td></tr>
 *   <tr><td>{@link #DELEGATION}</td><td>client</td><td>{@code "true"}: ask for a delegated assertion
 *       ({@code del})</td></tr>
 *   <tr><td>{@code javax.security.sasl.server.authentication}</td><td>client</td><td>{@code "true"}: ask for
 *       mutual authentication ({@code mut}): the server must sign its request and the IdP must answer
 *       {@code ecp:RequestAuthenticated}</td></tr>
 * </table>
 *
 * <p>After a successful exchange the server exposes the validated assertion as the negotiated property
 * {@link #IDENTITY} (a {@link dev.samlec.mech.SamlIdentity}), and both sides the session key as
 * {@link #SESSION_KEY} when one was negotiated.
 */
public final class SamlecSasl {
    /** The mechanism name without channel binding. */
    public static final String SAML20EC = "SAML20EC";
    /** The mechanism name with TLS channel binding. */
    public static final String SAML20EC_PLUS = "SAML20EC-PLUS";

    /** Server property: the {@link SamlecAcceptor}. */
    public static final String ACCEPTOR = "dev.samlec.sasl.acceptor";
    /** Client and server property: the {@link TlsChannelBinding} of the application's TLS connection. */
    public static final String CHANNEL_BINDING = "dev.samlec.sasl.channelBinding";
    /** Client and server property: {@code "true"} to offer or accept only {@link #SAML20EC_PLUS}. */
    public static final String CHANNEL_BINDING_REQUIRED = "dev.samlec.sasl.channelBindingRequired";
    /** Client and server property: the service name (ACS) instead of {@code protocol@serverName}. */
    public static final String SERVICE_NAME = "dev.samlec.sasl.serviceName";
    /** Client property: a {@code List<IdpEndpoint>} of identity providers to use, in order of preference. */
    public static final String IDPS = "dev.samlec.sasl.idps";
    /**
     * Client property: the total time allowed for the call to the IdP, a {@code java.time.Duration} or ISO-8601 text
     * ({@code "PT15S"}); replaces the call timeout of every IdP endpoint the client uses.
     */
    public static final String CALL_TIMEOUT = "dev.samlec.sasl.callTimeout";
    /**
     * Client property: {@code "true"} (default) or {@code "false"} (or a {@code Boolean}): whether the call to the
     * IdP reuses the process's kept-alive connections ({@code dev.samlec.mech.client.IdpConnections}).
     */
    public static final String IDP_KEEP_ALIVE = "dev.samlec.sasl.idpKeepAlive";
    /**
     * Server property: the application connection's TLS client certificate, an {@code X509Certificate} or the
     * connection's {@code SSLSession}; holder-of-key assertions are checked against its key.
     */
    public static final String CLIENT_CERTIFICATE = "dev.samlec.sasl.clientCertificate";
    /**
     * Client property: an {@code IdpCredentials.ClientCertificate}, the key store and key the client also uses as its
     * TLS client certificate on the application connection; asks for a holder-of-key assertion bound to that key.
     */
    public static final String HOLDER_OF_KEY = "dev.samlec.sasl.holderOfKey";
    /** Client property: {@code "true"} to request a delegated assertion. */
    public static final String DELEGATION = "dev.samlec.sasl.delegation";
    /** Server negotiated property: the validated {@link dev.samlec.mech.SamlIdentity}. */
    public static final String IDENTITY = "dev.samlec.sasl.identity";
    /**
     * Client and server negotiated property: the session key (draft section 5.3), a
     * {@link javax.security.auth.kerberos.EncryptionKey} whose key type is the chosen RFC 3961 enctype (17 or 18)
     * and whose bytes are random-to-key of the IdP's {@code samlec:GeneratedKey}; {@code null} when the acceptor
     * offered no session key or the IdP issued none. Both sides hold the same bytes. {@code dispose()} destroys it;
     * the mechanism has no security layer, so what the key protects is the application's choice.
     */
    public static final String SESSION_KEY = "dev.samlec.sasl.sessionKey";

    /**
     * The property in which the JDK's LDAP client (JNDI, {@code com.sun.jndi.ldap.tls.cbtype}) passes
     * {@code "tls-server-end-point:" + hash} to SASL clients; read, never set, by samlec.
     */
    public static final String JDK_TLS_CHANNEL_BINDING = "jdk.internal.sasl.tlschannelbinding";

    private SamlecSasl() {
    }
}
