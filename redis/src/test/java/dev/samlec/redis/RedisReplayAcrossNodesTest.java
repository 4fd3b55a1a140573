package dev.samlec.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.redis.testing.RedisServerProcess;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.service.ValidationContext;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestSamlObjects;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole validator on two nodes of one service sharing a real Redis: an assertion accepted at one node is a
 * replay at the other, and with Redis down every login is refused with {@code state_store_unavailable} (never
 * accepted because the store could not be asked).
 */
class RedisReplayAcrossNodesTest {
    private static final java.util.List<RedisLoginStore> STORES = new java.util.ArrayList<>();
    private static RedisServerProcess redis;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.startPlain();
    }

    @AfterAll
    static void stop() throws Exception {
        STORES.forEach(RedisLoginStore::close);
        redis.close();
    }

    private static ServiceFixture node(RedisServerProcess server, String prefix) throws Exception {
        ServiceFixture fixture = new ServiceFixture();
        RedisLoginStore store = new RedisLoginStore(RedisSettings.builder(server.uri()).keyPrefix(prefix)
                .connectTimeout(Duration.ofMillis(500)).reconnectInterval(Duration.ofMillis(100)).build(),
                fixture.clock);
        STORES.add(store);
        return fixture.configure(b -> b.replayCache(store.replayCache()));
    }

    @Test
    void validateWhenAssertionAcceptedAtNodeAThenReplayAtNodeB() throws Exception {
        ServiceFixture a = node(redis, "nodes:");
        ServiceFixture b = node(redis, "nodes:");
        byte[] xml = TestSamlObjects.signedAssertion().bytes();

        assertThat(a.validate(xml, ValidationContext.unchecked()).nameId().value()).isNotBlank();
        assertThatThrownBy(() -> b.validate(xml, ValidationContext.unchecked())).isInstanceOf(EcpException.class)
                .extracting(e -> ((EcpException) e).error()).isEqualTo(EcpError.REPLAYED_ASSERTION);
    }

    @Test
    void validateWhenRedisDownThenStateStoreUnavailableAndAfterRecoveryAccepted() throws Exception {
        try (RedisServerProcess own = RedisServerProcess.startPlain()) {
            ServiceFixture a = node(own, "down:");
            own.stop();

            assertThatThrownBy(() -> a.validate(TestSamlObjects.signedAssertion().bytes(),
                    ValidationContext.unchecked())).isInstanceOf(EcpException.class)
                    .extracting(e -> ((EcpException) e).error()).isEqualTo(EcpError.STATE_STORE_UNAVAILABLE);

            own.start();
            a.clock.advance(Duration.ofSeconds(1));
            assertThat(a.validate(TestSamlObjects.signedAssertion().bytes(), ValidationContext.unchecked()).nameId()
                    .value()).isNotBlank();
        }
    }
}
