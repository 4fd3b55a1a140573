package dev.samlec.mech.testing;

import dev.samlec.mech.internal.xml.OpenSaml;
import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.InMemoryReplayCache;
import dev.samlec.mech.service.RequestTracker;
import dev.samlec.mech.service.ResponseValidator;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.mech.service.ValidationContext;
import java.util.List;
import java.util.function.Consumer;

/**
 * A service configured for the {@link TestSamlObjects} baseline: entityID {@link TestSamlObjects#SP}, ACS
 * {@link TestSamlObjects#ACS}, trusting {@link TestSamlObjects#IDP} (RSA and EC keys) and {@link TestSamlObjects#IDP2},
 * decrypting with {@link TestCredentials#spEncryption()}, on a {@link MutableClock} at {@link TestSamlObjects#NOW},
 * with {@link TestSamlObjects#REQUEST_ID} outstanding. Settings can be changed until the first validation.
 */
public final class ServiceFixture {
    /** The clock every component uses. */
    public final MutableClock clock = new MutableClock(TestSamlObjects.NOW);
    private final ServiceProviderSettings.Builder builder;
    private ServiceProviderSettings settings;
    private RequestTracker tracker;
    private ResponseValidator validator;

    /** The default fixture. */
    public ServiceFixture() {
        OpenSaml.ensureInitialized();
        this.builder = ServiceProviderSettings.builder()
                .entityId(TestSamlObjects.SP)
                .assertionConsumerServiceUrl(TestSamlObjects.ACS)
                .idpTrust(defaultTrust())
                .decryptionKeys(List.of(TestCredentials.spEncryption()))
                .clock(clock)
                .replayCache(new InMemoryReplayCache(clock));
    }

    /** IDP with its RSA and EC certificates, IDP2 with its certificate. */
    public static IdpTrust defaultTrust() {
        return IdpTrust.builder()
                .add(TestSamlObjects.IDP, List.of(TestCredentials.idp().certificate(),
                        TestCredentials.idpEc().certificate()))
                .add(TestSamlObjects.IDP2, List.of(TestCredentials.idp2().certificate()))
                .build();
    }

    /** Changes the settings (only before the first use). */
    public ServiceFixture configure(Consumer<ServiceProviderSettings.Builder> change) {
        if (validator != null) {
            throw new IllegalStateException("already built");
        }
        change.accept(builder);
        return this;
    }

    /** The settings. */
    public ServiceProviderSettings settings() {
        build();
        return settings;
    }

    /** The request tracker (with {@link TestSamlObjects#REQUEST_ID} tracked at construction). */
    public RequestTracker tracker() {
        build();
        return tracker;
    }

    /** The validator. */
    public ResponseValidator validator() {
        build();
        return validator;
    }

    /** Validates with {@code ValidationContext.expect(REQUEST_ID)}. */
    public SamlIdentity validate(byte[] response) throws EcpException {
        return validate(response, ValidationContext.expect(TestSamlObjects.REQUEST_ID));
    }

    /** Validates with {@code context}. */
    public SamlIdentity validate(byte[] response, ValidationContext context) throws EcpException {
        return validator().validate(response, context);
    }

    private void build() {
        if (validator != null) {
            return;
        }
        try {
            settings = builder.build();
        } catch (EcpConfigurationException e) {
            throw new IllegalStateException(e);
        }
        tracker = RequestTracker.forSettings(settings);
        try {
            tracker.track(TestSamlObjects.REQUEST_ID);
        } catch (EcpException e) {
            throw new IllegalStateException(e);
        }
        validator = new ResponseValidator(settings, tracker);
    }
}
