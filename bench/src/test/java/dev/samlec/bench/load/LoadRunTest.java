package dev.samlec.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.sasl.SamlecSaslException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.naming.AuthenticationException;
import org.junit.jupiter.api.Test;

class LoadRunTest {
    @Test
    void runWhenEveryOtherOperationFailsThenFailuresCountedBySamlecCode() throws Exception {
        AtomicLong calls = new AtomicLong();

        LoadRun.Figures figures = LoadRun.run(2, 0.2, () -> {
            if (calls.incrementAndGet() % 2 == 0) {
                AuthenticationException jndi = new AuthenticationException("SAML20EC");
                jndi.setRootCause(new SamlecSaslException(EcpError.IDP_UNREACHABLE, "no IdP"));
                throw jndi;
            }
        });

        assertThat(figures.ok()).isPositive();
        assertThat(figures.failures()).containsOnlyKeys(EcpError.IDP_UNREACHABLE.code());
        assertThat(figures.ok() + figures.failures().get(EcpError.IDP_UNREACHABLE.code())).isEqualTo(calls.get());
        assertThat(figures.p99Millis()).isGreaterThanOrEqualTo(figures.p50Millis());
        assertThat(figures.p999Millis()).isGreaterThanOrEqualTo(figures.p99Millis());
        assertThat(figures.maxMillis()).isGreaterThanOrEqualTo(figures.p999Millis());
        assertThat(figures.gc().count()).isNotNegative();
        assertThat(figures.cpuMillisPerOp()).isPositive();
        assertThat(figures.jitMillis()).isNotNegative();
        assertThat(figures.threadCpuMillis()).containsKey("samlec-load-N");
    }

    @Test
    void runWhenAnOperationThrowsAnErrorThenCountedAndOnlyThatWorkerStops() throws Exception {
        AtomicLong calls = new AtomicLong();

        LoadRun.Figures figures = LoadRun.run(2, 0.2, () -> {
            if (calls.incrementAndGet() == 3) {
                throw new AssertionError("broken operation");
            }
        });

        assertThat(figures.failures()).containsOnly(
                Map.entry("AssertionError: broken operation", 1L), Map.entry(LoadRun.STOPPED_BY_ERROR, 1L));
        assertThat(figures.ok()).isEqualTo(calls.get() - 1).isGreaterThan(3);
    }

    @Test
    void lineWhenFiguresThenTailAndCollectorPausesPrinted() {
        LoadRun.Figures figures = new LoadRun.Figures(16, 2.0, 1000, Map.of(), 30.0, 55.5, 70.25, 90.0, 4.125, 120,
                new GcPauses(3, 21), Map.of("samlec-demo-idp-N", 50.0, "pool-N-thread-N", 49.5, "Finalizer", 0.5));

        assertThat(figures.line("SAML20EC")).contains("N=16", "500.0/s", "p50   30.00 ms", "p99   55.50 ms",
                "p99.9   70.25 ms", "max   90.00 ms", "cpu  4.13 ms/op", "jit 120 ms", "gc 3/21 ms", "failed 0");
        assertThat(figures.threadLine()).contains("samlec-demo-idp-N 50 %", "pool-N-thread-N 50 %")
                .doesNotContain("Finalizer");
    }

    @Test
    void describeWhenNoSamlecCauseThenInnermostClassAndMessage() {
        assertThat(LoadRun.describe(new IllegalStateException("outer", new IOException("refused"))))
                .isEqualTo("IOException: refused");
    }
}
