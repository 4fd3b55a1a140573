package dev.samlec.sasl.internal;

import dev.samlec.mech.ChannelBinding;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.client.IdpClient;
import dev.samlec.mech.client.IdpConnections;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.client.IdpSelector;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.message.PaosRequest;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.sasl.SamlecSasl;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.security.auth.kerberos.EncryptionKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's work on the server's challenge (draft sections 4.3 - 4.5, spec checklist section 9): check the
 * challenge, relay its AuthnRequest to the chosen IdP (with the client's channel binding for -PLUS), check the
 * IdP's answer, and build the PAOS response.
 *
 * <p>A refusal is thrown, not sent as a SOAP fault (the draft's SHOULD, sections 4.5 and 5.1): the applications
 * never ask the mechanism again after the server's failure result (JNDI's {@code LdapSasl.saslBind} stops at the
 * LDAP result and reports only the server's text; Kafka reports the broker's), so the client's own reason, naming
 * what it compared, would never reach the user. Thrown, it becomes the root cause of JNDI's
 * {@code AuthenticationException} and the message of Kafka's {@code SaslAuthenticationException}; the connection
 * is closed, and the reason is never sent to a server the client has just declined to trust.
 *
 * <p>Checks: responseConsumerURL = AuthnRequest AssertionConsumerServiceURL = the expected service name, before
 * and after the IdP (ecp:Response ACS); a signed AuthnRequest when {@code mut} or channel binding is used; the
 * challenge's cb:ChannelBindings type; ecp:RequestAuthenticated when {@code mut} was asked; no samlec:Delegated
 * unless {@code del} was asked; the IdP's echoed channel binding, if any, equals the client's; a generated key fits
 * one of the offered session key types (then the session key is derived, {@link SamlecSasl#SESSION_KEY}, and its
 * type is the response's only samlec:SessionKey choice; without a key the response makes no choice).
 */
final class ClientExchange {
    private static final Logger LOG = LoggerFactory.getLogger(ClientExchange.class);

    private final String serviceName;
    private final InitialResponse initial;
    private final Optional<ChannelBinding> binding;
    private final ClientIdps idps;
    private final Optional<Duration> callTimeout;
    private final Optional<IdpCredentials.ClientCertificate> holderOfKey;
    private final boolean keepAlive;
    private final SecureXmlParser parser = new SecureXmlParser(SecureXmlParser.DEFAULT_MAX_BYTES);
    private EncryptionKey sessionKey;

    /**
     * {@code callTimeout} ({@code dev.samlec.sasl.callTimeout}), when given, replaces the endpoint's own;
     * {@code holderOfKey} ({@code dev.samlec.sasl.holderOfKey}), when given, is the login at the IdP (TLS client
     * authentication) and the key the IdP is asked to bind the assertion to; {@code keepAlive}
     * ({@code dev.samlec.sasl.idpKeepAlive}) makes the call on the process's kept-alive IdP connections.
     */
    ClientExchange(String serviceName, InitialResponse initial, Optional<ChannelBinding> binding, ClientIdps idps,
            Optional<Duration> callTimeout, Optional<IdpCredentials.ClientCertificate> holderOfKey,
            boolean keepAlive) {
        this.holderOfKey = holderOfKey;
        this.keepAlive = keepAlive;
        this.serviceName = serviceName;
        this.initial = initial;
        this.binding = binding;
        this.idps = idps;
        this.callTimeout = callTimeout;
    }

    /**
     * Answers a challenge with the PAOS response carrying the IdP's Response.
     *
     * @throws EcpException for every refusal: a challenge that cannot be read (too large, not a PAOS request), one
     *     this client must not answer (another service name, unsigned when {@code mut} or -PLUS), or an IdP that
     *     gave no assertion or could not be reached. The exception, not a SOAP fault, is what ends the exchange: see
     *     the class comment
     */
    byte[] answer(byte[] message) throws EcpException {
        if (message.length > parser.maxBytes()) {
            throw new EcpException(EcpError.MESSAGE_TOO_LARGE, "the server's login request is " + message.length
                    + " bytes; at most " + parser.maxBytes() + " are accepted");
        }
        if (message.length == 0) {
            throw new EcpException(EcpError.MALFORMED_MESSAGE, "the server sent an empty message where its login"
                    + " request (a PAOS request) was expected");
        }
        PaosRequest challenge = PaosRequest.parse(message, parser);
        try {
            return relay(challenge);
        } catch (EcpException e) {
            LOG.debug("refusing the login request of {}: {}", serviceName, e.describe());
            throw e;
        }
    }

    private byte[] relay(PaosRequest challenge) throws EcpException {
        checkChallenge(challenge);
        requireKnownEncType(challenge.sessionKeyEncTypes());
        IdpEndpoint chosen = new IdpSelector(idps.endpoints()).choose(challenge.ecpRequest());
        // For holder-of-key the IdP must see the very key of the application connection: it binds what it verified.
        IdpEndpoint idp = holderOfKey.isPresent() ? chosen.withCredentials(holderOfKey.get())
                : idps.withCredentials(chosen);
        IdpResponse answer;
        IdpEndpoint call = callTimeout.isEmpty() ? idp : idp.withCallTimeout(callTimeout.get());
        try (IdpClient client = keepAlive ? IdpConnections.shared().client(call) : new IdpClient(call)) {
            answer = client.send(IdpRequest.of(challenge.authnRequest(), binding, holderOfKey.isPresent()));
        } finally {
            ClientIdps.wipe(chosen, idp);
        }
        checkAnswer(answer);
        Optional<Integer> encType = chooseSessionKey(challenge.sessionKeyEncTypes(), answer);
        return PaosResponse.of(challenge, answer.response().orElseThrow(), encType).toBytes();
    }

    /**
     * Picks the enctype among those offered and derives the session key when the IdP issued one (draft 5.3):
     * the first known enctype whose key length is the generated key's. A choice is sent only with a derived key:
     * with no header key the client has none, and a choice would let the server derive one from the assertion's
     * Advice alone, a key this client never holds (decision D3). Nothing offered: no choice, and a key the IdP sent
     * anyway is dropped. The IdP's header copy never reaches the server: {@link PaosResponse#of} copies no IdP block.
     */
    private Optional<Integer> chooseSessionKey(List<Integer> offered, IdpResponse answer) throws EcpException {
        Optional<byte[]> material = answer.generatedKey();
        try {
            if (offered.isEmpty() || material.isEmpty()) {
                return Optional.empty();
            }
            int length = material.get().length;
            int chosen = SessionKeys.firstFitting(offered, length).orElseThrow(() -> new EcpException(
                    EcpError.SESSION_KEY_MISMATCH, "the identity provider issued a " + length + "-byte session key"
                            + " (samlec:GeneratedKey), which fits none of the session key types the server offered, "
                            + offered + " (17 takes 16 bytes, 18 takes 32); the assertion was not sent"));
            sessionKey = SessionKeys.derive(chosen, material.get());
            return Optional.of(chosen);
        } finally {
            material.ifPresent(k -> Arrays.fill(k, (byte) 0));
        }
    }

    /** The session key derived from the IdP's GeneratedKey, if one was issued and a type chosen. */
    Optional<EncryptionKey> sessionKey() {
        return Optional.ofNullable(sessionKey);
    }

    private void checkChallenge(PaosRequest challenge) throws EcpException {
        String rcu = challenge.responseConsumerUrl();
        Optional<String> acs = challenge.authnRequest().assertionConsumerServiceUrl();
        if (acs.isEmpty() || !rcu.equals(acs.get())) {
            throw new EcpException(EcpError.ACS_MISMATCH, "the server's login request names two different"
                    + " services: '" + InitialResponse.printable(rcu) + "' (paos:Request responseConsumerURL) and '"
                    + InitialResponse.printable(acs.orElse("(none)")) + "' (AuthnRequest AssertionConsumerServiceURL);"
                    + " this client (connected to " + serviceName + ") did not contact the identity provider");
        }
        if (!rcu.equals(serviceName)) {
            throw new EcpException(EcpError.ACS_MISMATCH, "the service calls itself "
                    + InitialResponse.printable(rcu) + ", but this client connected to " + serviceName + "; the"
                    + " names must be equal, so the identity provider was not contacted. Connect with the host name"
                    + " the service is registered under (not an IP address or an alias), or set "
                    + SamlecSasl.SERVICE_NAME + " on the client to the service's name");
        }
        if (initial.mut() && !challenge.authnRequest().signed()) {
            throw new EcpException(EcpError.MUTUAL_AUTHENTICATION_FAILED, "this client asked the server to prove"
                    + " its identity (mutual authentication), but the server's login request is not signed");
        }
        if (binding.isPresent()) {
            String type = binding.get().type();
            if (!challenge.channelBindingsType().equals(Optional.of(type)) || !challenge.authnRequest().signed()) {
                Optional<String> offered = challenge.channelBindingsType();
                String problem = !offered.equals(Optional.of(type)) ? offered.isEmpty()
                        ? "does not bind it to a TLS connection (no cb:ChannelBindings header)"
                        : "binds it with " + InitialResponse.printable(offered.get()) : "is not signed";
                throw new EcpException(EcpError.CHANNEL_BINDING_MISMATCH, "this client binds the login to its TLS"
                        + " connection (" + type + "), but the server's login request " + problem
                        + "; a bound login needs both the same binding type and a signed request");
            }
        }
    }

    private void checkAnswer(IdpResponse answer) throws EcpException {
        Optional<String> acs = answer.assertionConsumerServiceUrl();
        if (acs.isEmpty() || !acs.get().equals(serviceName)) {
            throw new EcpException(EcpError.ACS_MISMATCH, "the identity provider addressed its answer to '"
                    + InitialResponse.printable(acs.orElse("(nobody)")) + "', not to " + serviceName
                    + " (ecp:Response AssertionConsumerServiceURL); the assertion was not sent to the server");
        }
        if (initial.mut() && !answer.requestAuthenticated()) {
            throw new EcpException(EcpError.MUTUAL_AUTHENTICATION_FAILED, "this client asked the server to prove"
                    + " its identity (mutual authentication), but the identity provider did not confirm that it checked"
                    + " the server's signature (no ecp:RequestAuthenticated); the assertion was not sent");
        }
        if (answer.delegated() && !initial.del()) {
            throw new EcpException(EcpError.UNEXPECTED_DELEGATION, "the identity provider issued an assertion the"
                    + " server could pass on to other services (samlec:Delegated), which this client did not ask for;"
                    + " it was not sent");
        }
        if (binding.isPresent() && answer.channelBinding().isPresent() && !answer.channelBinding().equals(binding)) {
            throw new EcpException(EcpError.CHANNEL_BINDING_MISMATCH, "the identity provider bound the assertion"
                    + " to another TLS connection (" + answer.channelBinding().get().type() + ") than this client's;"
                    + " it was not sent");
        }
    }

    private static void requireKnownEncType(List<Integer> offered) throws EcpException {
        if (!offered.isEmpty() && offered.stream().noneMatch(SessionKeys.KNOWN_ENCTYPES::contains)) {
            throw new EcpException(EcpError.MALFORMED_MESSAGE, "the server asks for a session key of types "
                    + offered + " only, none of which this client supports (17, aes128-cts-hmac-sha1-96, is"
                    + " mandatory)");
        }
    }

    /** Destroys the session key; the IdP client and any password copy live only during answer(). */
    void dispose() {
        SessionKeys.destroy(sessionKey);
    }
}
