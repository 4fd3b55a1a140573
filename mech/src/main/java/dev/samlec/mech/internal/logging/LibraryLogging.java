package dev.samlec.mech.internal.logging;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library loggers that print SAML content samlec cannot keep from them, and the one warning samlec gives about
 * them. samlec's own loggers and HttpClient's never see a credential or an assertion (samlec's connections do not
 * log, see {@code QuietConnectionFactory}); but Santuario and OpenSAML log what they sign, verify and marshal, and
 * only the application's logging configuration can silence them. So the first samlec HTTP client or validator built
 * in a JVM checks these loggers and, for each one enabled at the level that leaks, logs one WARN line naming it and
 * the fix. Found with every logger at TRACE during a full SAML20EC login (sasl-provider's
 * {@code TraceLoggingLeakTest}).
 */
public final class LibraryLogging {
    private static final Logger LOG = LoggerFactory.getLogger(LibraryLogging.class);
    private static final AtomicBoolean CHECKED = new AtomicBoolean();

    /** A library logger that leaks, the level at which it does, and what it prints. */
    record Leaky(String logger, boolean traceOnly, String prints) {
        boolean enabled() {
            Logger logger = LoggerFactory.getLogger(this.logger);
            return traceOnly ? logger.isTraceEnabled() : logger.isDebugEnabled();
        }
    }

    /** The known leaky loggers (Santuario 2.3.4, OpenSAML 4.0.1). */
    static final List<Leaky> KNOWN = List.of(
            new Leaky("org.apache.xml.security.utils.DigesterOutputStream", false,
                    "the canonical form of every signed element it digests: whole assertions with NameIDs,"
                            + " attributes and the assertion's own SignatureValue"),
            new Leaky("org.opensaml.core.xml.util.XMLObjectSupport", true,
                    "every document OpenSAML marshals (signed requests; at an IdP, whole assertions)"));

    private LibraryLogging() {
    }

    /** Checks the known loggers once per JVM and warns about each one that is enabled. */
    public static void warnOnce() {
        if (!CHECKED.compareAndSet(false, true)) {
            return;
        }
        for (Leaky leaky : KNOWN) {
            if (leaky.enabled()) {
                LOG.warn("logger {} is at {}: it logs {}; set it to INFO in the logging configuration (samlec cannot"
                        + " silence it)", leaky.logger(), leaky.traceOnly() ? "TRACE" : "DEBUG", leaky.prints());
            }
        }
    }
}
