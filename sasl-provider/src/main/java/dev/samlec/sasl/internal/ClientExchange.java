package dev.samlec.sasl.internal;

import dev.samlec.mech.ChannelBinding;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.client.IdpClient;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.client.IdpSelector;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.message.PaosRequest;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.message.SoapFault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's work on the server's challenge (draft sections 4.3 - 4.5, spec checklist section 9): check the
 * challenge, relay its AuthnRequest to the chosen IdP (with the client's channel binding for -PLUS), check the
 * IdP's answer, and build the PAOS response. Once the challenge has been read, every refusal becomes a SOAP fault
 * for the server (faultstring = the samlec error code, nothing else) instead of an assertion.
 *
 * <p>Checks: responseConsumerURL = AuthnRequest AssertionConsumerServiceURL = the expected service name, before
 * and after the IdP (ecp:Response ACS); a signed AuthnRequest when {@code mut} or channel binding is used; the
 * challenge's cb:ChannelBindings type; ecp:RequestAuthenticated when {@code mut} was asked; no samlec:Delegated
 * unless {@code del} was asked; the IdP's echoed channel binding, if any, equals the client's.
 */
final class ClientExchange {
    /** The enctypes a client may choose (RFC 3961 aes128/aes256-cts-hmac-sha1-96); 17 is mandatory. */
    static final List<Integer> KNOWN_ENCTYPES = List.of(17, 18);
    private static final Logger LOG = LoggerFactory.getLogger(ClientExchange.class);

    private final String serviceName;
    private final InitialResponse initial;
    private final Optional<ChannelBinding> binding;
    private final ClientIdps idps;
    private final Optional<Duration> callTimeout;
    private final boolean idpUnavailableThrows;
    private final SecureXmlParser parser = new SecureXmlParser(SecureXmlParser.DEFAULT_MAX_BYTES);

    /**
     * {@code callTimeout} ({@code dev.samlec.sasl.callTimeout}), when given, replaces the endpoint's own;
     * {@code idpUnavailableThrows} ({@code dev.samlec.sasl.idpUnavailableThrows}) makes an unreachable IdP a thrown
     * failure instead of a SOAP fault.
     */
    ClientExchange(String serviceName, InitialResponse initial, Optional<ChannelBinding> binding, ClientIdps idps,
            Optional<Duration> callTimeout, boolean idpUnavailableThrows) {
        this.serviceName = serviceName;
        this.initial = initial;
        this.binding = binding;
        this.idps = idps;
        this.callTimeout = callTimeout;
        this.idpUnavailableThrows = idpUnavailableThrows;
    }

    /** The message to send, and the failure it reports if it is a SOAP fault. */
    record Answer(byte[] message, Optional<EcpException> failure) {
    }

    /**
     * Answers a challenge.
     *
     * @throws EcpException when the challenge cannot even be read (too large, not a PAOS request): no fault can
     *     be addressed to it; or, when asked to, when the IdP could not be reached
     */
    Answer answer(byte[] message) throws EcpException {
        if (message.length > parser.maxBytes()) {
            throw new EcpException(EcpError.MESSAGE_TOO_LARGE, "the server's challenge is " + message.length
                    + " bytes; at most " + parser.maxBytes() + " are accepted");
        }
        if (message.length == 0) {
            throw new EcpException(EcpError.MALFORMED_MESSAGE, "the server's challenge is empty; expected a PAOS"
                    + " request");
        }
        PaosRequest challenge = PaosRequest.parse(message, parser);
        try {
            return new Answer(relay(challenge), Optional.empty());
        } catch (EcpException e) {
            if (idpUnavailableThrows && isIdpUnavailable(e)) {
                throw e;
            }
            LOG.debug("refusing the challenge of {}: {}", serviceName, e.describe());
            SoapFault fault = SoapFault.serverFault("samlec client: " + e.error().code());
            return new Answer(PaosResponse.fault(challenge, fault).toBytes(), Optional.of(e));
        }
    }

    /** The IdP was not reached or did not answer in time: nothing about the user was decided. */
    static boolean isIdpUnavailable(EcpException e) {
        return e.error() == EcpError.IDP_UNREACHABLE || e.error() == EcpError.IDP_TIMEOUT;
    }

    private byte[] relay(PaosRequest challenge) throws EcpException {
        checkChallenge(challenge);
        Optional<Integer> encType = chooseEncType(challenge.sessionKeyEncTypes());
        IdpEndpoint chosen = new IdpSelector(idps.endpoints()).choose(challenge.ecpRequest());
        IdpEndpoint idp = idps.withCredentials(chosen);
        IdpResponse answer;
        try (IdpClient client = new IdpClient(callTimeout.isEmpty() ? idp : idp.withCallTimeout(callTimeout.get()))) {
            answer = client.send(IdpRequest.of(challenge.authnRequest(), binding));
        } finally {
            ClientIdps.wipe(chosen, idp);
        }
        checkAnswer(answer);
        return PaosResponse.of(challenge, answer.response().orElseThrow(), encType).toBytes();
    }

    private void checkChallenge(PaosRequest challenge) throws EcpException {
        String rcu = challenge.responseConsumerUrl();
        Optional<String> acs = challenge.authnRequest().assertionConsumerServiceUrl();
        if (!rcu.equals(serviceName) || acs.isEmpty() || !acs.get().equals(serviceName)) {
            throw new EcpException(EcpError.ACS_MISMATCH, "the challenge is not for service " + serviceName
                    + ": paos:Request responseConsumerURL '" + InitialResponse.printable(rcu)
                    + "', AuthnRequest AssertionConsumerServiceURL '"
                    + InitialResponse.printable(acs.orElse("(none)")) + "'");
        }
        if (initial.mut() && !challenge.authnRequest().signed()) {
            throw new EcpException(EcpError.MUTUAL_AUTHENTICATION_FAILED, "mutual authentication was requested"
                    + " but the server's AuthnRequest is not signed");
        }
        if (binding.isPresent()) {
            String type = binding.get().type();
            if (!challenge.channelBindingsType().equals(Optional.of(type)) || !challenge.authnRequest().signed()) {
                throw new EcpException(EcpError.CHANNEL_BINDING_MISMATCH, "the server's challenge must carry a"
                        + " cb:ChannelBindings header of type " + type + " and a signed AuthnRequest; it has type "
                        + challenge.channelBindingsType().orElse("(none)") + " and "
                        + (challenge.authnRequest().signed() ? "a signed" : "an unsigned") + " request");
            }
        }
    }

    private void checkAnswer(IdpResponse answer) throws EcpException {
        Optional<String> acs = answer.assertionConsumerServiceUrl();
        if (acs.isEmpty() || !acs.get().equals(serviceName)) {
            throw new EcpException(EcpError.ACS_MISMATCH, "the identity provider's ecp:Response"
                    + " AssertionConsumerServiceURL is '" + InitialResponse.printable(acs.orElse("(none)"))
                    + "', not the service name " + serviceName + "; the assertion was not forwarded");
        }
        if (initial.mut() && !answer.requestAuthenticated()) {
            throw new EcpException(EcpError.MUTUAL_AUTHENTICATION_FAILED, "mutual authentication was requested but"
                    + " the identity provider did not confirm the server's signed request (no ecp:RequestAuthenticated)");
        }
        if (answer.delegated() && !initial.del()) {
            throw new EcpException(EcpError.UNEXPECTED_DELEGATION, "the identity provider issued a delegated"
                    + " assertion (samlec:Delegated) that was not requested");
        }
        if (binding.isPresent() && answer.channelBinding().isPresent() && !answer.channelBinding().equals(binding)) {
            throw new EcpException(EcpError.CHANNEL_BINDING_MISMATCH, "the identity provider echoed a different"
                    + " channel binding (" + answer.channelBinding().get().type() + ") than the client sent");
        }
    }

    private static Optional<Integer> chooseEncType(List<Integer> offered) throws EcpException {
        if (offered.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(offered.stream().filter(KNOWN_ENCTYPES::contains).findFirst().orElseThrow(
                () -> new EcpException(EcpError.MALFORMED_MESSAGE, "the server offers session-key enctypes "
                        + offered + " but not the mandatory 17 (aes128-cts-hmac-sha1-96)")));
    }

    void dispose() {
        // nothing held between messages: the IdP client and any password copy live only during answer()
    }
}
