package dev.samlec.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.redis.testing.RedisServerProcess;
import dev.samlec.redis.testing.TestCertificates;
import dev.samlec.mech.service.ReplayCache;
import dev.samlec.mech.service.ReplayCache.Outcome;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redis replay cache against a real redis-server: shared by two nodes, atomic, expiring, fail closed. */
class RedisReplayCacheTest {
    private static final Clock CLOCK = Clock.systemUTC();
    private static RedisServerProcess redis;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.startPlain();
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
    }

    private static RedisLoginStore node(URI uri, String prefix) throws EcpConfigurationException {
        return new RedisLoginStore(RedisSettings.builder(uri).keyPrefix(prefix).commandTimeout(Duration.ofMillis(500))
                .connectTimeout(Duration.ofMillis(500)).reconnectInterval(Duration.ofMillis(200)).build(), CLOCK);
    }

    private static Instant inFiveMinutes() {
        return CLOCK.instant().plusSeconds(300);
    }

    @Test
    void recordWhenTwoNodesShareRedisThenEachKeyStoredOnceAcrossThem() throws Exception {
        try (RedisLoginStore a = node(redis.uri(), "svc1:"); RedisLoginStore b = node(redis.uri(), "svc1:")) {
            ReplayCache nodeA = a.replayCache();
            ReplayCache nodeB = b.replayCache();

            assertThat(nodeA.record("idp!_one", inFiveMinutes())).isEqualTo(Outcome.STORED);
            assertThat(nodeB.record("idp!_one", inFiveMinutes())).isEqualTo(Outcome.ALREADY_SEEN);
            assertThat(nodeA.record("idp!_one", inFiveMinutes())).isEqualTo(Outcome.ALREADY_SEEN);
            assertThat(nodeB.record("idp!_two", inFiveMinutes())).isEqualTo(Outcome.STORED);
            assertThat(nodeA.checkAndStore("idp!_two", inFiveMinutes())).isFalse();
        }
    }

    @Test
    void recordWhenOtherKeyPrefixThenAnotherServicesEntriesDoNotCount() throws Exception {
        try (RedisLoginStore a = node(redis.uri(), "svcA:"); RedisLoginStore b = node(redis.uri(), "svcB:")) {
            assertThat(a.replayCache().record("idp!_shared", inFiveMinutes())).isEqualTo(Outcome.STORED);
            assertThat(b.replayCache().record("idp!_shared", inFiveMinutes())).isEqualTo(Outcome.STORED);
        }
    }

    @Test
    void recordWhenStoredThenRedisKeepsItForTheRemainingLifetimeOnly() throws Exception {
        try (RedisLoginStore a = node(redis.uri(), "ttl:")) {
            a.replayCache().record("idp!_ttl", CLOCK.instant().plusSeconds(120));

            Long ttl = a.call("PTTL", r -> r.pttl(r.keys("ttl:replay:*").get(0)));
            assertThat(ttl).isBetween(100_000L, 120_000L);
        }
    }

    @Test
    void recordWhenManyNodesRaceForOneKeyThenExactlyOneStores() throws Exception {
        int nodes = 8;
        RedisLoginStore[] stores = new RedisLoginStore[nodes];
        try {
            for (int i = 0; i < nodes; i++) {
                stores[i] = node(redis.uri(), "race:");
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(nodes);
            java.util.List<java.util.concurrent.Future<Outcome>> results = new java.util.ArrayList<>();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            for (RedisLoginStore store : stores) {
                ReplayCache cache = store.replayCache();
                results.add(pool.submit(() -> {
                    go.await();
                    return cache.record("idp!_raced", inFiveMinutes());
                }));
            }
            go.countDown();
            int stored = 0;
            for (var r : results) {
                stored += r.get() == Outcome.STORED ? 1 : 0;
            }
            pool.shutdownNow();
            assertThat(stored).isEqualTo(1);
        } finally {
            for (RedisLoginStore s : stores) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    @Test
    void recordWhenRedisStopsThenUnavailableWithinTheTimeoutAndRecoversWhenItReturns() throws Exception {
        try (RedisServerProcess own = RedisServerProcess.startPlain(); RedisLoginStore a = node(own.uri(), "out:")) {
            ReplayCache cache = a.replayCache();
            assertThat(cache.record("idp!_before", inFiveMinutes())).isEqualTo(Outcome.STORED);

            own.stop();
            long started = System.nanoTime();
            assertThat(cache.record("idp!_during", inFiveMinutes())).isEqualTo(Outcome.UNAVAILABLE);
            assertThat(cache.record("idp!_during", inFiveMinutes())).isEqualTo(Outcome.UNAVAILABLE);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded, no hang")
                    .isLessThan(Duration.ofSeconds(5));

            own.start();
            Outcome after = Outcome.UNAVAILABLE;
            for (int i = 0; i < 100 && after == Outcome.UNAVAILABLE; i++) {
                Thread.sleep(100);
                after = cache.record("idp!_after", inFiveMinutes());
            }
            assertThat(after).isEqualTo(Outcome.STORED);
        }
    }

    @Test
    void recordWhenRedisDownAtStartThenUnavailableThenWorksOnceItIsUp() throws Exception {
        RedisServerProcess own = RedisServerProcess.startPlain();
        own.stop();
        try (own; RedisLoginStore a = node(own.uri(), "late:")) {
            assertThat(a.replayCache().record("idp!_x", inFiveMinutes())).isEqualTo(Outcome.UNAVAILABLE);

            own.start();
            Thread.sleep(300);
            assertThat(a.replayCache().record("idp!_x", inFiveMinutes())).isEqualTo(Outcome.STORED);
        }
    }

    @Test
    void recordWhenPasswordRightThenStoredAndWhenWrongOrMissingThenUnavailable() throws Exception {
        try (RedisServerProcess own = RedisServerProcess.startPlain("--requirepass", "s3cret-pw")) {
            try (RedisLoginStore right = new RedisLoginStore(RedisSettings.builder(own.uri()).keyPrefix("auth:")
                    .password("s3cret-pw".toCharArray()).build(), CLOCK)) {
                assertThat(right.replayCache().record("idp!_a", inFiveMinutes())).isEqualTo(Outcome.STORED);
            }
            try (RedisLoginStore wrong = new RedisLoginStore(RedisSettings.builder(own.uri()).keyPrefix("auth:")
                    .password("wrong".toCharArray()).build(), CLOCK)) {
                assertThat(wrong.replayCache().record("idp!_b", inFiveMinutes())).isEqualTo(Outcome.UNAVAILABLE);
            }
            try (RedisLoginStore none = node(own.uri(), "auth:")) {
                assertThat(none.replayCache().record("idp!_c", inFiveMinutes())).isEqualTo(Outcome.UNAVAILABLE);
            }
        }
    }

    @Test
    void recordWhenTlsWithTrustedCertificateThenStoredAndWhenUntrustedThenUnavailable(@TempDir Path dir)
            throws Exception {
        TestCertificates server = TestCertificates.create(dir, "redis-server");
        TestCertificates other = TestCertificates.create(dir, "someone-else");
        try (RedisServerProcess tls = RedisServerProcess.startTls(server)) {
            try (RedisLoginStore trusted = new RedisLoginStore(RedisSettings.builder(tls.uri()).keyPrefix("tls:")
                    .trustedCertificates(server.certificate()).build(), CLOCK)) {
                assertThat(trusted.replayCache().record("idp!_t", inFiveMinutes())).isEqualTo(Outcome.STORED);
            }
            try (RedisLoginStore untrusted = new RedisLoginStore(RedisSettings.builder(tls.uri()).keyPrefix("tls:")
                    .trustedCertificates(other.certificate()).build(), CLOCK)) {
                assertThat(untrusted.replayCache().record("idp!_u", inFiveMinutes())).isEqualTo(Outcome.UNAVAILABLE);
            }
        }
    }

    @Test
    void settingsWhenMisconfiguredThenInvalidConfigurationNamingIt() {
        assertThatThrownBy(() -> RedisSettings.builder(URI.create("http://127.0.0.1:6379")).keyPrefix("p:").build())
                .isInstanceOf(EcpConfigurationException.class).hasMessageContaining("redis:// or rediss://");
        assertThatThrownBy(() -> RedisSettings.builder(URI.create("redis://127.0.0.1:6379")).build())
                .hasMessageContaining("key prefix is required");
        assertThatThrownBy(() -> RedisSettings.builder(URI.create("redis://user:pw@127.0.0.1:6379")).keyPrefix("p:")
                .build()).hasMessageContaining("not in the URI").hasMessageNotContaining("pw");
        assertThatThrownBy(() -> RedisSettings.builder(URI.create("redis://127.0.0.1:6379")).keyPrefix("p:")
                .trustedCertificates(Path.of("ca.pem")).build()).hasMessageContaining("use rediss://");
        assertThatThrownBy(() -> RedisSettings.builder(URI.create("redis://127.0.0.1:6379")).keyPrefix("p:")
                .commandTimeout(Duration.ZERO).build()).hasMessageContaining("positive");
        assertThatThrownBy(() -> RedisSettings.builder(URI.create("redis://redis.example.org:6379")).keyPrefix("p:")
                .build()).hasMessageContaining("has no TLS").hasMessageContaining("rediss://");
        // One service's keys must never fall under another's prefix (svc: vs svc:request: would share keys).
        for (String prefix : List.of("svc", "svc:request:", "svc:replay:x:", "request:")) {
            assertThatThrownBy(() -> RedisSettings.builder(URI.create("redis://127.0.0.1:6379")).keyPrefix(prefix)
                    .build()).as(prefix).isInstanceOf(EcpConfigurationException.class)
                    .hasMessageContaining("must end with ':'");
        }
        try {
            RedisSettings.builder(URI.create("redis://redis.example.org:6379")).keyPrefix("p:").allowInsecure(true)
                    .build();
            RedisSettings.builder(URI.create("rediss://redis.example.org:6379")).keyPrefix("p:").build();
            RedisSettings.builder(URI.create("redis://[::1]:6379")).keyPrefix("p:").build();
        } catch (EcpConfigurationException e) {
            throw new AssertionError(e);
        }
        try {
            RedisSettings.builder(URI.create("redis://127.0.0.1")).keyPrefix("p:").build();
        } catch (EcpConfigurationException e) {
            throw new AssertionError(e);
        }
        assertThat(EcpError.STATE_STORE_UNAVAILABLE.code()).isEqualTo("state_store_unavailable");
    }
}
