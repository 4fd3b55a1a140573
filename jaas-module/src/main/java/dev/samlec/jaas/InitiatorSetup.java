package dev.samlec.jaas;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.client.TlsTrust;
import dev.samlec.mech.metadata.IdpMetadata;
import dev.samlec.mech.metadata.MetadataLoader;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import javax.security.auth.login.LoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the initiator's options into the {@link IdpEndpoint} to log in at: the URL (given, or the first SOAP
 * single sign-on service of the metadata), the entity ID, the TLS trust, the timeouts and, with a key store, the
 * client certificate. Reads every file the options name, so a bad one fails {@code login()} with its option name.
 */
final class InitiatorSetup {
    private static final Logger LOG = LoggerFactory.getLogger(InitiatorSetup.class);

    private InitiatorSetup() {
    }

    /** The endpoint; its credentials are the client certificate, or none (to be completed with a password). */
    static IdpEndpoint endpoint(InitiatorOptions o, Clock clock) throws LoginException {
        Optional<TlsTrust> trust = TrustMaterial.idpTrust(o);
        String urlOption = o.idpUrl().isPresent() ? OptionNames.IDP_URL : OptionNames.IDP_METADATA;
        URI url;
        Optional<String> entityId;
        if (o.idpUrl().isPresent()) {
            url = o.idpUrl().get();
            entityId = o.idpEntityId();
        } else {
            IdpMetadata metadata = metadata(o, trust, clock);
            url = metadata.soapSingleSignOnServices().get(0);
            entityId = Optional.of(metadata.entityId());
        }
        IdpEndpoint.Builder builder = entityId.isPresent() ? IdpEndpoint.builder(entityId.get(), url)
                : IdpEndpoint.builder(url);
        builder.connectTimeout(o.connectTimeout()).responseTimeout(o.responseTimeout())
                .allowInsecureHttp(o.allowInsecureHttp());
        if (trust.isPresent()) {
            builder.trust(trust.get());
        } else if ("https".equalsIgnoreCase(url.getScheme())) {
            LOG.warn("the IdP at {} is trusted through the JVM's default CA bundle; set {} or {} to trust only its"
                    + " own certificate authority", url, OptionNames.IDP_TRUST_ANCHORS, OptionNames.TRUST_STORE);
            builder.useSystemTrust();
        }
        if (o.keyStore().isPresent()) {
            builder.credentials(ClientCertificates.load(o.keyStore().get(), o.keyAlias()));
        }
        try {
            return builder.build();
        } catch (EcpConfigurationException e) {
            throw LoginFailures.option(urlOption, o.idpUrl().map(Object.class::cast)
                    .orElse(o.idpMetadata().orElseThrow()), e);
        }
    }

    private static IdpMetadata metadata(InitiatorOptions o, Optional<TlsTrust> trust, Clock clock)
            throws LoginException {
        MetadataLocation location = o.idpMetadata().orElseThrow();
        MetadataLoader.Builder loader = MetadataLoader.builder().entityId(o.idpEntityId().orElse(null)).clock(clock)
                .connectTimeout(o.connectTimeout()).responseTimeout(o.responseTimeout());
        if (trust.isPresent()) {
            loader.sslContext(TrustMaterial.sslContext(trust.get()));
        }
        return location.load(loader.build());
    }
}
