package dev.samlec.bench.load;

import dev.samlec.bench.Options;
import java.util.List;

/**
 * The {@code --idp-answer canonical,opensaml} option of {@code ldap-load}: how the demo IdP writes its answer, as
 * canonical text signed without a DOM (its default, {@code CanonicalEcpAnswer}) or built with OpenSAML and
 * Santuario ({@code DemoIdp.Builder.openSamlAnswers()}). Each mode asked for gets its own IdP, so both run in one
 * process and their rows compare.
 */
final class IdpAnswerModes {
    private static final BinaryModes MODES =
            new BinaryModes("idp-answer", "canonical", "opensaml", "canonical", "answer=", false);

    private IdpAnswerModes() {
    }

    /** The modes asked for, in order; {@code true} = canonical. Default: canonical. */
    static List<Boolean> of(Options options) {
        return MODES.of(options);
    }

    /** The row label suffix. */
    static String label(boolean canonical) {
        return MODES.label(canonical);
    }
}
