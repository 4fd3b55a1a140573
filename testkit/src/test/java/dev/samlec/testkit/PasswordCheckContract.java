package dev.samlec.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link PasswordCheck} does against the demo directory, over LDAP or in process. */
abstract class PasswordCheckContract {
    /** The check under test, on the demo directory (alice, bob, carol). */
    abstract PasswordCheck check();

    private Optional<DirectoryUser> login(String user, String password) throws IOException {
        return check().authenticate(user, password.toCharArray());
    }

    @Test
    void authenticateWhenAlicePasswordRightThenAttributesAndBothGroupKinds() throws IOException {
        DirectoryUser alice = login("alice", "alicepw").orElseThrow();

        assertThat(alice.uid()).isEqualTo("alice");
        assertThat(alice.commonName()).isEqualTo("Alice Example");
        assertThat(alice.mail()).isEqualTo("alice@samlec.dev");
        assertThat(alice.groups()).containsExactly("admins", "staff");
    }

    @Test
    void authenticateWhenBobOrCarolThenTheirGroups() throws IOException {
        assertThat(login("bob", "bobpw").orElseThrow().groups()).containsExactly("staff");
        assertThat(login("carol", "carolpw").orElseThrow().groups()).isEmpty();
    }

    @Test
    void authenticateWhenNameInOtherCaseThenDirectorySpellingOfUid() throws IOException {
        DirectoryUser alice = login("ALICE", "alicepw").orElseThrow();

        assertThat(alice.uid()).isEqualTo("alice");
        assertThat(alice.groups()).containsExactly("admins", "staff");
    }

    @Test
    void authenticateWhenWrongPasswordOrUnknownUserThenEmpty() throws IOException {
        assertThat(login("alice", "bobpw")).isEmpty();
        assertThat(login("alice", "ALICEPW")).isEmpty();
        assertThat(login("mallory", "alicepw")).isEmpty();
    }

    @Test
    void authenticateWhenOneRightThenOneWrongPasswordThenTheWrongOneRefused() throws IOException {
        assertThat(login("alice", "alicepw")).isPresent();

        // nothing of the successful login may carry over to the next one
        assertThat(login("alice", "wrongpw")).isEmpty();
        assertThat(login("bob", "alicepw")).isEmpty();
        assertThat(login("bob", "bobpw").orElseThrow().uid()).isEqualTo("bob");
    }

    @Test
    void authenticateWhenDnInjectionThenEmpty() throws IOException {
        assertThat(login("alice,ou=people,dc=samlec,dc=dev", "alicepw")).isEmpty();
        assertThat(login("alice,ou=x", "alicepw")).isEmpty();
        assertThat(login("*", "alicepw")).isEmpty();
        assertThat(login("alice)(uid=*", "alicepw")).isEmpty();
        // a DN escape in the name stays a literal backslash: "\\61lice" must not become uid=alice
        assertThat(login("\\61lice", "alicepw")).isEmpty();
    }

    @Test
    void authenticateWhenEmptyPasswordOrNameOrOverlongNameThenEmpty() throws IOException {
        assertThat(login("alice", "")).isEmpty();
        assertThat(login("", "alicepw")).isEmpty();
        assertThat(login("a".repeat(PasswordCheck.MAX_USER_NAME_LENGTH + 1), "alicepw")).isEmpty();
    }

    @Test
    void authenticateWhenManyThreadsThenEachGetsItsOwnAnswer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Optional<DirectoryUser>>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String user = i % 2 == 0 ? "alice" : "bob";
                String password = i % 3 == 0 ? "wrong" : user + "pw";
                results.add(pool.submit(() -> login(user, password)));
            }
            for (int i = 0; i < results.size(); i++) {
                if (i % 3 == 0) {
                    assertThat(results.get(i).get()).isEmpty();
                } else {
                    assertThat(results.get(i).get().orElseThrow().uid()).isEqualTo(i % 2 == 0 ? "alice" : "bob");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
