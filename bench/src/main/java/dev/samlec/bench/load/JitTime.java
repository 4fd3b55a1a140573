package dev.samlec.bench.load;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * The time the JIT compilers have spent so far ({@link CompilationMXBean}: approximate elapsed time summed over the
 * compiler threads, not their CPU time): a load run reads it before and after, so its line shows whether the row
 * still ran partly uncompiled code (on two cores the compiler threads compete with the load for the CPU).
 */
public final class JitTime {
    /** Returned when the JVM does not time its compilations. */
    public static final long UNKNOWN = -1;

    private JitTime() {
    }

    /** The compilers' total time in milliseconds so far, or {@link #UNKNOWN}. */
    public static long millis() {
        CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
        return bean != null && bean.isCompilationTimeMonitoringSupported() ? bean.getTotalCompilationTime()
                : UNKNOWN;
    }

    /** The milliseconds between two readings, or {@link #UNKNOWN}. */
    public static long between(long before, long after) {
        return before == UNKNOWN || after == UNKNOWN ? UNKNOWN : after - before;
    }
}
