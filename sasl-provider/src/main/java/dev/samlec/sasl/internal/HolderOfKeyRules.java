package dev.samlec.sasl.internal;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.service.ConfirmationMethods;
import dev.samlec.sasl.SamlecSasl;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The server's holder-of-key decision on the initial response (draft section 4.2, {@code hok}), before any
 * AuthnRequest is issued. samlec's client sends {@code hok} exactly when it asks its IdP for a holder-of-key
 * assertion, so the exchange can only succeed when the acceptor accepts the method the client will bring and, for
 * holder-of-key, this server knows the connection's TLS client certificate to check the assertion's key against.
 * The validator checks the assertion itself again (method, key); this only fails early, with the reason.
 */
final class HolderOfKeyRules {
    private HolderOfKeyRules() {
    }

    static void check(InitialResponse initial, ConfirmationMethods accepted,
            Optional<X509Certificate> clientCertificate) throws EcpException {
        if (initial.hok() && !accepted.acceptsHolderOfKey()) {
            throw refused("the client asks for a holder-of-key assertion (hok), but this service accepts "
                    + accepted.describe() + " only");
        }
        if (initial.hok() && clientCertificate.isEmpty()) {
            throw refused("the client asks for a holder-of-key assertion (hok), but this server knows no TLS client"
                    + " certificate of the connection to check it against (property " + SamlecSasl.CLIENT_CERTIFICATE
                    + " unset: the connection is not TLS with client authentication, or the application cannot give"
                    + " it, as Kafka cannot)");
        }
        if (!initial.hok() && !accepted.acceptsBearer()) {
            throw refused("this service accepts holder-of-key assertions only, but the client did not offer"
                    + " holder-of-key (no hok in its first message)");
        }
    }

    private static EcpException refused(String message) {
        return new EcpException(EcpError.INVALID_SUBJECT_CONFIRMATION, message);
    }
}
