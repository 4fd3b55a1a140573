package dev.samlec.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.apache.directory.api.ldap.model.entry.Entry;
import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.ldap.client.api.LdapNetworkConnection;
import org.junit.jupiter.api.Test;

class DemoDirectoryTest {
    @Test
    void startThenLdapServerOnLoopbackServesDemoUsersAndCloseStopsIt() throws Exception {
        DemoDirectory directory = DemoDirectory.start();
        int port;
        try {
            port = directory.port();
            assertThat(port).isPositive();
            assertThat(directory.ldapUrl()).isEqualTo("ldap://127.0.0.1:" + port);
            assertThat(directory.startupTime()).isPositive();
            assertThat(directory.toString()).contains("DEMO", "for demos and tests only");
            try (LdapNetworkConnection connection = new LdapNetworkConnection("127.0.0.1", port)) {
                connection.bind("uid=bob,ou=people,dc=samlec,dc=dev", "bobpw");
                assertThat(connection.lookup("uid=carol,ou=people,dc=samlec,dc=dev", "mail").get("mail")
                        .getString()).isEqualTo("carol@samlec.dev");
            }
        } finally {
            directory.close();
        }
        directory.close(); // idempotent
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void startThenBuiltInAdminPasswordSecretNoLongerWorks() throws Exception {
        try (DemoDirectory directory = DemoDirectory.start();
                LdapNetworkConnection connection = new LdapNetworkConnection("127.0.0.1", directory.port())) {
            assertThatThrownBy(() -> connection.bind("uid=admin,ou=system", "secret"))
                    .isInstanceOf(LdapException.class);
        }
    }

    @Test
    void startThenAnonymousClientsCannotReadEntries() throws Exception {
        try (DemoDirectory directory = DemoDirectory.start();
                LdapNetworkConnection connection = new LdapNetworkConnection("127.0.0.1", directory.port())) {
            Entry entry;
            try {
                entry = connection.lookup("uid=alice,ou=people,dc=samlec,dc=dev", "mail");
            } catch (LdapException e) {
                entry = null;
            }
            assertThat(entry).isNull();
        }
    }

    @Test
    void startTwiceThenIndependentDirectories() throws Exception {
        try (DemoDirectory first = DemoDirectory.start(); DemoDirectory second = DemoDirectory.start()) {
            assertThat(first.port()).isNotEqualTo(second.port());
        }
    }
}
