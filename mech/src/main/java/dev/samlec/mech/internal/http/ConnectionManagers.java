package dev.samlec.mech.internal.http;

import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.ssl.TLS;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HttpClient 5 connection manager behind every samlec HTTP client (IdP, SP, metadata): connections that never
 * log what they carry ({@link QuietConnectionFactory}), the given TLS context, TLS 1.3 and 1.2 only, host name
 * verification, the connect and per-read (socket) timeouts, and host name lookups bounded by the call's deadline
 * ({@link DeadlineDnsResolver}). The total time of a call is bounded by {@link CallDeadline}.
 */
public final class ConnectionManagers {
    private ConnectionManagers() {
    }

    /**
     * A pooling manager.
     *
     * @param tls the TLS context; {@code null} for the JVM's default trust
     * @param connectTimeout time to open the TCP connection
     * @param socketTimeout time allowed between two reads (TLS handshake, headers, body)
     */
    public static PoolingHttpClientConnectionManager create(SSLContext tls, Duration connectTimeout,
            Duration socketTimeout) {
        return create(tls, connectTimeout, socketTimeout, null);
    }

    /**
     * A pooling manager whose connections are shared by many calls: sized and checked by {@code keepAlive}
     * (connections per host and port, the stale check before reuse), or HttpClient's defaults when it is null.
     */
    public static PoolingHttpClientConnectionManager create(SSLContext tls, Duration connectTimeout,
            Duration socketTimeout, KeepAlive keepAlive) {
        Timeout connect = Timeout.ofMilliseconds(connectTimeout.toMillis());
        Timeout socket = Timeout.ofMilliseconds(socketTimeout.toMillis());
        ConnectionConfig.Builder connections = ConnectionConfig.custom().setConnectTimeout(connect)
                .setSocketTimeout(socket);
        PoolingHttpClientConnectionManagerBuilder builder = PoolingHttpClientConnectionManagerBuilder.create();
        if (keepAlive != null) {
            connections.setValidateAfterInactivity(
                    TimeValue.ofMilliseconds(keepAlive.validateAfterInactivity().toMillis()))
                    .setTimeToLive(TimeValue.ofMilliseconds(keepAlive.maxAge().toMillis()));
            builder.setMaxConnPerRoute(keepAlive.maxPerRoute()).setMaxConnTotal(keepAlive.maxPerRoute());
        }
        return builder
                .setConnectionFactory(QuietConnectionFactory.INSTANCE)
                .setDnsResolver(DeadlineDnsResolver.INSTANCE)
                .setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
                        .setSslContext(tls != null ? tls : SSLContexts.createDefault())
                        .setTlsVersions(TLS.V_1_3, TLS.V_1_2)
                        .setHostVerificationPolicy(HostnameVerificationPolicy.BOTH)
                        .setHostnameVerifier(new DefaultHostnameVerifier()).buildClassic())
                .setDefaultConnectionConfig(connections.build())
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(socket).build())
                .build();
    }
}
