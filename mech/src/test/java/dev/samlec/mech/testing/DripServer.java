package dev.samlec.mech.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A hostile server on loopback (port 0) that holds its client as long as it can without ever letting a read time
 * out: it sends one byte every {@link #INTERVAL}, in the body, in the headers, or in the TLS handshake, or accepts
 * the connection and never answers the TLS ClientHello. Every connection gives up on its own after
 * {@link #MAX_LIFETIME}, and {@link #close()} stops everything at once, so no test leaves it running.
 */
public final class DripServer implements AutoCloseable {
    /** The pause between two bytes; far below any read timeout a test configures. */
    public static final Duration INTERVAL = Duration.ofMillis(500);
    /** The longest any connection is kept. */
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(60);

    /** What the server does once a connection is accepted (and, for {@link #tls}, its handshake done). */
    public enum Mode {
        /** Status line and headers at once, announcing a large body, then the body one byte at a time. */
        BODY,
        /** The status line and then an endless header, one byte at a time. */
        HEADERS,
        /** Reads what the client sends and never answers (a TLS ClientHello stays unanswered). */
        SILENT,
        /** Answers the ClientHello with the header of a large TLS handshake record, then one byte at a time. */
        TLS_RECORD
    }

    private final ServerSocket server;
    private final Mode mode;
    private final SSLContext tls;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger gone = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    private DripServer(Mode mode, SSLContext tls) throws IOException {
        this.mode = mode;
        this.tls = tls;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "drip-server-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A plain TCP server; {@link Mode#SILENT} and {@link Mode#TLS_RECORD} stall a TLS client's handshake. */
    public static DripServer plain(Mode mode) throws IOException {
        return new DripServer(mode, null);
    }

    /** A TLS server that completes the handshake with {@code context}, then drips ({@link Mode#BODY}, ...). */
    public static DripServer tls(SSLContext context, Mode mode) throws IOException {
        return new DripServer(mode, context);
    }

    /** {@code http://127.0.0.1:port/path}, or https for a {@link #tls} server or a handshake stall. */
    public URI uri(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + server.getLocalPort() + path);
    }

    /** {@code https://localhost:port/path} (for certificates issued to localhost). */
    public URI httpsLocalhost(String path) {
        return URI.create("https://localhost:" + server.getLocalPort() + path);
    }

    /** How many connections were accepted. */
    public int connections() {
        return accepted.get();
    }

    /**
     * Waits up to {@code patience} until the client has closed every accepted connection (this server saw EOF or a
     * reset): the call was aborted, not merely abandoned with its socket left open.
     */
    public boolean awaitClientsGone(Duration patience) throws InterruptedException {
        long end = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < end) {
            if (accepted.get() > 0 && gone.get() == accepted.get()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                sockets.add(socket);
                Thread handler = new Thread(() -> serve(socket), "drip-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        long end = System.nanoTime() + MAX_LIFETIME.toNanos();
        try (Socket s = socket) {
            Socket conversation = s;
            if (tls != null) {
                SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), true);
                secured.setUseClientMode(false);
                secured.startHandshake();
                conversation = secured;
            }
            InputStream in = conversation.getInputStream();
            OutputStream out = conversation.getOutputStream();
            switch (mode) {
                case BODY -> {
                    readRequestHead(in);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    drip(out, (byte) ' ', end);
                }
                case HEADERS -> {
                    readRequestHead(in);
                    out.write("HTTP/1.1 200 OK\r\nX-Drip: ".getBytes(StandardCharsets.US_ASCII));
                    drip(out, (byte) 'x', end);
                }
                case SILENT -> {
                    byte[] buffer = new byte[4096];
                    int n = 0;
                    while (!closed && System.nanoTime() < end && n >= 0) {
                        n = in.read(buffer); // swallow the ClientHello or request, answer nothing
                    }
                    if (n < 0) {
                        gone.incrementAndGet();
                    }
                }
                case TLS_RECORD -> {
                    in.read(new byte[4096]); // the ClientHello
                    out.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00}); // handshake record of 16 KiB
                    drip(out, (byte) 0x02, end);
                }
                default -> throw new IllegalStateException(mode.name());
            }
        } catch (IOException e) {
            if (!closed) {
                gone.incrementAndGet(); // the client closed or reset the connection
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drip(OutputStream out, byte value, long end) throws IOException, InterruptedException {
        out.flush();
        while (!closed && System.nanoTime() < end) {
            Thread.sleep(INTERVAL.toMillis());
            out.write(value);
            out.flush();
        }
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b = in.read(); b >= 0; b = in.read()) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == end.length) {
                return;
            }
        }
        throw new IOException("the client closed the connection before its request was complete");
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        acceptor.interrupt();
    }
}
