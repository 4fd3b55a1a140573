package dev.samlec.bench.load;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The CPU time the whole JVM has used so far (every thread: the load's clients, the servers, the IdP, the JIT and
 * the collector), from the JDK's {@code com.sun.management} bean. A load run reads it before and after, so a line
 * can say how many CPU milliseconds one operation costs: unlike operations per second it does not move with the
 * queueing, and on two cores it tells how far the run is from its CPU floor (2,000 ms/s ÷ ms per operation).
 */
public final class ProcessCpu {
    /** Returned when the JVM has no CPU-time reading. */
    public static final long UNKNOWN = -1;

    private ProcessCpu() {
    }

    /** The JVM's CPU time in nanoseconds so far, or {@link #UNKNOWN}. */
    public static long nanos() {
        OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        if (bean instanceof com.sun.management.OperatingSystemMXBean jdk) {
            long nanos = jdk.getProcessCpuTime();
            return nanos < 0 ? UNKNOWN : nanos;
        }
        return UNKNOWN;
    }

    /** Milliseconds of CPU per operation between two readings; NaN when unknown or without operations. */
    public static double millisPerOperation(long before, long after, long operations) {
        if (before == UNKNOWN || after == UNKNOWN || operations <= 0) {
            return Double.NaN;
        }
        return (after - before) / 1e6 / operations;
    }
}
