package dev.samlec.sasl.internal;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.sasl.SamlecSasl;
import java.util.Map;

/**
 * The client property {@link SamlecSasl#IDP_KEEP_ALIVE}: {@code true} (the default) to make the call to the IdP on
 * the process's kept-alive connections ({@link dev.samlec.mech.client.IdpConnections}), {@code false} for a new
 * connection per login, closed after it. A {@link Boolean} or the text {@code true}/{@code false}.
 */
final class IdpKeepAliveProperty {
    private IdpKeepAliveProperty() {
    }

    static boolean of(Map<String, ?> props) throws EcpConfigurationException {
        Object value = props == null ? null : props.get(SamlecSasl.IDP_KEEP_ALIVE);
        if (value == null) {
            return true;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value instanceof String s ? s.strip() : null;
        if ("true".equals(text) || "false".equals(text)) {
            return Boolean.parseBoolean(text);
        }
        throw new EcpConfigurationException("property " + SamlecSasl.IDP_KEEP_ALIVE + ": must be true or false"
                + " (value: " + value + ")");
    }
}
