package dev.samlec.bench.load;

import dev.samlec.bench.Options;
import java.util.List;

/**
 * The {@code --idp-keep-alive on,off} option of the load commands: which of the SAML20EC rows to run, with the IdP
 * call on the process's kept-alive connections ({@code IdpConnections}, on) or a new connection per login (off).
 * A mode may come again ({@code off,on,off,on}: alternated rows).
 */
final class IdpKeepAliveModes {
    private static final BinaryModes MODES = new BinaryModes("idp-keep-alive", "on", "off", "on,off", "idp-ka=", true);

    private IdpKeepAliveModes() {
    }

    /** The modes asked for, in order; {@code true} = on. Default: on, then off. */
    static List<Boolean> of(Options options) {
        return MODES.of(options);
    }

    /** The row label suffix. */
    static String label(boolean on) {
        return MODES.label(on);
    }
}
