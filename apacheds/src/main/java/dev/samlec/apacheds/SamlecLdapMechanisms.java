package dev.samlec.apacheds;

import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslProvider;
import java.util.Set;
import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.server.ldap.LdapServer;

/** Adds SAML20EC to an ApacheDS {@link LdapServer}: the mechanism handler and the root DSE's supportedSASLMechanisms. */
public final class SamlecLdapMechanisms {
    private SamlecLdapMechanisms() {
    }

    /**
     * Installs samlec's SASL provider (idempotent) and a {@code SAML20EC} handler on {@code server}.
     *
     * @throws LdapException if the root DSE cannot be updated
     */
    public static void install(LdapServer server, SamlecAcceptor acceptor, IdentityMapping mapping)
            throws LdapException {
        SamlecSaslProvider.install();
        server.addSaslMechanismHandler(SamlecSasl.SAML20EC,
                new Saml20EcMechanismHandler(SamlecSasl.SAML20EC, acceptor, mapping));
        server.getDirectoryService().getPartitionNexus().registerSupportedSaslMechanisms(Set.of(SamlecSasl.SAML20EC));
    }
}
