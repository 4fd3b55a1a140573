package dev.samlec.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    @Test
    void millisSinceWhenThreadsOfOneGroupSpinThenGroupCarriesTheirCpu() throws Exception {
        ThreadCpu before = ThreadCpu.now();
        Thread[] spinners = {spinner("probe-spin-1"), spinner("probe-spin-22")};
        for (Thread t : spinners) {
            t.start();
        }
        Thread.sleep(200);
        ThreadCpu during = ThreadCpu.now(); // read while they still live: ended threads have no reading
        for (Thread t : spinners) {
            t.interrupt();
            t.join();
        }

        Map<String, Double> byGroup = during.millisSince(before);

        assertThat(byGroup).containsKey("probe-spin-N");
        assertThat(byGroup.get("probe-spin-N")).isPositive();
        assertThat(byGroup).doesNotContainKey("probe-spin-1");
    }

    @Test
    void sharesWhenGroupsThenLargestFirstSmallOnesLeftOut() {
        Map<String, Double> groups = new LinkedHashMap<>();
        groups.put("samlec-demo-idp-N", 600.0);
        groups.put("pool-N-thread-N", 395.0);
        groups.put("Finalizer", 5.0);

        assertThat(ThreadCpu.shares(groups)).isEqualTo("samlec-demo-idp-N 60 %, pool-N-thread-N 40 %");
        assertThat(ThreadCpu.shares(Map.of())).isEqualTo("no thread CPU time");
    }

    @Test
    void groupWhenDigitsThenReplaced() {
        assertThat(ThreadCpu.group("NioProcessor-12")).isEqualTo("NioProcessor-N");
        assertThat(ThreadCpu.group("pool-6-thread-3")).isEqualTo("pool-N-thread-N");
    }

    private static Thread spinner(String name) {
        Thread t = new Thread(() -> {
            long x = 0;
            while (!Thread.currentThread().isInterrupted()) {
                x += System.nanoTime() & 1;
            }
            if (x == 42) {
                System.out.print("");
            }
        }, name);
        t.setDaemon(true);
        return t;
    }
}
