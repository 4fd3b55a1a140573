package dev.samlec.testkit;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link PasswordCheckContract} over LDAP with a {@link UserReadCache}: the cache must never skip a bind. */
class DirectoryAuthenticatorCachedTest extends PasswordCheckContract {
    private static DemoDirectory directory;
    private static PasswordCheck check;

    @BeforeAll
    static void start() throws IOException {
        directory = DemoDirectory.start();
        check = new DirectoryAuthenticator("127.0.0.1", directory.port(), Duration.ofSeconds(5),
                new UserReadCache(Duration.ofHours(1), System::nanoTime), connection -> { });
    }

    @AfterAll
    static void stop() {
        check.close();
        directory.close();
    }

    @Override
    PasswordCheck check() {
        return check;
    }
}
