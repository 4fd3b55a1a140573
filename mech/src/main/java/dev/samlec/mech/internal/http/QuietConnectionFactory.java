package dev.samlec.mech.internal.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Creates HttpClient 5 connections that cannot hand anything they send or receive to a logger. HttpClient's own
 * connection class ({@code DefaultManagedHttpClientConnection}, 5.5) logs every request and response header to
 * {@code org.apache.hc.client5.http.headers} (the {@code Authorization: Basic} header, cookies) and, when
 * {@code org.apache.hc.client5.http.wire} is at DEBUG, wraps its socket to log every byte (whole assertions). The
 * connection made here is HttpCore's plain {@link DefaultBHttpClientConnection} with the pool's bookkeeping
 * (socket timeout while idle, refusing a socket once closed) and no logger at all, whatever the application's
 * logging configuration: the credentials samlec sends are below every library logger.
 *
 * <p>{@link ManagedHttpClientConnection} is marked {@code @Internal} in HttpClient; this class follows
 * {@code DefaultManagedHttpClientConnection} of 5.5 and must be checked when HttpClient is upgraded.
 */
public final class QuietConnectionFactory implements HttpConnectionFactory<ManagedHttpClientConnection> {
    /** The factory; stateless. */
    public static final QuietConnectionFactory INSTANCE = new QuietConnectionFactory();

    private QuietConnectionFactory() {
    }

    @Override
    public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
        QuietConnection connection = new QuietConnection();
        if (socket != null) {
            connection.bind(socket);
        }
        return connection;
    }

    /** A pooled HTTP/1.1 client connection without header or wire logging. */
    static final class QuietConnection extends DefaultBHttpClientConnection implements ManagedHttpClientConnection {
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile Timeout socketTimeout = Timeout.ZERO_MILLISECONDS;

        QuietConnection() {
            super(Http1Config.DEFAULT);
        }

        /** Refuses a socket once closed (a cancelled call must not get a connection after all). */
        @Override
        protected void bind(SocketHolder holder) throws IOException {
            if (closed.get()) {
                holder.getSocket().close();
                throw new InterruptedIOException("Connection already shutdown");
            }
            super.bind(holder);
            socketTimeout = Timeout.ofMilliseconds(holder.getSocket().getSoTimeout());
        }

        @Override
        public void bind(Socket socket) throws IOException {
            super.bind(socket);
        }

        @Override
        public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
            super.bind(sslSocket, socket);
        }

        @Override
        public Socket getSocket() {
            SocketHolder holder = getSocketHolder();
            return holder != null ? holder.getSocket() : null;
        }

        @Override
        public void setSocketTimeout(Timeout timeout) {
            super.setSocketTimeout(timeout);
            socketTimeout = timeout;
        }

        /**
         * Also stale when bytes are waiting: HttpCore counts a connection with unread input as fresh, and bytes no
         * request asked for (a second response from the server or a proxy) would be read as the next call's answer,
         * possibly another user's login.
         */
        @Override
        public boolean isStale() throws IOException {
            return super.isStale() || isDataAvailable(Timeout.ONE_MILLISECOND);
        }

        @Override
        public void passivate() {
            super.setSocketTimeout(Timeout.ZERO_MILLISECONDS);
        }

        @Override
        public void activate() {
            super.setSocketTimeout(socketTimeout);
        }

        @Override
        public void close() throws IOException {
            if (closed.compareAndSet(false, true)) {
                super.close();
            }
        }

        @Override
        public void close(CloseMode mode) {
            if (closed.compareAndSet(false, true)) {
                super.close(mode);
            }
        }
    }
}
