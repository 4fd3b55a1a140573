package dev.samlec.mech.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.message.Samples;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SP side over HTTPS: its trust setting, TLS failures, and no redirect from https down to http. */
class EcpHttpClientTlsTest {
    private TestTls.Identity certificate;
    private StubServer sp;
    private StubServer plain;

    @BeforeEach
    void start() throws Exception {
        certificate = TestTls.selfSigned("sp.test", "ip:127.0.0.1");
        sp = StubServer.https(certificate.serverContext(List.of()), false);
        plain = StubServer.http();
        sp.on("/page", r -> StubServer.Reply.of(200, "text/plain", "hello over TLS"));
        plain.on("/page", r -> StubServer.Reply.of(200, "text/plain", "hello in clear"));
    }

    @AfterEach
    void stop() {
        sp.close();
        plain.close();
    }

    private static Object fetch(EcpHttpClient.Builder builder, URI uri) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (EcpHttpClient client = builder.build()) {
                return client.fetch(uri);
            } catch (EcpException e) {
                return e;
            }
        });
    }

    private EcpHttpClient.Builder builder() throws EcpException {
        return EcpHttpClient.builder()
                .idp(Fixtures.httpIdp(Samples.IDP_ENTITY_ID, URI.create("http://127.0.0.1:9/sso")).build());
    }

    @Test
    void fetchWhenSpCertificateTrustedThenAnswered() throws Exception {
        Object result = fetch(builder().spTrust(TlsTrust.pinned(List.of(certificate.certificate()))), sp.uri("/page"));
        assertThat(result).isInstanceOf(HttpResult.class);
        assertThat(((HttpResult) result).bodyAsString()).isEqualTo("hello over TLS");
    }

    @Test
    void fetchWhenSpCertificateNotTrustedThenSpTlsFailure() throws Exception {
        Object result = fetch(builder(), sp.uri("/page"));
        assertThat(result).isInstanceOf(EcpException.class);
        assertThat(((EcpException) result).error()).isEqualTo(EcpError.SP_TLS_FAILURE);
        assertThat(sp.requests()).isEmpty();
    }

    @Test
    void fetchWhenHttpsRedirectsToHttpOnTheSameHostThenRefused() throws Exception {
        sp.on("/down", r -> StubServer.Reply.redirect(302, plain.uri("/page").toString()));
        Object result = fetch(builder().spTrust(TlsTrust.pinned(List.of(certificate.certificate()))), sp.uri("/down"));
        assertThat(((EcpException) result).error()).isEqualTo(EcpError.REDIRECT_REFUSED);
        assertThat(plain.requests()).isEmpty();
    }
}
