package dev.samlec.bench.load;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The JVM's stop-the-world collections so far, summed over its collectors' MXBeans: a load run takes one reading
 * before and one after, so its line can say how much of its tail latency the collector may explain. ZGC's and
 * Shenandoah's "Cycles" beans time concurrent work and are left out (their "Pauses" beans count); G1's
 * "G1 Concurrent GC" (JDK 20 on) counts, since it times the Remark and Cleanup pauses.
 *
 * @param count the collections
 * @param millis their time, as the beans report it
 */
public record GcPauses(long count, long millis) {

    /** The collections until now. */
    public static GcPauses now() {
        return of(ManagementFactory.getGarbageCollectorMXBeans());
    }

    static GcPauses of(List<GarbageCollectorMXBean> collectors) {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean collector : collectors) {
            if (countsPauses(collector.getName()) && collector.getCollectionCount() > 0) {
                count += collector.getCollectionCount();
                millis += Math.max(0, collector.getCollectionTime());
            }
        }
        return new GcPauses(count, millis);
    }

    static boolean countsPauses(String collectorName) {
        return !collectorName.endsWith(" Cycles");
    }

    /** The collections between {@code earlier} and this reading. */
    public GcPauses since(GcPauses earlier) {
        return new GcPauses(count - earlier.count, millis - earlier.millis);
    }
}
