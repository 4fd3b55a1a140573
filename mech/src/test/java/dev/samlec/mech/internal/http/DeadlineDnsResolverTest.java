package dev.samlec.mech.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A name server that never answers cannot hold a call past its deadline (issue 10 review: peer-chosen hosts). */
class DeadlineDnsResolverTest {
    private final CountDownLatch never = new CountDownLatch(1);

    /** A lookup that blocks until the test ends, as InetAddress does while a silent name server is retried. */
    private final DnsResolver silent = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            try {
                never.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    };

    @AfterEach
    void release() {
        never.countDown();
    }

    @Test
    void resolveWhenNameServerSilentThenFailsAtTheDeadlineAndTheDeadlineReadsExpired() {
        DeadlineDnsResolver resolver = new DeadlineDnsResolver(silent);
        long start = System.nanoTime();
        try (CallDeadline deadline = CallDeadline.start(Duration.ofMillis(300))) {
            Throwable thrown = catchThrowable(() -> resolver.resolve("stall.attacker.example"));

            assertThat(thrown).isInstanceOf(UnknownHostException.class).hasMessageContaining("call timeout");
            assertThat(deadline.expired()).as("reported as the call's timeout").isTrue();
        }
        // generous bound: the point is "returns", not speed
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void resolveWhenLookupAnswersThenItsAddresses() throws Exception {
        DeadlineDnsResolver resolver = DeadlineDnsResolver.INSTANCE;
        try (CallDeadline deadline = CallDeadline.start(Duration.ofSeconds(10))) {
            assertThat(resolver.resolve("localhost")).isNotEmpty();
            assertThat(deadline.expired()).isFalse();
        }
    }

    @Test
    void onThisThreadWhenNestedAndClosedThenOuterRestoredThenNone() {
        try (CallDeadline outer = CallDeadline.start(Duration.ofSeconds(10))) {
            try (CallDeadline inner = CallDeadline.start(Duration.ofSeconds(5))) {
                assertThat(CallDeadline.onThisThread()).isSameAs(inner);
            }
            assertThat(CallDeadline.onThisThread()).isSameAs(outer);
        }
        assertThat(CallDeadline.onThisThread()).isNull();
    }
}
