package dev.samlec.mech.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.internal.http.KeepAlive;
import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.message.Samples;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Bytes an IdP (or a proxy in front of it) sends after a complete answer, such as a second, unsolicited response,
 * must not become the next login's answer on a kept-alive connection (review finding F1): a connection with unread
 * bytes is not reused. A raw server on port 0: its first connection's first answer is followed by a queued one.
 */
class QueuedAnswerTest {
    private static final KeepAlive CHECK_SOON = new KeepAlive(Duration.ofSeconds(15), Duration.ofMillis(100), 8);

    @Test
    void clientWhenIdpQueuedASecondAnswerThenNextLoginGetsItsOwnOnANewConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                IdpConnections pool = new IdpConnections(8, CHECK_SOON, Duration.ofHours(1))) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> serve(server, connections));
            acceptor.setDaemon(true);
            acceptor.start();
            URI url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/sso");
            IdpEndpoint alice = Fixtures.httpIdp(Samples.IDP_ENTITY_ID, url).build();
            IdpEndpoint bob = Fixtures.httpIdp(Samples.IDP_ENTITY_ID, url)
                    .credentials(IdpCredentials.basic("bob", "bobs-password".toCharArray())).build();

            IdpResponse a;
            try (IdpClient c = pool.client(alice)) {
                a = c.send(Fixtures.idpRequest());
            }
            Thread.sleep(300); // past validateAfterInactivity: the check before reuse runs
            IdpResponse b;
            try (IdpClient c = pool.client(bob)) {
                b = c.send(Fixtures.idpRequest());
            }

            assertThat(a.assertionConsumerServiceUrl()).contains("https://for-alice.example/acs");
            assertThat(b.assertionConsumerServiceUrl()).contains("https://for-bob.example/acs");
            assertThat(connections.get()).isEqualTo(2);
        }
    }

    private static void serve(ServerSocket server, AtomicInteger connections) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                int number = connections.incrementAndGet();
                Thread t = new Thread(() -> answer(socket, number));
                t.setDaemon(true);
                t.start();
            } catch (Exception e) {
                return;
            }
        }
    }

    private static void answer(Socket socket, int number) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (int i = 0; ; i++) {
                java.util.Map<String, String> head = KeepAliveServer.readHead(in);
                if (head == null) {
                    return;
                }
                in.readNBytes(Integer.parseInt(head.getOrDefault("content-length", "0")));
                String answer = number == 1 && i == 0
                        ? response(Fixtures.success("https://for-alice.example/acs"))
                                + response(Fixtures.success("https://queued-for-alice.example/acs"))
                        : response(Fixtures.success("https://for-bob.example/acs"));
                out.write(answer.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (Exception e) {
            // the client closed the connection
        }
    }

    private static String response(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 200 OK\r\nContent-Type: " + Fixtures.SOAP + "\r\nContent-Length: " + b.length + "\r\n\r\n"
                + body;
    }
}
