package dev.samlec.mech.service;

import dev.samlec.mech.ChannelBinding;
import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.internal.xml.OpenSaml;
import dev.samlec.mech.message.AuthnRequestBody;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.ext.saml2cb.ChannelBindings;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.Extensions;
import org.opensaml.saml.saml2.core.IDPEntry;
import org.opensaml.saml.saml2.core.IDPList;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameIDPolicy;
import org.opensaml.saml.saml2.core.Scoping;
import org.w3c.dom.Element;

/**
 * Issues SAML 2.0 AuthnRequests for the ECP/PAOS and SAML-EC flows and records their IDs in the
 * {@link RequestTracker} ({@link #issue}), or leaves them to the one exchange that holds them
 * ({@link #issueForExchange}).
 *
 * <p>Each request has {@code ID="_" + 40 hex digits} (20 bytes from the configured {@code SecureRandom}), IssueInstant
 * from the configured clock, Issuer = the entityID, AssertionConsumerServiceURL = the ACS, the ProtocolBinding of the
 * options (PAOS by default), {@code NameIDPolicy AllowCreate="true"}, and optionally Scoping/IDPList, IsPassive and
 * ForceAuthn; for SAML-EC optionally {@code samlp:Extensions/cb:ChannelBindings} (the channel binding, base64) and
 * {@code saml:Conditions} with the delegation audience. It carries an enveloped signature (RSA-SHA256 or
 * ECDSA-SHA256, exclusive c14n, the certificate in KeyInfo), which covers the Extensions, when the options require one
 * and, unless {@link IssueOptions#signWhenKeyConfigured()} is false, whenever a signing key is configured.
 * Thread-safe.
 */
public final class AuthnRequestIssuer {
    private static final int ID_RANDOM_BYTES = 20;

    /** How long the IDs of {@link #unsigned} requests are tracked (nothing consumes them). */
    private static final Duration UNSIGNED_TRACKING = Duration.ofMinutes(5);
    /** How many IDs of {@link #unsigned} requests are tracked at most. */
    private static final int UNSIGNED_MAX_TRACKED = 1000;

    private final String entityId;
    private final String assertionConsumerServiceUrl;
    private final Optional<SigningKey> signingKey;
    private final Clock clock;
    private final SecureRandom secureRandom;
    private final RequestTracker tracker;
    private final Duration lifetime;

    /** An issuer recording IDs in {@code tracker} (share it with the {@link ResponseValidator}). */
    public AuthnRequestIssuer(ServiceProviderSettings settings, RequestTracker tracker) {
        this(Objects.requireNonNull(settings, "settings").entityId(), settings.assertionConsumerServiceUrl(),
                settings.signingKey(), settings.clock(), settings.secureRandom(), tracker, settings.requestLifetime());
    }

    private AuthnRequestIssuer(String entityId, String assertionConsumerServiceUrl, Optional<SigningKey> signingKey,
            Clock clock, SecureRandom secureRandom, RequestTracker tracker, Duration lifetime) {
        this.entityId = requireText(entityId, "entityId");
        this.assertionConsumerServiceUrl = requireText(assertionConsumerServiceUrl, "assertionConsumerServiceUrl");
        this.signingKey = signingKey;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.secureRandom = Objects.requireNonNull(secureRandom, "secureRandom");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    }

