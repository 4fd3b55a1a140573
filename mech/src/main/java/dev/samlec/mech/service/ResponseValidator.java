package dev.samlec.mech.service;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.internal.logging.LibraryLogging;
import dev.samlec.mech.internal.validation.ChannelBindingStep;
import dev.samlec.mech.internal.validation.ConditionsStep;
import dev.samlec.mech.internal.validation.DestinationStep;
import dev.samlec.mech.internal.validation.GeneratedKeyStep;
import dev.samlec.mech.internal.validation.IdentityStep;
import dev.samlec.mech.internal.validation.InResponseToStep;
import dev.samlec.mech.internal.validation.IssuerStep;
import dev.samlec.mech.internal.validation.ParseStep;
import dev.samlec.mech.internal.validation.ReplayStep;
import dev.samlec.mech.internal.validation.ScopedAttributeStep;
import dev.samlec.mech.internal.validation.SignatureStep;
import dev.samlec.mech.internal.validation.StatusStep;
import dev.samlec.mech.internal.validation.StructureStep;
import dev.samlec.mech.internal.validation.SubjectConfirmationStep;
import dev.samlec.mech.internal.validation.SubjectStep;
import dev.samlec.mech.internal.validation.ValidationState;
import dev.samlec.mech.internal.validation.ValidationStep;
import dev.samlec.mech.SecureXmlParser;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

/**
 * Validates a SAML 2.0 Response for this service and returns the identity it asserts: an ordered, fail-closed
 * pipeline that stops at the first failing step.
 * <ol>
 *   <li>parse (hardened parser: size cap, no DOCTYPE) and unmarshal; root samlp:Response Version 2.0;</li>
 *   <li>structure: exactly one Assertion or EncryptedAssertion, nothing hidden in Extensions or Signatures, unique
 *       IDs;</li>
 *   <li>Status Success;</li>
 *   <li>signatures (profile, algorithm include lists, configured IdP keys only), then decryption; the assertion must
 *       be covered by a verified signature;</li>
 *   <li>Issuer of Response and Assertion = the expected IdP, which made the signatures;</li>
 *   <li>channel binding, when the {@link ValidationContext} names one: the assertion's Advice carries exactly that
 *       {@code cb:ChannelBindings} (Type and value);</li>
 *   <li>Destination = ACS URL (required when the Response is signed);</li>
 *   <li>InResponseTo bound per {@link ValidationContext} and consumed;</li>
 *   <li>one bearer SubjectConfirmation passing every check;</li>
 *   <li>validity window (skew) and AudienceRestriction;</li>
 *   <li>NameID and exactly one AuthnStatement; at most one {@code samlec:GeneratedKey} in the Advice, only in an
 *       encrypted assertion; then the identity is extracted (with that key), and scoped attribute values outside
 *       the IdP's scopes are dropped or refused;</li>
 *   <li>replay: the assertion is recorded, and refused if it was seen before.</li>
 * </ol>
 * Each failure is an {@link EcpException} whose {@link EcpError} names the failed check. An unexpected runtime error
 * becomes {@link EcpError#INTERNAL_ERROR}; nothing ever passes by default. Thread-safe.
 */
public final class ResponseValidator {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseValidator.class);

    private final ServiceProviderSettings settings;
    private final List<ValidationStep> steps;

    /**
     * A validator for {@code settings}, consuming request IDs from {@code tracker} (share the tracker with the
     * {@link AuthnRequestIssuer} that issues the requests).
     */
    public ResponseValidator(ServiceProviderSettings settings, RequestTracker tracker) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(tracker, "tracker");
        String acs = settings.assertionConsumerServiceUrl();
        this.steps = List.of(
                new ParseStep(new SecureXmlParser(settings.maxResponseBytes())),
                new StructureStep(),
                new StatusStep(),
                new SignatureStep(settings),
                new IssuerStep(settings.idpTrust()),
                new ChannelBindingStep(),
                new DestinationStep(acs),
                new InResponseToStep(tracker),
                new SubjectConfirmationStep(acs, settings.clockSkew(), settings.confirmationMethods()),
                new ConditionsStep(settings.entityId(), settings.clockSkew()),
                new SubjectStep(settings),
                new GeneratedKeyStep(),
                new IdentityStep(settings),
                new ScopedAttributeStep(settings.scopedAttributes()),
                new ReplayStep(settings.replayCache(), settings.clockSkew()));
        LibraryLogging.warnOnce();
    }

    /**
     * Validates the bytes of a standalone {@code samlp:Response} element.
     *
     * @throws EcpException at the first failed check
     */
    public SamlIdentity validate(byte[] samlResponse, ValidationContext context) throws EcpException {
        return run(ValidationState.ofBytes(samlResponse, context, settings.clock().instant()));
    }

    /**
     * Validates a document whose root is the {@code samlp:Response}. The document must come from
     * {@link SecureXmlParser} (comments dropped, no DTD); it is modified (ID attributes registered) and must not be
     * reused.
     *
     * @throws EcpException at the first failed check
     */
    public SamlIdentity validate(Document samlResponse, ValidationContext context) throws EcpException {
        return run(ValidationState.ofDocument(samlResponse, context, settings.clock().instant()));
    }

    private SamlIdentity run(ValidationState state) throws EcpException {
        for (ValidationStep step : steps) {
            try {
                step.apply(state);
            } catch (EcpException e) {
                LOG.debug("SAML Response rejected by {}: {}", step.name(), e.describe());
                throw e;
            } catch (RuntimeException | Error e) {
                LOG.warn("SAML Response validation step {} failed unexpectedly: {}", step.name(), e.toString());
                throw new EcpException(EcpError.INTERNAL_ERROR, "SAML Response validation failed unexpectedly in "
                        + step.name() + " (" + e.getClass().getSimpleName() + ")", e);
            }
        }
        SamlIdentity identity = state.identity();
        LOG.debug("SAML Response {} accepted: assertion {} from {}", identity.responseId(), identity.assertionId(),
                identity.issuer());
        return identity;
    }
}
