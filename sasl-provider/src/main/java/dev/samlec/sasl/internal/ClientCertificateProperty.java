package dev.samlec.sasl.internal;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.sasl.SamlecSasl;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The server property {@link SamlecSasl#CLIENT_CERTIFICATE}: the TLS client certificate of the application connection
 * the exchange runs on, given as the certificate or as the connection's {@link SSLSession} (its verified peer
 * certificate; none when the client sent none).
 */
final class ClientCertificateProperty {
    private ClientCertificateProperty() {
    }

    static Optional<X509Certificate> of(Map<String, ?> props) throws EcpConfigurationException {
        Object value = props == null ? null : props.get(SamlecSasl.CLIENT_CERTIFICATE);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof X509Certificate) {
            return Optional.of((X509Certificate) value);
        }
        if (value instanceof SSLSession) {
            try {
                Certificate[] chain = ((SSLSession) value).getPeerCertificates();
                return chain.length > 0 && chain[0] instanceof X509Certificate
                        ? Optional.of((X509Certificate) chain[0]) : Optional.empty();
            } catch (SSLPeerUnverifiedException e) {
                return Optional.empty();
            }
        }
        throw new EcpConfigurationException(EcpError.INVALID_CONFIGURATION, "property "
                + SamlecSasl.CLIENT_CERTIFICATE + " must be an X509Certificate or an SSLSession (value: "
                + value.getClass().getName() + ")");
    }
}