    /**
     * An issuer of unsigned requests in the name of a service whose validation settings the caller does not have:
     * for a client that asks the IdP for an assertion it will not validate (samlec's JAAS login checks a password
     * this way and discards the answer). Its request IDs go to a tracker of its own that no validator consults, so
     * a Response to them is accepted nowhere.
     */
    public static AuthnRequestIssuer unsigned(String entityId, String assertionConsumerServiceUrl, Clock clock,
            SecureRandom secureRandom) {
        return new AuthnRequestIssuer(entityId, assertionConsumerServiceUrl, Optional.empty(), clock, secureRandom,
                new InMemoryRequestTracker(clock, UNSIGNED_TRACKING, UNSIGNED_MAX_TRACKED), UNSIGNED_TRACKING);
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /**
     * Builds, signs if configured, serialises and tracks a new AuthnRequest.
     *
     * @throws EcpConfigurationException if the options require a signature and no signing key is configured
     * @throws EcpException {@link EcpError#INTERNAL_ERROR} if OpenSAML cannot marshal or sign
     */
    public IssuedAuthnRequest issue(IssueOptions options) throws EcpException {
        return create(options, true);
    }

    /**
     * Builds, signs if required or configured, and serialises a new AuthnRequest <em>without</em> tracking it: the
     * caller (one SAML20EC exchange) holds it as an {@link ExchangeRequest} and validates the answer with
     * {@link ValidationContext#expect(ExchangeRequest)}. It expires after the settings' request lifetime. Issuing
     * this way takes no slot in the shared tracker, so no number of such requests can evict another's.
     *
     * @throws EcpConfigurationException if the options require a signature and no signing key is configured
     * @throws EcpException {@link EcpError#INTERNAL_ERROR} if OpenSAML cannot marshal or sign
     */
    public IssuedAuthnRequest issueForExchange(IssueOptions options) throws EcpException {
        return create(options, false);
    }

    private IssuedAuthnRequest create(IssueOptions options, boolean tracked) throws EcpException {
        Objects.requireNonNull(options, "options");
        Optional<SigningKey> key = options.requireSignature() || options.signWhenKeyConfigured() ? signingKey
                : Optional.empty();
        if (options.requireSignature() && key.isEmpty()) {
            throw new EcpConfigurationException("setting signingKey: is required because the request must be signed"
                    + (options.channelBinding().isPresent() ? " (it carries a channel binding)" : "")
                    + " (value: none)");
        }
        OpenSaml.ensureInitialized();
        String id = newId();
        Instant now = clock.instant();
        AuthnRequest request = build(id, now, options);
        Element element;
        try {
            element = key.isPresent() ? RequestSigning.signed(request, key.get())
                    : XMLObjectSupport.marshall(request);
        } catch (MarshallingException e) {
            throw new EcpException(EcpError.INTERNAL_ERROR, "AuthnRequest could not be marshalled", e);
        }
        AuthnRequestBody body = AuthnRequestBody.of(element);
        Instant expiresAt = tracked ? tracker.track(id) : now.plus(lifetime);
        return new IssuedAuthnRequest(id, body, now, expiresAt, key.isPresent());
    }

    private String newId() {
        byte[] random = new byte[ID_RANDOM_BYTES];
        secureRandom.nextBytes(random);
        return "_" + HexFormat.of().formatHex(random);
    }

    private AuthnRequest build(String id, Instant now, IssueOptions options) {
        AuthnRequest request = create(AuthnRequest.DEFAULT_ELEMENT_NAME);
        request.setID(id);
        request.setVersion(SAMLVersion.VERSION_20);
        request.setIssueInstant(now);
        request.setAssertionConsumerServiceURL(assertionConsumerServiceUrl);
        request.setProtocolBinding(options.protocolBinding());
        Issuer issuer = create(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(entityId);
        request.setIssuer(issuer);
        NameIDPolicy policy = create(NameIDPolicy.DEFAULT_ELEMENT_NAME);
        policy.setAllowCreate(Boolean.TRUE);
        options.nameIdFormat().ifPresent(policy::setFormat);
        request.setNameIDPolicy(policy);
        options.isPassive().ifPresent(request::setIsPassive);
        options.forceAuthn().ifPresent(request::setForceAuthn);
        if (!options.idpList().isEmpty()) {
            IDPList list = create(IDPList.DEFAULT_ELEMENT_NAME);
            for (String entityId : options.idpList()) {
                IDPEntry entry = create(IDPEntry.DEFAULT_ELEMENT_NAME);
                entry.setProviderID(entityId);
                list.getIDPEntrys().add(entry);
            }
            Scoping scoping = create(Scoping.DEFAULT_ELEMENT_NAME);
            scoping.setIDPList(list);
            request.setScoping(scoping);
        }
        options.channelBinding().ifPresent(cb -> request.setExtensions(channelBindingExtensions(cb)));
        if (options.requestDelegation()) {
            request.setConditions(delegationConditions());
        }
        return request;
    }

    private static Extensions channelBindingExtensions(ChannelBinding cb) {
        ChannelBindings element = create(ChannelBindings.DEFAULT_ELEMENT_NAME);
        element.setType(cb.type());
        element.setValue(Base64.getEncoder().encodeToString(cb.value()));
        Extensions extensions = create(Extensions.DEFAULT_ELEMENT_NAME);
        extensions.getUnknownXMLObjects().add(element);
        return extensions;
    }

    private static Conditions delegationConditions() {
        Audience audience = create(Audience.DEFAULT_ELEMENT_NAME);
        audience.setURI(IssueOptions.DELEGATION_AUDIENCE);
        AudienceRestriction restriction = create(AudienceRestriction.DEFAULT_ELEMENT_NAME);
        restriction.getAudiences().add(audience);
        Conditions conditions = create(Conditions.DEFAULT_ELEMENT_NAME);
        conditions.getAudienceRestrictions().add(restriction);
        return conditions;
    }

    @SuppressWarnings("unchecked")
    static <T extends XMLObject> T create(QName name) {
        return (T) XMLObjectSupport.buildXMLObject(name);
    }
}
