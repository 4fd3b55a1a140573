package dev.samlec.sasl.internal;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.sasl.SamlecSasl;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The SASL service name that both ends put in, and compare with, the AuthnRequest's AssertionConsumerServiceURL
 * and the PAOS responseConsumerURL (draft section 4.7): {@code protocol@serverName}, percent-encoded per RFC 3986
 * (characters other than unreserved, sub-delims, ":" and "@"), or the value of {@link SamlecSasl#SERVICE_NAME}
 * when the deployment names the service with an absolute URI.
 */
public final class ServiceName {
    private ServiceName() {
    }

    /**
     * The service name for {@code protocol} and {@code serverName}, unless {@code props} overrides it.
     *
     * @throws EcpConfigurationException if neither the override nor both parts are given
     */
    public static String of(String protocol, String serverName, Map<String, ?> props)
            throws EcpConfigurationException {
        Object override = props == null ? null : props.get(SamlecSasl.SERVICE_NAME);
        if (override != null) {
            if (!(override instanceof String) || ((String) override).isBlank()) {
                throw new EcpConfigurationException("property " + SamlecSasl.SERVICE_NAME
                        + ": must be a non-blank String (value: " + override + ")");
            }
            return (String) override;
        }
        if (protocol == null || protocol.isBlank() || serverName == null || serverName.isBlank()) {
            throw new EcpConfigurationException("the SASL protocol and server name are required to form the "
                    + "service name protocol@host (value: " + protocol + "@" + serverName + "), or set "
                    + SamlecSasl.SERVICE_NAME);
        }
        return encode(protocol) + "@" + encode(serverName);
    }

    static String encode(String part) {
        StringBuilder out = new StringBuilder();
        for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+;=:".indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
