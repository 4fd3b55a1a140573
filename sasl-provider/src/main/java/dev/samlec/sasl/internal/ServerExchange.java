package dev.samlec.sasl.internal;

import dev.samlec.mech.ChannelBinding;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.message.AuthnRequestBody;
import dev.samlec.mech.message.EcpRequestHeader;
import dev.samlec.mech.message.IdpEntry;
import dev.samlec.mech.message.PaosRequest;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.message.SamlResponseBody;
import dev.samlec.mech.service.ExchangeRequest;
import dev.samlec.mech.service.IssueOptions;
import dev.samlec.mech.service.IssuedAuthnRequest;
import dev.samlec.mech.service.ValidationContext;
import dev.samlec.sasl.SamlecAcceptor;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.security.auth.kerberos.EncryptionKey;

/**
 * The server's two steps of one SAML20EC exchange (draft sections 4.3 and 4.6): the challenge for an initial
 * response, then the validation of the client's PAOS response against that challenge. Holds its own request (an
 * {@link ExchangeRequest}: ID and expiry, not the acceptor's shared tracker), so a response is only accepted for the
 * challenge of this exchange, once, and no number of other exchanges can make it unknown.
 *
 * <p>The request is signed only when it must be (draft section 4.3): the client asked for mutual authentication
 * ({@code mut}) or channel binding is used, or the acceptor says so ({@link SamlecAcceptor#signsPlainRequest()}:
 * {@code signEveryRequest}, or the IdP the request goes to wants signed requests).
 */
final class ServerExchange {
    private final SamlecAcceptor acceptor;
    private final InitialResponse initial;
    private final Optional<ChannelBinding> binding;
    private final Optional<X509Certificate> clientCertificate;
    private ExchangeRequest request;
    private RelayStateToken relayState;
    private EncryptionKey sessionKey;

    /** {@code clientCertificate}: the connection's TLS client certificate, against which holder-of-key is checked. */
    ServerExchange(SamlecAcceptor acceptor, InitialResponse initial, Optional<ChannelBinding> binding,
            Optional<X509Certificate> clientCertificate) {
        this.clientCertificate = clientCertificate;
        this.acceptor = acceptor;
        this.initial = initial;
        this.binding = binding;
    }

    InitialResponse initial() {
        return initial;
    }

    /** Issues the AuthnRequest (held here, not tracked by the acceptor) and wraps it in the PAOS challenge envelope. */
    byte[] challenge() throws EcpException {
        IssueOptions.Builder options = IssueOptions.builder().protocolBinding(acceptor.protocolBinding())
                .idpList(acceptor.idpList()).requireSignature(initial.mut() || binding.isPresent())
                .signWhenKeyConfigured(acceptor.signsPlainRequest()).requestDelegation(initial.del());
        binding.ifPresent(options::channelBinding);
        IssuedAuthnRequest issued = acceptor.provider().issueForExchange(options.build());
        request = ExchangeRequest.of(issued);
        AuthnRequestBody body = issued.body(acceptor.parser());
        EcpRequestHeader header = new EcpRequestHeader(acceptor.provider().settings().entityId(),
                acceptor.providerName(), Optional.empty(), acceptor.idpList().stream().map(IdpEntry::of).toList(),
                Optional.empty());
        PaosRequest.Builder challenge = PaosRequest.builder(body, acceptor.serviceName(), header)
                .messageId(issued.id());
        relayState = RelayStateToken.next(acceptor.provider().settings().secureRandom());
        challenge.relayState(relayState.value());
        if (!acceptor.sessionKeyEncTypes().isEmpty()) {
            challenge.sessionKeyEncTypes(acceptor.sessionKeyEncTypes());
        }
        binding.ifPresent(b -> challenge.channelBindingsType(b.type()));
        return challenge.build().toBytes();
    }

    /**
     * Validates the client's response: not a SOAP fault, refToMessageID = this challenge's ID, the challenge's
     * RelayState echoed, a SessionKey choice (if any: none means the client received no key) among those offered,
     * then the Response through the validator bound to this exchange's request (consumed in it, once, before it
     * expires) and, with channel binding, to this exchange's binding in every assertion's Advice; finally the
     * session key from the IdP's generated key, only when the client chose a type ({@link ServerSessionKey}).
     */
    SamlIdentity accept(byte[] message) throws EcpException {
        PaosResponse response = PaosResponse.parse(message, acceptor.parser());
        if (response.fault().isPresent()) {
            throw new EcpException(EcpError.CLIENT_SOAP_FAULT, "the client declined to log in and sent no"
                    + " assertion; its SOAP fault says '" + InitialResponse.printable(response.fault().get().faultString())
                    + "'");
        }
        String ref = response.refToMessageId().orElseThrow(() -> new EcpException(EcpError.MALFORMED_MESSAGE,
                "the client's answer does not say which login request it answers (no paos:Response refToMessageID);"
                        + " this exchange's request is " + request.id()));
        if (!ref.equals(request.id())) {
            throw new EcpException(EcpError.INVALID_IN_RESPONSE_TO, "the client's answer is for another login"
                    + " request ('" + InitialResponse.printable(ref) + "', paos:Response refToMessageID), not this"
                    + " exchange's " + request.id());
        }
        relayState.checkEcho(response.relayState());
        ServerSessionKey.checkChoice(acceptor, response.sessionKeyEncType());
        SamlResponseBody body = response.response().orElseThrow();
        ValidationContext context = ValidationContext.expect(request).withClientCertificate(clientCertificate);
        if (binding.isPresent()) {
            context = context.withChannelBinding(binding.get());
        }
        SamlIdentity identity = acceptor.provider().validateReleasing(body, context);
        sessionKey = ServerSessionKey.derive(acceptor, response.sessionKeyEncType(), identity).orElse(null);
        return identity;
    }

    /** The session key derived in {@link #accept}, if one was negotiated. */
    Optional<EncryptionKey> sessionKey() {
        return Optional.ofNullable(sessionKey);
    }

    /** Destroys the session key. */
    void dispose() {
        SessionKeys.destroy(sessionKey);
    }
}
