package dev.samlec.bench.load;

import dev.samlec.bench.BadOptionException;
import dev.samlec.bench.Options;
import dev.samlec.testkit.DemoIdp.DirectoryAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --idp-directory ldap,in-process} option of {@code ldap-load}: how the demo IdP checks alice's password,
 * by an LDAP bind to its directory as IdPs do ({@code ldap}), or in process ({@code in-process}: no network, the
 * IdP's cost is then mostly its signatures). Each mode asked for gets its own IdP, on one shared directory. The
 * default is {@value #DEFAULT}: the IdP stands in for one that runs elsewhere, and its directory round trips are not
 * the service's work (over LDAP they cost about 1 ms of CPU per bind more, docs/performance.md).
 */
final class IdpDirectoryModes {
    static final String DEFAULT = "in-process";
    static final int LDAP_THREADS = 16;

    private IdpDirectoryModes() {
    }

    /** The modes asked for, in order. */
    static List<DirectoryAccess> of(Options options) {
        List<DirectoryAccess> modes = new ArrayList<>();
        for (String part : options.text("idp-directory", DEFAULT).split(",")) {
            String mode = part.strip().toLowerCase(Locale.ROOT);
            switch (mode) {
                case "ldap":
                    modes.add(DirectoryAccess.LDAP);
                    break;
                case "in-process":
                    modes.add(DirectoryAccess.IN_PROCESS);
                    break;
                default:
                    throw new BadOptionException("--idp-directory takes ldap, in-process or both; was " + part);
            }
            if (modes.indexOf(modes.get(modes.size() - 1)) != modes.size() - 1) {
                throw new BadOptionException("--idp-directory names " + mode + " twice");
            }
        }
        return modes;
    }

    /**
     * The IdP's handler threads for {@code mode}: {@code --idp-threads N} when given, else as many as the cores for
     * {@code in-process} (a handler never waits, and first come first served keeps the latency tail short: p99/p50
     * 1.6 against 2.1 with 16 threads at the same throughput, docs/performance.md) and {@value #LDAP_THREADS} for
     * {@code ldap} (a handler waits for its three directory round trips; fewer threads cut throughput).
     */
    static int threads(Options options, DirectoryAccess mode, int cores) {
        String value = options.text("idp-threads", "auto").strip();
        if (value.equals("auto")) {
            return mode == DirectoryAccess.LDAP ? LDAP_THREADS : Math.max(2, cores);
        }
        return options.integer("idp-threads", LDAP_THREADS);
    }

    /** The row label suffix. */
    static String label(DirectoryAccess mode) {
        return mode == DirectoryAccess.LDAP ? "dir=ldap" : "dir=in-process";
    }
}
