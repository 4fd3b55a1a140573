package dev.samlec.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link EmbeddedPasswordCheck}: the {@link PasswordCheckContract} in process, and a stopped directory. */
class EmbeddedPasswordCheckTest extends PasswordCheckContract {
    private static DemoDirectory directory;
    private static PasswordCheck check;

    @BeforeAll
    static void start() throws IOException {
        directory = DemoDirectory.start();
        check = directory.inProcessPasswordCheck();
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

    @Test
    void authenticateWhenDirectoryStoppedThenIOExceptionButEmptyPasswordStillRefusedFirst() throws IOException {
        DemoDirectory own = DemoDirectory.start();
        PasswordCheck ownCheck = own.inProcessPasswordCheck();
        assertThat(ownCheck.authenticate("alice", "alicepw".toCharArray())).isPresent();
        own.close();

        assertThatThrownBy(() -> ownCheck.authenticate("alice", "alicepw".toCharArray()))
                .isInstanceOf(IOException.class).hasMessageContaining("embedded directory");
        // refused before the directory is asked
        assertThat(ownCheck.authenticate("alice", new char[0])).isEmpty();
    }

    @Test
    void authenticateWhenClosedThenIOException() throws IOException {
        PasswordCheck closed = directory.inProcessPasswordCheck();
        assertThat(closed.authenticate("bob", "bobpw".toCharArray())).isPresent();
        closed.close();
        closed.close();

        assertThatThrownBy(() -> closed.authenticate("bob", "bobpw".toCharArray()))
                .isInstanceOf(IOException.class).hasMessageContaining("closed");
    }
}
