package dev.samlec.cli;

import static dev.samlec.cli.IdpCommandTest.printedValue;
import static dev.samlec.cli.IdpCommandTest.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.testkit.DemoIdp;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code samlec idp --port} and repeated {@code --register-sp}, on a second demo IdP. */
@Timeout(120)
class IdpCommandPortTest {
    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    @Test
    void startWhenPortGivenThenListensThereAndListsEverySp() throws Exception {
        int port = freePort();
        StringWriter out = new StringWriter();

        try (DemoIdp idp = started(out, "--port", String.valueOf(port), "--register-sp", "urn:sp:a=https://a/1",
                "--register-sp", "urn:sp:a=https://a/2?x=y", "--register-sp", "urn:sp:b=https://b/acs")) {
            assertThat(idp.port()).isEqualTo(port);
            assertThat(URI.create(printedValue(out.toString(), "ECP endpoint")).getPort()).isEqualTo(port);
            assertThat(out.toString()).contains("SP:           urn:sp:a -> https://a/1, https://a/2?x=y",
                    "SP:           urn:sp:b -> https://b/acs");
        }
    }

    @Test
    void startWhenPortInUseThenIoExceptionNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> started(new StringWriter(), "--port", String.valueOf(port)))
                    .isInstanceOf(IOException.class).hasMessageContaining("port " + port);
        }
    }
}
