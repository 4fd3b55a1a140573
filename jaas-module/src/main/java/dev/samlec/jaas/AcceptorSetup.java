package dev.samlec.jaas;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.metadata.FederationFilter;
import dev.samlec.mech.metadata.FederationTrust;
import dev.samlec.mech.metadata.IdpMetadata;
import dev.samlec.mech.metadata.MdqTrustSource;
import dev.samlec.mech.metadata.MetadataAggregateReader;
import dev.samlec.mech.metadata.MetadataLoader;
import dev.samlec.mech.metadata.MetadataParser;
import dev.samlec.mech.metadata.RefreshedIdpTrust;
import dev.samlec.mech.metadata.RefreshingMetadata;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.IdpTrustSource;
import dev.samlec.mech.service.InMemoryReplayCache;
import dev.samlec.mech.service.LoginStateStore;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.sasl.SamlecAcceptor;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.security.auth.login.LoginException;

/**
 * Builds the {@link SamlecAcceptor} of a service from the acceptor's options: reads the IdP's metadata or signing
 * certificate and the service's keys, and checks the settings as a whole, so that a bad file or key fails
 * {@code login()} at start-up with the option's name.
 */
final class AcceptorSetup {
    private AcceptorSetup() {
    }

    static PendingLogin.Service acceptor(AcceptorOptions o, Clock clock, SecureRandom random) throws LoginException {
        IdpTrustSource trust = idpTrust(o, clock);
        try {
            return acceptor(o, clock, random, trust);
        } catch (LoginException | RuntimeException e) {
            if (trust instanceof AutoCloseable refreshing) {
                PendingLogin.Service.closeQuietly(refreshing);
            }
            throw e;
        }
    }

    private static PendingLogin.Service acceptor(AcceptorOptions o, Clock clock, SecureRandom random,
            IdpTrustSource trust) throws LoginException {
        for (String entityId : o.idpList()) {
            if (!trusts(trust, entityId, o.idpList())) {
                throw LoginFailures.option(OptionNames.IDP_LIST, String.join(",", o.idpList()), "names " + entityId
                        + ", which is not a trusted IdP (" + trust.describe() + ")", null);
            }
        }
        ServiceProviderSettings.Builder settings = ServiceProviderSettings.builder().entityId(o.serviceEntityId())
                .assertionConsumerServiceUrl(o.serviceName()).idpTrust(trust).clockSkew(o.clockSkew()).clock(clock)
                .secureRandom(random).confirmationMethods(o.confirmationMethods())
                .scopedAttributes(o.scopedAttributes());
        if (o.signing().isPresent()) {
            settings.signingKey(PemKeys.keyPair(o.signing().get(), OptionNames.SIGNING_KEY,
                    OptionNames.SIGNING_CERTIFICATE));
        }
        if (o.decryption().isPresent()) {
            var key = PemKeys.keyPair(o.decryption().get(), OptionNames.DECRYPTION_KEY,
                    OptionNames.DECRYPTION_CERTIFICATE);
            if (!key.isRsa()) {
                throw LoginFailures.option(OptionNames.DECRYPTION_KEY, o.decryption().get().key(), "must be an RSA"
                        + " key (only RSA-OAEP key transport is supported)", null);
            }
            settings.decryptionKeys(List.of(key));
        }
        Optional<LoginStateStore> store = Optional.empty();
        if (o.loginStore().inMemory()) {
            settings.replayCache(new InMemoryReplayCache(clock, o.replayCacheSize()));
        } else {
            store = Optional.of(LoginStores.open(o.loginStore(), clock));
            settings.replayCache(store.get().replayCache());
        }
        try {
            SamlecAcceptor.Builder acceptor = SamlecAcceptor.builder(settings.build()).idpList(o.idpList())
                    .signEveryRequest(o.signEveryRequest());
            o.principalAttribute().ifPresent(acceptor::principalAttribute);
            List<AutoCloseable> resources = new ArrayList<>();
            store.ifPresent(resources::add);
            if (trust instanceof AutoCloseable refreshing) {
                resources.add(refreshing);
            }
            return new PendingLogin.Service(acceptor.build(), resources);
        } catch (EcpConfigurationException e) {
            store.ifPresent(LoginStateStore::close);
            throw LoginFailures.option(OptionNames.SERVICE_NAME, o.serviceName(), e);
        } catch (IllegalArgumentException e) {
            store.ifPresent(LoginStateStore::close);
            throw LoginFailures.option(OptionNames.PRINCIPAL_ATTRIBUTE, o.principalAttribute().orElse("(not set)"),
                    e.getMessage(), null);
        } catch (RuntimeException e) {
            store.ifPresent(LoginStateStore::close);
            throw e;
        }
    }

    /** Whether the source trusts the IdP; a source that cannot tell now (MDQ down) fails the login with its code. */
    private static boolean trusts(IdpTrustSource trust, String entityId, List<String> idpList) throws LoginException {
        try {
            return trust.find(entityId).isPresent();
        } catch (EcpException e) {
            throw LoginFailures.option(OptionNames.IDP_LIST, String.join(",", idpList), e);
        }
    }

