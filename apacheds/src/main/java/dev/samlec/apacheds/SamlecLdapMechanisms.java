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
     * Installs samlec's SASL provider (idempotent) and handlers on {@code server}: {@code SAML20EC}, and
     * {@code SAML20EC-PLUS} when the acceptor can sign (the channel binding travels in the signed request); -PLUS
     * binds then succeed only on TLS connections.
     *
     * @throws LdapException if the root DSE cannot be updated
     */
    public static void install(LdapServer server, SamlecAcceptor acceptor, IdentityMapping mapping)
            throws LdapException {
        SamlecSaslProvider.install();
        Set<String> names = acceptor.canSign() ? Set.of(SamlecSasl.SAML20EC, SamlecSasl.SAML20EC_PLUS)
                : Set.of(SamlecSasl.SAML20EC);
        for (String name : names) {
            server.addSaslMechanismHandler(name, new Saml20EcMechanismHandler(name, acceptor, mapping));
        }
        server.getDirectoryService().getPartitionNexus().registerSupportedSaslMechanisms(names);
    }
}
