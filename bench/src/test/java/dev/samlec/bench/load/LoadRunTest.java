package dev.samlec.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.sasl.SamlecSaslException;
import java.io.IOException;
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
    }

    @Test
    void describeWhenNoSamlecCauseThenInnermostClassAndMessage() {
        assertThat(LoadRun.describe(new IllegalStateException("outer", new IOException("refused"))))
                .isEqualTo("IOException: refused");
    }
}
