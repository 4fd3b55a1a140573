package dev.samlec.testkit.sp;

import dev.samlec.mech.SamlAttribute;
import dev.samlec.mech.SamlIdentity;

/** The protected resource's content: the identity the service validated, as plain text lines. */
final class IdentityPage {
    private IdentityPage() {
    }

    static String render(SamlIdentity identity) {
        StringBuilder out = new StringBuilder("PROTECTED CONTENT (samlec demo service)\n");
        out.append("nameId=").append(identity.nameId().value()).append('\n');
        identity.nameId().format().ifPresent(f -> out.append("nameIdFormat=").append(f).append('\n'));
        out.append("issuer=").append(identity.issuer()).append('\n');
        identity.authnInstant().ifPresent(i -> out.append("authnInstant=").append(i).append('\n'));
        identity.authnContextClassRef().ifPresent(c -> out.append("authnContext=").append(c).append('\n'));
        identity.sessionIndex().ifPresent(s -> out.append("sessionIndex=").append(s).append('\n'));
        out.append("assertionId=").append(identity.assertionId()).append('\n');
        out.append("expiry=").append(identity.expiry()).append('\n');
        for (SamlAttribute a : identity.attributes()) {
            out.append("attribute ").append(a.friendlyName().orElse(a.name())).append('=')
                    .append(String.join(";", a.values())).append('\n');
        }
        return out.toString();
    }
}
