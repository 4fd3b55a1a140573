package dev.samlec.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.ldap.client.api.LdapNetworkConnection;
import org.apache.directory.server.ldap.LdapSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link DirectoryAuthenticator}: the {@link PasswordCheckContract} over LDAP, and its connection pool. */
class DirectoryAuthenticatorTest extends PasswordCheckContract {
    private static DemoDirectory directory;
    private static DirectoryAuthenticator authenticator;

    @BeforeAll
    static void start() throws IOException {
        directory = DemoDirectory.start();
        authenticator = new DirectoryAuthenticator("127.0.0.1", directory.port(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        authenticator.close();
        directory.close();
    }

    @Override
    PasswordCheck check() {
        return authenticator;
    }

    @Test
    void authenticateWhenConnectionReusedThenEveryLoginBindsWithItsOwnPassword() throws IOException {
        try (DirectoryAuthenticator own = new DirectoryAuthenticator("127.0.0.1", directory.port(),
                Duration.ofSeconds(5))) {
            assertThat(own.authenticate("alice", "alicepw".toCharArray())).isPresent();
            assertThat(own.idleConnections()).isEqualTo(1);

            // The same connection, still bound as alice from the last login: the wrong password must fail all the same.
            assertThat(own.authenticate("alice", "wrongpw".toCharArray())).isEmpty();
            assertThat(own.authenticate("bob", "alicepw".toCharArray())).isEmpty();
            assertThat(own.authenticate("bob", "bobpw".toCharArray()).orElseThrow().uid()).isEqualTo("bob");
            assertThat(own.authenticate("alice", "alicepw".toCharArray()).orElseThrow().groups())
                    .containsExactly("admins", "staff");
            assertThat(own.idleConnections()).isEqualTo(1);
        }
    }

    @Test
    void authenticateWhenDirectoryDroppedIdleConnectionThenNewConnection() throws Exception {
        try (DirectoryAuthenticator own = new DirectoryAuthenticator("127.0.0.1", directory.port(),
                Duration.ofSeconds(5))) {
            assertThat(own.authenticate("alice", "alicepw".toCharArray())).isPresent();
            for (LdapSession session : directory.ldapServer().getLdapSessionManager().getSessions()) {
                session.getIoSession().closeNow().await(5000);
            }

            assertThat(own.authenticate("alice", "alicepw".toCharArray()).orElseThrow().uid()).isEqualTo("alice");
            assertThat(own.authenticate("alice", "wrongpw".toCharArray())).isEmpty();
        }
    }

    @Test
    void authenticateWhenConnectionDroppedAfterBindThenNothingReadAnonymouslyIsUsed() throws Exception {
        // A directory that allows anonymous reads: the LDAP library's silent reconnect would then read as nobody.
        try (DemoDirectory open = DemoDirectory.start()) {
            open.ldapServer().getDirectoryService().setAllowAnonymousAccess(true);
            AtomicInteger binds = new AtomicInteger();
            Consumer<LdapNetworkConnection> dropSecondLogin = connection -> {
                if (binds.incrementAndGet() == 2) {
                    drop(open, connection);
                }
            };
            try (DirectoryAuthenticator reused = new DirectoryAuthenticator("127.0.0.1", open.port(),
                    Duration.ofSeconds(5), dropSecondLogin)) {
                assertThat(reused.authenticate("alice", "alicepw".toCharArray())).isPresent();

                // Dropped after its bind on the reused connection: read again after a bind on a new one.
                assertThat(reused.authenticate("alice", "alicepw".toCharArray()).orElseThrow().groups())
                        .containsExactly("admins", "staff");
                assertThat(binds.get()).isEqualTo(3);
            }
            try (DirectoryAuthenticator fresh = new DirectoryAuthenticator("127.0.0.1", open.port(),
                    Duration.ofSeconds(5), connection -> drop(open, connection))) {
                assertThatThrownBy(() -> fresh.authenticate("alice", "alicepw".toCharArray()))
                        .isInstanceOf(IOException.class).hasMessageContaining("not opened again");
            }
        }
    }

    /** Closes the directory's side of every session and waits until {@code connection} has seen the close. */
    private static void drop(DemoDirectory open, LdapNetworkConnection connection) {
        CountDownLatch closed = new CountDownLatch(1);
        connection.addConnectionClosedEventListener(closed::countDown);
        try {
            for (LdapSession session : open.ldapServer().getLdapSessionManager().getSessions()) {
                session.getIoSession().closeNow().await(5000);
            }
            assertThat(closed.await(5, TimeUnit.SECONDS)).as("the client saw the close").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void authenticateWhenGroupSearchTruncatedThenIOExceptionNotFewerGroups() throws Exception {
        try (DemoDirectory limited = DemoDirectory.start()) {
            limited.ldapServer().setMaxSizeLimit(1); // alice is in two groups
            try (DirectoryAuthenticator own = new DirectoryAuthenticator("127.0.0.1", limited.port(),
                    Duration.ofSeconds(5))) {
                assertThatThrownBy(() -> own.authenticate("alice", "alicepw".toCharArray()))
                        .isInstanceOf(IOException.class).hasMessageContaining("SIZE_LIMIT_EXCEEDED");
                assertThat(own.authenticate("carol", "carolpw".toCharArray()).orElseThrow().groups()).isEmpty();
            }
        }
    }

    @Test
    void authenticateWhenClosedThenIOExceptionAndNoIdleConnection() throws IOException {
        DirectoryAuthenticator own = new DirectoryAuthenticator("127.0.0.1", directory.port(), Duration.ofSeconds(5));
        assertThat(own.authenticate("alice", "alicepw".toCharArray())).isPresent();
        own.close();
        own.close();

        assertThat(own.idleConnections()).isZero();
        assertThatThrownBy(() -> own.authenticate("alice", "alicepw".toCharArray()))
                .isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void userDnWhenNameHasDnSyntaxThenOneEscapedRdnUnderPeople() throws Exception {
        Dn dn = DirectoryAuthenticator.userDn("alice,ou=x+cn=y");

        assertThat(dn.size()).isEqualTo(4);
        assertThat(dn.getRdn().getValue()).isEqualTo("alice,ou=x+cn=y");
        assertThat(dn.getParent()).isEqualTo(new Dn(DemoDirectory.PEOPLE_DN));
    }

    @Test
    void authenticateWhenEmptyPasswordThenEmptyWithoutAskingTheDirectory() throws IOException {
        DirectoryAuthenticator nowhere = new DirectoryAuthenticator("127.0.0.1", closedPort(), Duration.ofSeconds(2));

        // An empty simple-bind password is an anonymous bind in LDAP; it must never reach the directory.
        assertThat(nowhere.authenticate("alice", new char[0])).isEmpty();
        assertThat(nowhere.authenticate("", "x".toCharArray())).isEmpty();
    }

    @Test
    void authenticateWhenDirectoryDownThenIOException() throws IOException {
        DirectoryAuthenticator nowhere = new DirectoryAuthenticator("127.0.0.1", closedPort(), Duration.ofSeconds(2));

        assertThatThrownBy(() -> nowhere.authenticate("alice", "alicepw".toCharArray()))
                .isInstanceOf(IOException.class).hasMessageContaining("ldap://127.0.0.1:");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
