package dev.samlec.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.directory.api.ldap.model.name.Dn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link UserReadCache}: time to live, its bound, and both password checks using it without skipping the bind. */
class UserReadCacheTest {
    private static final DirectoryUser ALICE = new DirectoryUser("alice", "Alice", null, List.of("staff"));
    private static DemoDirectory directory;
    private final AtomicLong now = new AtomicLong(1_000);

    @BeforeAll
    static void start() throws IOException {
        directory = DemoDirectory.start();
    }

    @AfterAll
    static void stop() {
        directory.close();
    }

    private UserReadCache cache(Duration ttl) {
        return new UserReadCache(ttl, now::get);
    }

    @Test
    void freshWhenYoungerThanTimeToLiveThenKeptUserElseEmptyAndForgotten() throws Exception {
        UserReadCache reads = cache(Duration.ofSeconds(60));
        Dn dn = new Dn("uid=alice,ou=people,dc=samlec,dc=dev");
        assertThat(reads.fresh(dn)).isEmpty();

        assertThat(reads.keep(dn, ALICE)).isSameAs(ALICE);
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(reads.fresh(dn)).containsSame(ALICE);
        assertThat(reads.fresh(new Dn("uid=bob,ou=people,dc=samlec,dc=dev"))).isEmpty();

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(reads.fresh(dn)).isEmpty();
        assertThat(reads.size()).isZero();
    }

    @Test
    void keepWhenOffThenNothingKept() throws Exception {
        UserReadCache off = UserReadCache.off();
        Dn dn = new Dn("uid=alice,ou=people,dc=samlec,dc=dev");

        off.keep(dn, ALICE);
        assertThat(off.fresh(dn)).isEmpty();
        assertThat(off.size()).isZero();
    }

    @Test
    void keepWhenFullThenStartsOverRatherThanGrowing() throws Exception {
        UserReadCache reads = cache(Duration.ofMinutes(5));
        for (int i = 0; i < UserReadCache.MAX_USERS; i++) {
            reads.keep(new Dn("uid=u" + i + ",ou=people,dc=samlec,dc=dev"), ALICE);
        }
        assertThat(reads.size()).isEqualTo(UserReadCache.MAX_USERS);

        reads.keep(new Dn("uid=one-more,ou=people,dc=samlec,dc=dev"), ALICE);
        assertThat(reads.size()).isEqualTo(1);
    }

    @Test
    void constructorWhenNegativeTimeToLiveThenRefused() {
        assertThatThrownBy(() -> cache(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }

    @Test
    void authenticateWhenUserReadCachedThenReadsSkippedButEveryLoginStillBinds() throws IOException {
        for (PasswordCheck check : List.of(directory.inProcessPasswordCheck(cache(Duration.ofMinutes(5))),
                new DirectoryAuthenticator("127.0.0.1", directory.port(), Duration.ofSeconds(5),
                        cache(Duration.ofMinutes(5)), connection -> { }))) {
            try (check) {
                DirectoryUser first = check.authenticate("alice", "alicepw".toCharArray()).orElseThrow();

                assertThat(check.authenticate("alice", "wrongpw".toCharArray())).as(check.toString()).isEmpty();
                assertThat(check.authenticate("alice", "alicepw".toCharArray())).containsSame(first);
                now.addAndGet(Duration.ofMinutes(5).toNanos());
                assertThat(check.authenticate("alice", "alicepw".toCharArray()).orElseThrow()).isNotSameAs(first)
                        .extracting(DirectoryUser::groups).isEqualTo(List.of("admins", "staff"));
            }
        }
    }
}
