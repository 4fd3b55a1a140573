package dev.samlec.sasl.internal;

import dev.samlec.mech.ChannelBinding;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.TlsChannelBinding;
import java.util.List;
import java.util.Optional;

/**
 * The server's GS2 channel-binding negotiation (RFC 5801 section 4 and 5; RFC 5056): which binding, if any, the
 * exchange is bound to, or why it must fail.
 *
 * <ul>
 *   <li>{@code SAML20EC-PLUS} needs {@code p=<type>} with a type this connection offers;</li>
 *   <li>{@code p=} is refused on {@code SAML20EC};</li>
 *   <li>{@code y} (the client could bind but saw no -PLUS) is refused when this server offers -PLUS, i.e. when it
 *       has binding data: a downgrade.</li>
 * </ul>
 *
 * The value bound is {@code gs2-header || cb-data}, as GS2 and SCRAM bind it, so the authzid and the flag are
 * covered too.
 */
final class ChannelBindingRules {
    private ChannelBindingRules() {
    }

    static Optional<ChannelBinding> negotiate(String mechanism, InitialResponse initial,
            List<TlsChannelBinding> offered) throws EcpException {
        boolean plus = SamlecSasl.SAML20EC_PLUS.equals(mechanism);
        switch (initial.flag()) {
            case N:
                if (plus) {
                    throw downgrade("the client chose " + mechanism + " but sent gs2-cb-flag n");
                }
                return Optional.empty();
            case Y:
                if (plus) {
                    throw downgrade("the client chose " + mechanism + " but sent gs2-cb-flag y");
                }
                if (!offered.isEmpty()) {
                    throw downgrade("the client supports channel binding but did not see "
                            + SamlecSasl.SAML20EC_PLUS + ", which this server offers: the mechanism list was"
                            + " tampered with or the client is misconfigured");
                }
                return Optional.empty();
            case P:
            default:
                if (!plus) {
                    throw new EcpException(EcpError.CHANNEL_BINDING_MISMATCH, "the client asked to bind the login to"
                            + " its TLS connection (gs2-cb-flag p=) but chose " + mechanism + ", which has no binding;"
                            + " that needs " + SamlecSasl.SAML20EC_PLUS);
                }
                String type = initial.cbName().orElseThrow();
                TlsChannelBinding mine = offered.stream().filter(b -> b.type().equals(type)).findFirst()
                        .orElseThrow(() -> new EcpException(EcpError.CHANNEL_BINDING_MISMATCH, "the client asked for"
                                + " channel binding type '" + InitialResponse.printable(type) + "'; this connection"
                                + " offers " + offered.stream().map(TlsChannelBinding::type).toList()));
                return Optional.of(bound(initial, mine));
        }
    }

    /** The value both ends give the IdP: the GS2 header followed by the TLS binding data. */
    static ChannelBinding bound(InitialResponse initial, TlsChannelBinding tls) {
        byte[] header = initial.gs2Header();
        byte[] data = tls.data();
        byte[] value = new byte[header.length + data.length];
        System.arraycopy(header, 0, value, 0, header.length);
        System.arraycopy(data, 0, value, header.length, data.length);
        return new ChannelBinding(tls.type(), value);
    }

    private static EcpException downgrade(String message) {
        return new EcpException(EcpError.CHANNEL_BINDING_DOWNGRADE, message);
    }
}
