package dev.samlec.testkit;

import static dev.samlec.testkit.EcpTestSupport.ACS;
import static dev.samlec.testkit.EcpTestSupport.SP;
import static dev.samlec.testkit.EcpTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo IdP with a keytab, on the wire: what a client without credentials, or with a bad token, is told. */
class DemoIdpNegotiateTest {
    private static final HttpClient CLIENT = EcpTestSupport.client();
    private static DemoIdp idp;

    @BeforeAll
    static void start() throws Exception {
        MitKdc kdc = MitKdc.shared();
        idp = DemoIdp.builder().kerberos(kdc.idpKeytab(), MitKdc.IDP_SERVICE).start();
        idp.registerServiceProvider(SP, List.of(ACS));
    }

    @AfterAll
    static void stop() {
        idp.close();
    }

    private static HttpResponse<byte[]> post(String id, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(idp.ssoUrl())
                .POST(HttpRequest.BodyPublishers.ofByteArray(request(id)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void loginWhenNoAuthorizationThen401OfferingBasicAndNegotiate() throws Exception {
        HttpResponse<byte[]> answer = post("_req-krb-anon", null);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().allValues("WWW-Authenticate"))
                .containsExactlyInAnyOrder("Basic realm=\"samlec demo IdP\"", "Negotiate");
    }

    @Test
    void loginWhenNegotiateTokenIsGarbageThenAuthnFailedWithoutMutualToken() throws Exception {
        HttpResponse<byte[]> answer = post("_req-krb-bad", "Negotiate YWJjZGVm");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(EcpTestSupport.samlResponse(EcpTestSupport.envelope(answer.body())).getStatus().getStatusCode()
                .getStatusCode().getValue()).isEqualTo("urn:oasis:names:tc:SAML:2.0:status:AuthnFailed");
        assertThat(answer.headers().firstValue("WWW-Authenticate")).isEmpty();
    }
}
