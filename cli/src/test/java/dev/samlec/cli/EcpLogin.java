package dev.samlec.cli;

import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.AuthnRequestBody;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.IssueOptions;
import dev.samlec.mech.service.IssuedAuthnRequest;
import dev.samlec.mech.service.SamlServiceProvider;
import dev.samlec.mech.service.ServiceProviderSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A real ECP login against a demo IdP, the way a client does it: an AuthnRequest issued by mech's
 * {@link SamlServiceProvider}, wrapped in the IdP request envelope and POSTed with HTTP Basic (bounded timeouts).
 */
final class EcpLogin {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final SamlServiceProvider serviceProvider;

    /** A service with this entityID and ACS, trusting the IdP's signing certificate. */
    EcpLogin(String spEntityId, String acs, String idpEntityId, X509Certificate idpCertificate) throws Exception {
        this.serviceProvider = new SamlServiceProvider(ServiceProviderSettings.builder().entityId(spEntityId)
                .assertionConsumerServiceUrl(acs).idpTrust(IdpTrust.of(idpEntityId, List.of(idpCertificate)))
                .build());
    }

    /** The IdP's answer (status and body) and the ID of the request it answers. */
    record Answer(String requestId, int status, byte[] body) {
    }

    /** Issues a request and POSTs it to {@code ssoUrl} as {@code user}. */
    Answer login(URI ssoUrl, String user, String password) throws Exception {
        IssuedAuthnRequest issued = serviceProvider.issue(IssueOptions.defaults());
        byte[] envelope = IdpRequest.of(AuthnRequestBody.parse(issued.xml(), SecureXmlParser.withDefaultLimit()))
                .toBytes();
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(ssoUrl).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml; charset=utf-8").header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope)).build();
        HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(issued.id(), response.statusCode(), response.body());
    }
}
