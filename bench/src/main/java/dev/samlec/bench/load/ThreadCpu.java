package dev.samlec.bench.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CPU time of the JVM's live threads, grouped by name with the digits taken out ({@code samlec-demo-idp-3} and
 * {@code samlec-demo-idp-12} are one group, {@code samlec-demo-idp-N}): a load run reads it before and after, so a
 * line can say which part of the system in one JVM (the load's clients, the LDAP server's workers, the demo IdP,
 * the network threads) took the CPU. Threads that start and end between the readings (JNDI's reader thread of a
 * connection) are not in it, so the groups sum to somewhat less than {@link ProcessCpu}.
 */
public final class ThreadCpu {
    private final Map<Long, Long> nanosById;
    private final Map<Long, String> groupById;

    private ThreadCpu(Map<Long, Long> nanosById, Map<Long, String> groupById) {
        this.nanosById = nanosById;
        this.groupById = groupById;
    }

    /** A reading of every live thread; empty when the JVM does not measure thread CPU time. */
    public static ThreadCpu now() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> nanos = new HashMap<>();
        Map<Long, String> groups = new HashMap<>();
        if (threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled()) {
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    nanos.put(info.getThreadId(), cpu);
                    groups.put(info.getThreadId(), group(info.getThreadName()));
                }
            }
        }
        return new ThreadCpu(nanos, groups);
    }

    static String group(String threadName) {
        return threadName.replaceAll("[0-9]+", "N");
    }

    /** Milliseconds of CPU per group between {@code earlier} and this reading, largest first. */
    public Map<String, Double> millisSince(ThreadCpu earlier) {
        Map<String, Double> byGroup = new HashMap<>();
        nanosById.forEach((id, nanos) -> {
            long before = earlier.nanosById.getOrDefault(id, 0L);
            byGroup.merge(groupById.get(id), (nanos - before) / 1e6, Double::sum);
        });
        return byGroup.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** E.g. {@code samlec-demo-idp-N 52 %, pool-N-thread-N 19 %}: the groups of at least 1 % of the total. */
    public static String shares(Map<String, Double> millisByGroup) {
        double total = millisByGroup.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total <= 0) {
            return "no thread CPU time";
        }
        return millisByGroup.entrySet().stream().filter(e -> e.getValue() >= total / 100)
                .map(e -> String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), 100 * e.getValue() / total))
                .collect(Collectors.joining(", "));
    }
}
