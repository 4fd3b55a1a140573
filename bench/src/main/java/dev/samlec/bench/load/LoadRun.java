package dev.samlec.bench.load;

import dev.samlec.mech.EcpException;
import dev.samlec.sasl.SamlecSaslException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load run: N threads each repeat one operation, back to back, until a fixed duration has passed (or
 * {@value #MAX_OPS_PER_THREAD} operations per thread), recording each operation's latency and, for a failure, its
 * error. The figures: completed operations per second, p50, p99, p99.9 and the slowest latency of the successful
 * ones, the JVM's CPU milliseconds per successful operation, the JIT's compiling time and the collector's pauses
 * during the run, failures by error. An operation that throws an {@link Error} is a failure too, and stops its
 * worker (the failures then count {@value #STOPPED_BY_ERROR}): the run goes on with the others.
 */
public final class LoadRun {
    static final int MAX_OPS_PER_THREAD = 2_000_000;
    /** The failure key counting the workers an {@link Error} stopped before the run's end. */
    static final String STOPPED_BY_ERROR = "workers stopped by an Error";

    /** One operation of the load. */
    @FunctionalInterface
    public interface Operation {
        /** Runs once; a thrown exception is a failure. */
        void run() throws Exception;
    }

    /** The figures of one run. */
    public record Figures(int threads, double seconds, long ok, Map<String, Long> failures, double p50Millis,
            double p99Millis, double p999Millis, double maxMillis, double cpuMillisPerOp, long jitMillis, GcPauses gc,
            Map<String, Double> threadCpuMillis) {
        /** Successful operations per second. */
        public double perSecond() {
            return ok / seconds;
        }

        /** One table line. */
        public String line(String label) {
            return String.format(Locale.ROOT, "%-36s  N=%-3d  %9.1f/s  p50 %7.2f ms  p99 %7.2f ms  p99.9 %7.2f ms"
                    + "  max %7.2f ms  cpu %5.2f ms/op  jit %d ms  gc %d/%d ms  ok %7d  failed %s", label, threads,
                    perSecond(), p50Millis, p99Millis, p999Millis, maxMillis, cpuMillisPerOp, jitMillis, gc.count(),
                    gc.millis(), ok,
                    failures.isEmpty() ? "0" : failures);
        }

        /** Which threads took the CPU, e.g. {@code   cpu by thread: samlec-demo-idp-N 52 %, ...}. */
        public String threadLine() {
            return "  cpu by thread: " + ThreadCpu.shares(threadCpuMillis);
        }
    }

    private LoadRun() {
    }

    /** Runs {@code operation} on {@code threads} threads for {@code seconds}. */
    public static Figures run(int threads, double seconds, Operation operation) throws InterruptedException {
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        List<Map<String, Long>> failures = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(threads);
        CountDownLatch readingsTaken = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        AtomicLong deadline = new AtomicLong(Long.MAX_VALUE);
        for (int t = 0; t < threads; t++) {
            int index = t;
            Map<String, Long> mine = new TreeMap<>();
            failures.add(mine);
            latencies[t] = new long[1024];
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    while (System.nanoTime() < deadline.get() && counts[index] < MAX_OPS_PER_THREAD) {
                        long begin = System.nanoTime();
                        try {
                            operation.run();
                            if (counts[index] == latencies[index].length) {
                                latencies[index] = Arrays.copyOf(latencies[index], counts[index] * 2);
                            }
                            latencies[index][counts[index]++] = System.nanoTime() - begin;
                        } catch (Exception e) {
                            mine.merge(describe(e), 1L, Long::sum);
                        } catch (Error e) {
                            // counted, and the worker stops: an Error (an assertion, out of memory) is not retried
                            mine.merge(describe(e), 1L, Long::sum);
                            mine.merge(STOPPED_BY_ERROR, 1L, Long::sum);
                            break;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    // stay alive until the readings are taken: an ended thread has no CPU time to read
                    finished.countDown();
                    boolean interrupted = Thread.interrupted(); // a set flag would skip the wait
                    try {
                        readingsTaken.await();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, "samlec-load-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        GcPauses gcBefore = GcPauses.now();
        long cpuBefore = ProcessCpu.nanos();
        long jitBefore = JitTime.millis();
        ThreadCpu threadsBefore = ThreadCpu.now();
        long begin = System.nanoTime();
        deadline.set(begin + (long) (seconds * 1e9));
        start.countDown();
        double elapsed;
        long cpuAfter;
        long jit;
        Map<String, Double> byThread;
        GcPauses gc;
        try {
            finished.await();
            elapsed = (System.nanoTime() - begin) / 1e9;
            cpuAfter = ProcessCpu.nanos();
            jit = JitTime.between(jitBefore, JitTime.millis());
            byThread = ThreadCpu.now().millisSince(threadsBefore);
            gc = GcPauses.now().since(gcBefore);
        } finally {
            deadline.set(0); // when interrupted: the workers stop after their current operation
            readingsTaken.countDown(); // and must not wait for ever
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        Map<String, Long> byError = new TreeMap<>();
        failures.forEach(m -> m.forEach((k, v) -> byError.merge(k, v, Long::sum)));
        return new Figures(threads, elapsed, total, byError, percentile(all, 0.50), percentile(all, 0.99),
                percentile(all, 0.999), all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6,
                ProcessCpu.millisPerOperation(cpuBefore, cpuAfter, total), jit, gc, byThread);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** The error of a failure: samlec's code when there is one in the causes, else the innermost class. */
    static String describe(Throwable e) {
        Throwable innermost = e;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SamlecSaslException s) {
                return s.error().code();
            }
            if (c instanceof EcpException x) {
                return x.error().code();
            }
            innermost = c;
            if (c.getCause() == c) {
                break;
            }
        }
        String message = String.valueOf(innermost.getMessage());
        return innermost.getClass().getSimpleName() + ": " + (message.length() > 80 ? message.substring(0, 80)
                : message);
    }
}
