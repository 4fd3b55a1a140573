package dev.samlec.sasl.internal;

import dev.samlec.sasl.SamlecSasl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.security.sasl.Sasl;

/**
 * Which of the two mechanisms the SASL policy properties allow ({@code Sasl.POLICY_*}, RFC 4422 section 3.x
 * security properties as the JDK names them).
 *
 * <ul>
 *   <li>no plaintext, no dictionary, no anonymous: both pass (the password goes only to the IdP; every login has a
 *       NameID);</li>
 *   <li>no active attacks: only {@code SAML20EC-PLUS}: without channel binding an active attacker posing as the
 *       service could relay a bearer assertion;</li>
 *   <li>forward secrecy, credential passing: neither (no security layer, no delegation).</li>
 * </ul>
 */
final class MechanismPolicy {
    private MechanismPolicy() {
    }

    static boolean allows(String mechanism, Map<String, ?> props) {
        if (props == null) {
            return true;
        }
        if (isTrue(props, Sasl.POLICY_FORWARD_SECRECY) || isTrue(props, Sasl.POLICY_PASS_CREDENTIALS)) {
            return false;
        }
        boolean plus = SamlecSasl.SAML20EC_PLUS.equals(mechanism);
        if (!plus && (isTrue(props, Sasl.POLICY_NOACTIVE) || isTrue(props, SamlecSasl.CHANNEL_BINDING_REQUIRED))) {
            return false;
        }
        return true;
    }

    /** The names among SAML20EC and SAML20EC-PLUS that the policy allows and, for -PLUS, that have binding data. */
    static String[] names(Map<String, ?> props, boolean plusPossible) {
        List<String> names = new ArrayList<>();
        if (allows(SamlecSasl.SAML20EC_PLUS, props) && plusPossible) {
            names.add(SamlecSasl.SAML20EC_PLUS);
        }
        if (allows(SamlecSasl.SAML20EC, props)) {
            names.add(SamlecSasl.SAML20EC);
        }
        return names.toArray(new String[0]);
    }

    static boolean isTrue(Map<String, ?> props, String key) {
        return props != null && "true".equalsIgnoreCase(String.valueOf(props.get(key)));
    }
}
