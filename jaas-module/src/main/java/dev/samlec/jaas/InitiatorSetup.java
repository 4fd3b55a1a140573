package dev.samlec.jaas;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.client.TlsTrust;
import dev.samlec.mech.metadata.FederationIdpDirectory;
import dev.samlec.mech.metadata.IdpChoice;
import dev.samlec.mech.metadata.IdpMetadata;
import dev.samlec.mech.metadata.MdqIdpDirectory;
import dev.samlec.mech.metadata.MetadataAggregateReader;
import dev.samlec.mech.metadata.MetadataLoader;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import javax.security.auth.login.LoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the initiator's options into the {@link IdpEndpoint} to log in at: the URL (given, or the first SOAP
 * single sign-on service of the metadata, or of the aggregate's IdP {@code idpName} names), the entity ID, the TLS trust, the timeouts (the call timeout also bounds
 * the metadata fetch) and, with a key store, the
 * client certificate. Reads every file the options name, so a bad one fails {@code login()} with its option name.
 */
final class InitiatorSetup {
    private static final Logger LOG = LoggerFactory.getLogger(InitiatorSetup.class);

    private InitiatorSetup() {
    }

    /** The endpoint; its credentials are the client certificate, or none (to be completed with a password). */
    static IdpEndpoint endpoint(InitiatorOptions o, Clock clock) throws LoginException {
        Optional<TlsTrust> trust = TrustMaterial.idpTrust(o);
        String urlOption = o.idpUrl().isPresent() ? OptionNames.IDP_URL
                : o.idpMdq().isPresent() ? OptionNames.IDP_MDQ : OptionNames.IDP_METADATA;
        Object urlValue = o.idpUrl().map(Object.class::cast).or(() -> o.idpMdq().map(Object.class::cast))
                .orElseGet(() -> o.idpMetadata().orElseThrow());
        URI url;
        Optional<String> entityId;
        if (o.idpUrl().isPresent()) {
            url = o.idpUrl().get();
            entityId = o.idpEntityId();
        } else {
            IdpMetadata metadata = o.idpMdq().isPresent() ? mdq(o, trust, clock).metadata() : metadata(o, trust, clock);
            url = metadata.soapSingleSignOnServices().get(0);
            entityId = Optional.of(metadata.entityId());
        }
        IdpEndpoint.Builder builder = entityId.isPresent() ? IdpEndpoint.builder(entityId.get(), url)
                : IdpEndpoint.builder(url);
        builder.connectTimeout(o.connectTimeout()).responseTimeout(o.responseTimeout())
                .allowInsecureHttp(o.allowInsecureHttp());
        o.callTimeout().ifPresent(builder::callTimeout);
        if (trust.isPresent()) {
            builder.trust(trust.get());
        } else if ("https".equalsIgnoreCase(url.getScheme())) {
            requireTrustChoice(o, "the IdP's ECP endpoint " + url);
            LOG.info("the IdP at {} is trusted through the JVM's default CA bundle (useSystemTrust=true)", url);
            builder.useSystemTrust();
        }
        if (o.keyStore().isPresent()) {
            builder.credentials(ClientCertificates.load(o.keyStore().get(), o.keyAlias()));
        }
        try {
            return builder.build();
        } catch (EcpConfigurationException e) {
            throw LoginFailures.option(urlOption, urlValue, e);
        }
    }

    private static IdpMetadata metadata(InitiatorOptions o, Optional<TlsTrust> trust, Clock clock)
            throws LoginException {
        MetadataLocation location = o.idpMetadata().orElseThrow();
        if (o.idpName().isPresent()) {
            return chosen(o, location, trust, clock).metadata();
        }
        MetadataLoader.Builder loader = MetadataLoader.builder().entityId(o.idpEntityId().orElse(null)).clock(clock)
                .connectTimeout(o.connectTimeout()).responseTimeout(o.responseTimeout());
        o.callTimeout().ifPresent(loader::callTimeout);
        if (o.idpMetadataSigningCertificate().isPresent()) {
            loader.verifySignatureWith(PemKeys.certificates(o.idpMetadataSigningCertificate().get(),
                    OptionNames.IDP_METADATA_SIGNING_CERTIFICATE)).validity(o.metadataValidity());
        }
        if (trust.isPresent()) {
            loader.sslContext(TrustMaterial.sslContext(trust.get()));
        } else if (location instanceof MetadataLocation.Url u && "https".equalsIgnoreCase(u.url().getScheme())
                && o.idpMetadataSigningCertificate().isEmpty()) {
            // a signed document is authenticated by its signature; the JVM's CA bundle only carries it
            requireTrustChoice(o, "the IdP metadata URL " + u.url());
        }
        return location.load(loader.build());
    }

