package dev.samlec.apacheds;

import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.api.ldap.model.message.ExtendedRequest;
import org.apache.directory.api.ldap.model.message.ExtendedResponse;
import org.apache.directory.server.ldap.ExtendedOperationHandler;
import org.apache.directory.server.ldap.LdapServer;
import org.apache.directory.server.ldap.handlers.extended.StartTlsHandler;
import org.apache.directory.server.protocol.shared.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds SAML20EC to an ApacheDS {@link LdapServer}: the mechanism handlers, the root DSE's
 * {@code supportedSASLMechanisms}, and optionally a working RFC 4532 "Who am I?" operation. Works on started and
 * not yet started servers.
 */
public final class SamlecLdapMechanisms {
    private static final Logger LOG = LoggerFactory.getLogger(SamlecLdapMechanisms.class);

    private SamlecLdapMechanisms() {
    }

    /**
     * Installs samlec's SASL provider (idempotent) and handlers on {@code server}: {@code SAML20EC} always, and
     * {@code SAML20EC-PLUS} when the server offers TLS ({@link #offersTls}: configure LDAPS or StartTLS first) and the
     * acceptor can sign (the channel binding travels in the signed request). Installing again replaces the handlers.
     * The root DSE belongs to the directory service, so it lists the names for every LdapServer sharing it.
     *
     * @return the mechanism names installed
     * @throws LdapException if the root DSE cannot be updated
     */
    public static Set<String> install(LdapServer server, SamlecAcceptor acceptor, IdentityMapping mapping)
            throws LdapException {
        SamlecSaslProvider.install();
        Set<String> names = new LinkedHashSet<>();
        names.add(SamlecSasl.SAML20EC);
        if (offersTls(server) && acceptor.canSign()) {
            names.add(SamlecSasl.SAML20EC_PLUS);
        } else if (offersTls(server)) {
            LOG.info("{} not offered: the acceptor has no signing key", SamlecSasl.SAML20EC_PLUS);
        }
        for (String name : names) {
            server.addSaslMechanismHandler(name, new Saml20EcMechanismHandler(name, acceptor, mapping));
        }
        server.getDirectoryService().getPartitionNexus().registerSupportedSaslMechanisms(names);
        LOG.info("SASL {} installed for service {} ({})", names, acceptor.serviceName(), mapping);
        return Set.copyOf(names);
    }

    /** Whether {@code server} has an LDAPS transport or a StartTLS handler, i.e. connections that can carry TLS. */
    public static boolean offersTls(LdapServer server) {
        for (Transport transport : server.getTransports()) {
            if (transport.isSSLEnabled()) {
                return true;
            }
        }
        return server.getExtendedOperationHandler(StartTlsHandler.EXTENSION_OID) != null;
    }

    /**
     * Registers {@link WhoAmIOperation} (RFC 4532) on {@code server}, replacing any other Who-am-I handler, and lists
     * it in the root DSE's {@code supportedExtension}.
     *
     * @throws LdapException if the root DSE cannot be updated
     */
    public static void installWhoAmI(LdapServer server) throws LdapException {
        WhoAmIOperation operation = new WhoAmIOperation();
        if (!server.isStarted()) {
            server.removeExtendedOperationHandler(WhoAmIOperation.OID);
            server.addExtendedOperationHandler(operation);
            return;
        }
        // AM27's addExtendedOperationHandler only registers the OID on a started server, not the handler itself
        Collection<ExtendedOperationHandler<ExtendedRequest, ExtendedResponse>> handlers = new ArrayList<>();
        for (ExtendedOperationHandler<? extends ExtendedRequest, ? extends ExtendedResponse> h
                : server.getExtendedOperationHandlers()) {
            if (!WhoAmIOperation.OID.equals(h.getOid())) {
                handlers.add(cast(h));
            }
        }
        handlers.add(operation);
        operation.setLdapServer(server);
        server.setExtendedOperationHandlers(handlers);
        server.getDirectoryService().getPartitionNexus().registerSupportedExtensions(operation.getExtensionOids());
    }

    @SuppressWarnings("unchecked")
    private static ExtendedOperationHandler<ExtendedRequest, ExtendedResponse> cast(
            ExtendedOperationHandler<? extends ExtendedRequest, ? extends ExtendedResponse> handler) {
        // the server dispatches by OID and hands each handler the request type its codec decoded for that OID
        return (ExtendedOperationHandler<ExtendedRequest, ExtendedResponse>) handler;
    }
}
