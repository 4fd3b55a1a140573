package dev.samlec.examples.standalone;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.Pem;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.metadata.IdpMetadata;
import dev.samlec.mech.metadata.MetadataLoader;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.sasl.SamlecAcceptor;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A service's {@link SamlecAcceptor} from files: the IdP's SAML metadata (which IdP to trust and the only keys its
 * assertions may be signed with) and, optionally, the service's own PEM signing key and certificate. The same
 * files the JAAS acceptor reads ({@code idpMetadata}, {@code signingKey}, {@code signingCertificate}).
 */
public final class AcceptorFiles {
    private AcceptorFiles() {
    }

    /**
     * The acceptor for service {@code serviceEntityId} named {@code serviceName} (its ACS, e.g.
     * {@code ldap@ldap.example.org}), trusting the IdP described by {@code idpMetadata}.
     *
     * @param signingKey PEM PKCS#8 key that signs AuthnRequests, or {@code null}: without it the service offers only
     *     {@code SAML20EC} without mutual authentication (no {@code SAML20EC-PLUS}, no {@code mut})
     * @param signingCertificate its PEM certificate (registered at the IdP); {@code null} exactly when the key is
     * @throws EcpConfigurationException if a file is unreadable or invalid (the code names which:
     *     {@code metadata_invalid}, {@code invalid_configuration})
     */
    public static SamlecAcceptor fromFiles(String serviceEntityId, String serviceName, Path idpMetadata,
            Path signingKey, Path signingCertificate) throws EcpConfigurationException {
        IdpMetadata idp = MetadataLoader.builder().build().load(idpMetadata);
        IdpTrust idpTrust = IdpTrust.of(idp.toTrustedIdp()); // keeps WantAuthnRequestsSigned
        ServiceProviderSettings.Builder settings = ServiceProviderSettings.builder().entityId(serviceEntityId)
                .assertionConsumerServiceUrl(serviceName).idpTrust(idpTrust);
        if ((signingKey == null) != (signingCertificate == null)) {
            throw new IllegalArgumentException("give the signing key and its certificate, or neither");
        }
        if (signingKey != null) {
            PrivateKey key = Pem.readPrivateKey(signingKey);
            List<X509Certificate> chain = Pem.readCertificates(signingCertificate);
            settings.signingKey(new SigningKey(key, chain.get(0)));
        }
        return SamlecAcceptor.builder(settings.build()).build();
    }
}