    /**
     * The IdP {@code idpName} names in the aggregate {@code idpMetadata} (signed by idpMetadataSigningCertificate when
     * given, else read as it is, under the same URL trust rule as single-IdP metadata). Where the IdP's TLS is
     * trusted is still decided by the trust options alone.
     */
    private static IdpChoice chosen(InitiatorOptions o, MetadataLocation location, Optional<TlsTrust> trust,
            Clock clock) throws LoginException {
        MetadataAggregateReader.Builder reader = MetadataAggregateReader.builder().clock(clock);
        if (o.idpMetadataSigningCertificate().isPresent()) {
            reader.verifySignatureWith(PemKeys.certificates(o.idpMetadataSigningCertificate().get(),
                    OptionNames.IDP_METADATA_SIGNING_CERTIFICATE)).validity(o.metadataValidity());
        } else {
            reader.unsigned();
        }
        FederationIdpDirectory.Loader loader = FederationIdpDirectory.loader(reader.build())
                .connectTimeout(o.connectTimeout()).responseTimeout(o.responseTimeout());
        o.callTimeout().ifPresent(loader::callTimeout);
        if (trust.isPresent()) {
            loader.sslContext(TrustMaterial.sslContext(trust.get()));
        } else if (location instanceof MetadataLocation.Url u && "https".equalsIgnoreCase(u.url().getScheme())
                && o.idpMetadataSigningCertificate().isEmpty()) {
            requireTrustChoice(o, "the IdP metadata URL " + u.url());
        }
        FederationIdpDirectory directory;
        try {
            directory = location instanceof MetadataLocation.Url u ? loader.load(u.url())
                    : loader.load(((MetadataLocation.File) location).path());
        } catch (EcpConfigurationException e) {
            throw LoginFailures.option(OptionNames.IDP_METADATA, location, e);
        }
        try {
            IdpChoice choice = directory.resolve(o.idpName().get());
            LOG.info("idpName '{}': {}", o.idpName().get(), choice.explanation());
            return choice;
        } catch (EcpConfigurationException e) {
            throw LoginFailures.option(OptionNames.IDP_NAME, o.idpName().get(), e);
        }
    }

    /**
     * The IdP {@code idpEntityId} looked up at the MDQ service {@code idpMdq}; the answer must be signed by
     * idpMetadataSigningCertificate (the parser made both required). An https service is fetched with the trust
     * options when set, else the JVM's CA bundle (the signature authenticates the answer).
     */
    private static IdpChoice mdq(InitiatorOptions o, Optional<TlsTrust> trust, Clock clock) throws LoginException {
        URI base = o.idpMdq().orElseThrow();
        String entityId = o.idpEntityId().orElseThrow();
        try {
            MdqIdpDirectory.Builder builder = MdqIdpDirectory.builder(base).clock(clock)
                    .verifySignatureWith(PemKeys.certificates(o.idpMetadataSigningCertificate().orElseThrow(),
                            OptionNames.IDP_METADATA_SIGNING_CERTIFICATE))
                    .validity(o.metadataValidity())
                    .connectTimeout(o.connectTimeout()).responseTimeout(o.responseTimeout());
            o.callTimeout().ifPresent(builder::callTimeout);
            if (trust.isPresent()) {
                builder.sslContext(TrustMaterial.sslContext(trust.get()));
            }
            IdpChoice choice = builder.build().resolve(entityId);
            LOG.info("idpMdq: {}", choice.explanation());
            return choice;
        } catch (EcpConfigurationException e) {
            boolean unknown = e.error() == EcpError.IDP_NOT_FOUND;
            throw LoginFailures.option(unknown ? OptionNames.IDP_ENTITY_ID : OptionNames.IDP_MDQ,
                    unknown ? entityId : base, e);
        }
    }

    /**
     * Credentials go only to an IdP whose TLS certificate chains to anchors configured for it, not to whatever
     * the JVM's CA bundle trusts (attacks.md ECP-4), unless {@code useSystemTrust=true} says so explicitly.
     */
    private static void requireTrustChoice(InitiatorOptions o, String what) throws LoginException {
        if (!o.useSystemTrust()) {
            throw LoginFailures.option(OptionNames.IDP_TRUST_ANCHORS, "none", "is required for " + what + ": name"
                    + " the certificate authority of the IdP's TLS certificate (or give " + OptionNames.TRUST_STORE
                    + "), or set " + OptionNames.USE_SYSTEM_TRUST + "=true to trust every certificate authority of"
                    + " the JVM's CA bundle", null);
        }
    }
}
