package dev.samlec.mech.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A real HTTP/1.1 keep-alive server on 127.0.0.1, port 0, written on plain sockets so that a test sees what a
 * pooled client does with connections: how many were accepted, which connection (and client certificate) each
 * request came on, and which connections the client closed. It can close connections idle for a while (as servers
 * do) and stall in the middle of an answer.
 */
final class KeepAliveServer implements AutoCloseable {
    /** A received request: on which connection (numbered from 1), its headers, its client certificate if any. */
    record Request(int connection, Map<String, String> headers, Certificate clientCertificate) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** An answer; {@code stallMillis} > 0: send the headers and half the body, then wait that long. */
    record Answer(int status, Map<String, String> headers, byte[] body, long stallMillis) {
        static Answer ok(String body) {
            return new Answer(200, Map.of("Content-Type", Fixtures.SOAP), body.getBytes(StandardCharsets.UTF_8), 0);
        }

        /** No answer: the server closes the connection after reading the request (status 0). */
        static Answer closeWithoutAnswer() {
            return new Answer(0, Map.of(), new byte[0], 0);
        }

        /** An interim {@code 102 Processing}, then the server closes the connection (status -1). */
        static Answer interimThenClose() {
            return new Answer(-1, Map.of(), new byte[0], 0);
        }

        Answer with(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Answer(status, h, body, stallMillis);
        }

        Answer stalling(long millis) {
            return new Answer(status, headers, body, millis);
        }
    }

    /** Produces the answer to a request. */
    interface Handler {
        Answer handle(Request request);
    }

    private final ServerSocket socket;
    private final String scheme;
    private final long idleCloseMillis;
    private volatile Handler handler;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedByClient = new AtomicInteger();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;

    private KeepAliveServer(ServerSocket socket, String scheme, long idleCloseMillis, Handler handler) {
        this.socket = socket;
        this.scheme = scheme;
        this.idleCloseMillis = idleCloseMillis;
        this.handler = handler;
        this.acceptor = new Thread(this::acceptLoop, "keep-alive-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Plain HTTP; connections idle for {@code idleCloseMillis} are closed by the server (0: never). */
    static KeepAliveServer http(long idleCloseMillis, Handler handler) throws IOException {
        return new KeepAliveServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), "http",
                idleCloseMillis, handler);
    }

    /** HTTPS with {@code context}; asks for a client certificate when {@code wantClientAuth}. */
    static KeepAliveServer https(SSLContext context, boolean wantClientAuth, Handler handler) throws IOException {
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        server.setWantClientAuth(wantClientAuth);
        return new KeepAliveServer(server, "https", 0, handler);
    }

    /** A successful answer for every request. */
    static Handler success() {
        return r -> Answer.ok(Fixtures.success(dev.samlec.mech.message.Samples.SP_ACS));
    }

    void handler(Handler value) {
        this.handler = value;
    }

    URI uri() {
        return URI.create(scheme + "://127.0.0.1:" + socket.getLocalPort() + "/sso");
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Connections the client closed (the server read end-of-stream between requests). */
    int closedByClient() {
        return closedByClient.get();
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                int number = accepted.incrementAndGet();
                open.add(connection);
                Thread worker = new Thread(() -> serve(connection, number), "keep-alive-connection-" + number);
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket connection, int number) {
        try (connection) {
            if (idleCloseMillis > 0) {
                connection.setSoTimeout((int) idleCloseMillis);
            }
            Certificate client = null;
            if (connection instanceof SSLSocket tls) {
                tls.startHandshake();
                try {
                    client = tls.getSession().getPeerCertificates()[0];
                } catch (SSLPeerUnverifiedException e) {
                    client = null;
                }
            }
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            while (true) {
                Map<String, String> headers;
                try {
                    headers = readHead(in);
                } catch (SocketTimeoutException idle) {
                    return; // idle too long: the server closes, as servers do
                }
                if (headers == null) {
                    closedByClient.incrementAndGet();
                    return;
                }
                in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
                Request request = new Request(number, headers, client);
                requests.add(request);
                write(out, handler.handle(request));
            }
        } catch (IOException | InterruptedException e) {
            // the client went away (an aborted call) or the server is closing
        }
    }

    /** The request line and headers, lower-cased names; null at end of stream before any byte. */
    static Map<String, String> readHead(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        String line = readLine(in);
        if (line == null) {
            return null;
        }
        for (line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return headers;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); ; b = in.read()) {
            if (b == -1) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
    }

    private static void write(OutputStream out, Answer answer) throws IOException, InterruptedException {
        if (answer.status() == -1) {
            out.write("HTTP/1.1 102 Processing\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        if (answer.status() <= 0) {
            throw new IOException("closing without a whole answer"); // ends serve(), which closes the connection
        }
        StringBuilder head = new StringBuilder("HTTP/1.1 " + answer.status() + " X\r\n");
        answer.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(answer.body().length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (answer.stallMillis() > 0) {
            int half = answer.body().length / 2;
            out.write(answer.body(), 0, half);
            out.flush();
            Thread.sleep(answer.stallMillis());
            out.write(answer.body(), half, answer.body().length - half);
        } else {
            out.write(answer.body());
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        synchronized (open) {
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
