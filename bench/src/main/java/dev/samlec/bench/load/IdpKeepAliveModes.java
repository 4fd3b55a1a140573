package dev.samlec.bench.load;

import dev.samlec.bench.BadOptionException;
import dev.samlec.bench.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --idp-keep-alive on,off} option of the load commands: which of the SAML20EC rows to run, with the IdP
 * call on the process's kept-alive connections ({@code IdpConnections}, on) or a new connection per login (off).
 */
final class IdpKeepAliveModes {
    private IdpKeepAliveModes() {
    }

    /** The modes asked for, in order; {@code true} = on. Default: on, then off. */
    static List<Boolean> of(Options options) {
        List<Boolean> modes = new ArrayList<>();
        for (String part : options.text("idp-keep-alive", "on,off").split(",")) {
            String mode = part.strip().toLowerCase(Locale.ROOT);
            if (!mode.equals("on") && !mode.equals("off")) {
                throw new BadOptionException("--idp-keep-alive takes on, off or on,off; was " + part);
            }
            modes.add(mode.equals("on"));
        }
        return modes;
    }

    /** The row label suffix. */
    static String label(boolean on) {
        return on ? "idp-ka=on" : "idp-ka=off";
    }
}
