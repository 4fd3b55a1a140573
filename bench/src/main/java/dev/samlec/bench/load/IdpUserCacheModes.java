package dev.samlec.bench.load;

import dev.samlec.bench.Options;
import java.time.Duration;
import java.util.List;

/**
 * The {@code --idp-user-cache on,off} option of {@code ldap-load}: whether the demo IdP keeps what a login read about
 * its user for {@link #TIME_TO_LIVE} ({@code DemoIdp.Builder.userReadCache}, on: the default) or reads the entry and
 * groups at every login (off). Every login binds with its password either way. Each mode gets its own IdP.
 */
final class IdpUserCacheModes {
    static final Duration TIME_TO_LIVE = Duration.ofSeconds(60);
    private static final BinaryModes MODES = new BinaryModes("idp-user-cache", "on", "off", "on", "user-cache=", false);

    private IdpUserCacheModes() {
    }

    /** The modes asked for, in order; {@code true} = on. Default: on. */
    static List<Boolean> of(Options options) {
        return MODES.of(options);
    }

    /** The row label suffix. */
    static String label(boolean on) {
        return MODES.label(on);
    }
}
