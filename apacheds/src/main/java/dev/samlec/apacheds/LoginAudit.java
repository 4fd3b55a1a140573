package dev.samlec.apacheds;

import static dev.samlec.sasl.AuditValue.quote;

import dev.samlec.mech.SamlIdentity;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one INFO line per SAML20EC bind that ends on this server, accepted or refused, on the logger
 * {@value #LOGGER}:
 * <pre>
 * SAML20EC login accepted: nameId="alice" issuer="https://idp.example.org" service="ldap@ldap.example.org" peer="/192.0.2.7:50314" entry="uid=alice,ou=people,dc=example,dc=org"
 * SAML20EC login refused: code=authorization_refused nameId="bob" issuer="..." service="..." peer="..." reason="..."
 * </pre>
 * The values are the validated NameID and issuer (a dash when validation failed before them), never the
 * assertion, a password or a cookie; control characters are replaced so a peer cannot forge log lines. A client
 * that refuses the server's request itself closes the connection without a SAML Response, so it leaves no line.
 */
final class LoginAudit {
    /** The logger name, so an operator can route or keep these lines apart. */
    static final String LOGGER = "dev.samlec.apacheds.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final String mechanism;
    private final String service;
    private final String peer;

    LoginAudit(String mechanism, String service, SocketAddress peer) {
        this.mechanism = mechanism;
        this.service = service;
        this.peer = peer == null ? "-" : peer.toString();
    }

    void accepted(SamlIdentity identity, String entry) {
        LOG.info("{} login accepted: nameId={} issuer={} service={} peer={} entry={}", mechanism,
                quote(identity.nameId().value()), quote(identity.issuer()), quote(service), quote(peer), quote(entry));
    }

    /** {@code identity} is null when the exchange failed before an assertion was validated. */
    void refused(String code, SamlIdentity identity, String reason) {
        LOG.info("{} login refused: code={} nameId={} issuer={} service={} peer={} reason={}", mechanism, code,
                identity == null ? "-" : quote(identity.nameId().value()),
                identity == null ? "-" : quote(identity.issuer()), quote(service), quote(peer), quote(reason));
    }
}