    /**
     * The trusted IdPs: with idpMetadata and idpEntityId that one IdP; with idpMetadata alone every IdP of the
     * document passing the federation filters; with idpMdq the IdPs its service answers for (only idpEntityId if
     * given, else those passing the filters); else idpEntityId with idpSigningCertificate.
     */
    private static IdpTrustSource idpTrust(AcceptorOptions o, Clock clock) throws LoginException {
        if (o.idpMdq().isPresent()) {
            return mdq(o, clock);
        }
        if (o.idpMetadata().isPresent() && o.idpEntityId().isEmpty()) {
            return federation(o, clock);
        }
        if (o.idpMetadata().isPresent()) {
            MetadataLoader.Builder loader = MetadataLoader.builder().entityId(o.idpEntityId().orElse(null))
                    .clock(clock);
            o.metadataMaxBytes().ifPresent(loader::maxBytes);
            if (o.idpMetadataSigningCertificate().isPresent()) {
                loader.verifySignatureWith(PemKeys.certificates(o.idpMetadataSigningCertificate().get(),
                        OptionNames.IDP_METADATA_SIGNING_CERTIFICATE)).validity(o.metadataValidity());
            }
            IdpMetadata metadata = o.idpMetadata().get().load(loader.build());
            return IdpTrust.of(metadata.toTrustedIdp()); // keeps WantAuthnRequestsSigned
        }
        String entityId = o.idpEntityId().orElseThrow();
        return IdpTrust.of(entityId, PemKeys.certificates(o.idpSigningCertificate().orElseThrow(),
                OptionNames.IDP_SIGNING_CERTIFICATE));
    }

    private static IdpTrustSource federation(AcceptorOptions o, Clock clock) throws LoginException {
        MetadataAggregateReader.Builder reader = MetadataAggregateReader.builder().clock(clock);
        o.metadataMaxBytes().ifPresent(reader::maxBytes);
        if (o.idpMetadataSigningCertificate().isPresent()) {
            reader.verifySignatureWith(PemKeys.certificates(o.idpMetadataSigningCertificate().get(),
                    OptionNames.IDP_METADATA_SIGNING_CERTIFICATE)).validity(o.metadataValidity());
        } else {
            reader.unsigned(); // a file (yours), or an https URL trusted through useSystemTrust=true
        }
        try {
            if (o.idpMetadataRefresh()) {
                return refreshed(o, reader.build(), clock);
            }
            return FederationTrust.of(o.idpMetadata().get().read(reader.build()), o.federationFilter(), clock);
        } catch (EcpConfigurationException e) {
            throw LoginFailures.option(OptionNames.IDP_METADATA, o.idpMetadata().get(), e);
        }
    }

    /**
     * Each IdP is looked up when a Response names it (a login may then wait for it); the one IdP of idpEntityId is
     * looked up here already, so that requests to it are signed from the first one when it wants them.
     */
    private static IdpTrustSource mdq(AcceptorOptions o, Clock clock) throws LoginException {
        URI base = o.idpMdq().orElseThrow();
        MdqTrustSource.Builder mdq = MdqTrustSource.builder().baseUrl(base).clock(clock)
                .allowInsecureHttp(o.allowInsecureHttp()) // http was already opted into
                .verifySignatureWith(PemKeys.certificates(o.idpMetadataSigningCertificate().orElseThrow(),
                        OptionNames.IDP_METADATA_SIGNING_CERTIFICATE))
                .validity(o.metadataValidity())
                .filter(o.idpEntityId().map(id -> FederationFilter.builder().entityIds(List.of(id)).build())
                        .orElse(o.federationFilter()));
        o.metadataMaxBytes().ifPresent(mdq::maxBytes);
        try {
            MdqTrustSource source = mdq.build();
            if (o.idpEntityId().isPresent() && source.find(o.idpEntityId().get()).isEmpty()) {
                throw LoginFailures.option(OptionNames.IDP_ENTITY_ID, o.idpEntityId().get(), "is not an IdP the"
                        + " MDQ service " + base + " describes (not known there, or its answer holds no SAML 2.0 IdP"
                        + " of that entityID with a signing key)", null);
            }
            return source;
        } catch (EcpException e) {
            throw LoginFailures.option(OptionNames.IDP_MDQ, base, e);
        }
    }

    /** The aggregate kept fresh by a daemon thread, the filters applied to every copy; closed with the login. */
    private static RefreshedIdpTrust refreshed(AcceptorOptions o, MetadataAggregateReader reader, Clock clock)
            throws EcpConfigurationException {
        RefreshingMetadata.Builder<IdpTrustSource> refresh = RefreshingMetadata.builder(
                MetadataParser.federation(reader, o.federationFilter(), clock)).clock(clock);
        o.metadataMaxBytes().ifPresent(refresh::maxBytes);
        MetadataLocation location = o.idpMetadata().get();
        if (location instanceof MetadataLocation.Url url) {
            refresh.url(url.url()).allowInsecureHttp(o.allowInsecureHttp()); // http was already opted into
        } else {
            refresh.file(((MetadataLocation.File) location).path());
        }
        return RefreshedIdpTrust.of(refresh.start());
    }
}
