package dev.samlec.mech.service;

import dev.samlec.mech.ChannelBinding;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * How one validation binds the Response to a request: which InResponseTo is acceptable, and optionally which IdP
 * must have issued it. Immutable.
 *
 * <ul>
 *   <li>{@link #expect(ExchangeRequest)}: the caller holds the one request of this exchange (a SAML20EC server).
 *       The Response and its bearer confirmation must answer exactly that ID, which is consumed in the
 *       {@link ExchangeRequest} itself (once, before it expires); the shared {@link RequestTracker} is not
 *       consulted, so other exchanges cannot make it unknown.</li>
 *   <li>{@link #expect(String)}: the caller knows the one AuthnRequest ID it expects, and the service's
 *       {@link RequestTracker} holds it. The Response and its bearer confirmation must answer exactly that ID, and
 *       the ID is consumed in the tracker.</li>
 *   <li>{@link #tracked()}: any ID this service issued and has not yet seen answered (an ECP endpoint that serves
 *       many clients); consumed once.</li>
 *   <li>{@link #unchecked()}: InResponseTo is not bound to any request. <strong>Only</strong> for the offline
 *       {@code samlec verify} diagnostic when the operator gives no {@code --in-response-to}: a Response validated
 *       this way may be an unsolicited or stolen one and must never log anybody in.</li>
 * </ul>
 *
 * <p>{@link #withChannelBinding(ChannelBinding)} additionally requires every assertion to carry that channel binding
 * in its {@code saml:Advice} (SAML V2.0 Channel Binding Extensions; SAML20EC-PLUS). Without it, channel bindings in
 * Advice are ignored.
 *
 * <p>{@link #withClientCertificate(X509Certificate)} names the TLS client certificate the peer authenticated with on
 * the connection the Response arrived on (the TLS handshake proved possession of its private key); a holder-of-key
 * confirmation passes only if its {@code ds:KeyInfo} holds that certificate's public key. Without it, no holder-of-key
 * confirmation passes.
 */
public final class ValidationContext {
    /** How InResponseTo is bound. */
    public enum Binding {
        /** Must equal one known request ID, which is consumed. */
        EXPECTED,
        /** Must be any tracked request ID, which is consumed. */
        TRACKED,
        /** Not bound (offline diagnostics only). */
        UNCHECKED
    }

    private final Binding binding;
    private final String requestId;
    private final String expectedIssuer;
    private final ChannelBinding channelBinding;
    private final ExchangeRequest exchangeRequest;
    private final X509Certificate clientCertificate;

    private ValidationContext(Binding binding, String requestId, String expectedIssuer,
            ChannelBinding channelBinding, ExchangeRequest exchangeRequest) {
        this(binding, requestId, expectedIssuer, channelBinding, exchangeRequest, null);
    }

    private ValidationContext(Binding binding, String requestId, String expectedIssuer,
            ChannelBinding channelBinding, ExchangeRequest exchangeRequest, X509Certificate clientCertificate) {
        this.binding = binding;
        this.requestId = requestId;
        this.expectedIssuer = expectedIssuer;
        this.channelBinding = channelBinding;
        this.exchangeRequest = exchangeRequest;
        this.clientCertificate = clientCertificate;
    }

    private ValidationContext with(X509Certificate certificate) {
        return new ValidationContext(binding, requestId, expectedIssuer, channelBinding, exchangeRequest, certificate);
    }

    /** The Response must answer {@code requestId}, which must be tracked and is consumed. */
    public static ValidationContext expect(String requestId) {
        if (requestId == null || requestId.isEmpty()) {
            throw new IllegalArgumentException("requestId must not be empty");
        }
        return new ValidationContext(Binding.EXPECTED, requestId, null, null, null);
    }

    /**
     * The Response must answer {@code request}, which is consumed in the request itself (exactly once, before it
     * expires), not in the service's tracker.
     */
    public static ValidationContext expect(ExchangeRequest request) {
        Objects.requireNonNull(request, "request");
        return new ValidationContext(Binding.EXPECTED, request.id(), null, null, request);
    }

    /** The Response must answer some request this service issued; that ID is consumed. */
    public static ValidationContext tracked() {
        return new ValidationContext(Binding.TRACKED, null, null, null, null);
    }

    /** InResponseTo is not checked against any request: offline diagnostics only, see the class comment. */
    public static ValidationContext unchecked() {
        return new ValidationContext(Binding.UNCHECKED, null, null, null, null);
    }

    /** A copy that also requires the Response and Assertion Issuer to be {@code entityId} (the IdP the client used). */
    public ValidationContext withExpectedIssuer(String entityId) {
        return new ValidationContext(binding, requestId, Objects.requireNonNull(entityId, "entityId"),
                channelBinding, exchangeRequest).with(clientCertificate);
    }

    /**
     * A copy that also requires, in every assertion, a {@code saml:Advice/cb:ChannelBindings} whose Type and decoded
     * value equal {@code expected} (else {@code CHANNEL_BINDING_MISMATCH}).
     */
    public ValidationContext withChannelBinding(ChannelBinding expected) {
        return new ValidationContext(binding, requestId, expectedIssuer,
                Objects.requireNonNull(expected, "expected"), exchangeRequest).with(clientCertificate);
    }

    /**
     * A copy that knows the TLS client certificate of the connection the Response arrived on, against which a
     * holder-of-key confirmation is checked; an empty {@code certificate} (no client certificate) leaves it unset.
     */
    public ValidationContext withClientCertificate(Optional<X509Certificate> certificate) {
        return with(Objects.requireNonNull(certificate, "certificate").orElse(null));
    }

    /** A copy that knows the TLS client certificate of the connection the Response arrived on. */
    public ValidationContext withClientCertificate(X509Certificate certificate) {
        return with(Objects.requireNonNull(certificate, "certificate"));
    }

    /** How InResponseTo is bound. */
    public Binding binding() {
        return binding;
    }

    /** The expected request ID, for {@link Binding#EXPECTED}. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** The exchange's own request, for {@link #expect(ExchangeRequest)}: consumed there, not in the tracker. */
    public Optional<ExchangeRequest> exchangeRequest() {
        return Optional.ofNullable(exchangeRequest);
    }

    /** The IdP that must have issued the Response, when the caller knows it. */
    public Optional<String> expectedIssuer() {
        return Optional.ofNullable(expectedIssuer);
    }

    /** The channel binding every assertion must carry in its Advice, when required. */
    public Optional<ChannelBinding> channelBinding() {
        return Optional.ofNullable(channelBinding);
    }

    /** The TLS client certificate of the connection the Response arrived on, when the caller gave it. */
    public Optional<X509Certificate> clientCertificate() {
        return Optional.ofNullable(clientCertificate);
    }

    @Override
    public String toString() {
        return "ValidationContext[" + binding + (requestId == null ? "" : " " + requestId)
                + (exchangeRequest == null ? "" : " (held by the exchange)")
                + (expectedIssuer == null ? "" : ", issuer " + expectedIssuer)
                + (channelBinding == null ? "" : ", channel binding " + channelBinding.type())
                + (clientCertificate == null ? "" : ", TLS client certificate") + "]";
    }
}
