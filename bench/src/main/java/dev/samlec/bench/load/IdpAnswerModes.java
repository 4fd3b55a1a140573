package dev.samlec.bench.load;

import dev.samlec.bench.BadOptionException;
import dev.samlec.bench.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --idp-answer canonical,opensaml} option of {@code ldap-load}: how the demo IdP writes its answer, as
 * canonical text signed without a DOM (its default, {@code CanonicalEcpAnswer}) or built with OpenSAML and
 * Santuario ({@code DemoIdp.Builder.openSamlAnswers()}). Each mode asked for gets its own IdP, so both run in one
 * process and their rows compare.
 */
final class IdpAnswerModes {
    private IdpAnswerModes() {
    }

    /** The modes asked for, in order; {@code true} = canonical. Default: canonical. */
    static List<Boolean> of(Options options) {
        List<Boolean> modes = new ArrayList<>();
        for (String part : options.text("idp-answer", "canonical").split(",")) {
            String mode = part.strip().toLowerCase(Locale.ROOT);
            if (!mode.equals("canonical") && !mode.equals("opensaml")) {
                throw new BadOptionException("--idp-answer takes canonical, opensaml or both; was " + part);
            }
            if (modes.contains(mode.equals("canonical"))) {
                throw new BadOptionException("--idp-answer names " + mode + " twice");
            }
            modes.add(mode.equals("canonical"));
        }
        return modes;
    }

    /** The row label suffix. */
    static String label(boolean canonical) {
        return canonical ? "answer=canonical" : "answer=opensaml";
    }
}
