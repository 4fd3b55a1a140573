package dev.samlec.testkit;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link PasswordCheckContract} in process with a {@link UserReadCache}: the cache must never skip a bind. */
class EmbeddedPasswordCheckCachedTest extends PasswordCheckContract {
    private static DemoDirectory directory;
    private static PasswordCheck check;

    @BeforeAll
    static void start() throws IOException {
        directory = DemoDirectory.start();
        check = directory.inProcessPasswordCheck(new UserReadCache(Duration.ofHours(1), System::nanoTime));
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
