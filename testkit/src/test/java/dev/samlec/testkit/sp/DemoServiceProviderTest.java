package dev.samlec.testkit.sp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.Pem;
import dev.samlec.mech.client.EcpHttpClient;
import dev.samlec.mech.client.HttpResult;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.metadata.MetadataLoader;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.mech.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The demo service end to end: a real demo IdP, the demo SP trusting its metadata, and mech's ECP client. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoServiceProviderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String MD_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
    private static final String PAOS_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:PAOS";
    private static DemoIdp idp;
    private static DemoServiceProvider sp;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        idp = DemoIdp.builder().start();
        sp = DemoServiceProvider.builder()
                .trust(MetadataLoader.builder().connectTimeout(TIMEOUT).responseTimeout(TIMEOUT).build()
                        .load(idp.metadataUrl()))
                .start();
        idp.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
    }

    @AfterAll
    static void stop() {
        if (sp != null) {
            sp.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    @Test
    void fetchWhenEcpClientThenIdentityPageWithNameIdAndGroups() throws Exception {
        try (EcpHttpClient client = client(idp)) {
            HttpResult result = client.fetch(sp.resourceUrl());

            assertThat(result.status()).isEqualTo(200);
            assertThat(result.finalUri()).isEqualTo(sp.resourceUrl());
            assertThat(result.bodyAsString()).contains("nameId=alice\n", "issuer=" + idp.entityId() + "\n")
                    .containsPattern("(?m)^attribute groups=(staff;admins|admins;staff)$");
        }
    }

    @Test
    void fetchWhenSessionOpenThenNoSecondLogin() throws Exception {
        try (EcpHttpClient client = client(idp)) {
            assertThat(client.fetch(sp.resourceUrl()).status()).isEqualTo(200);
            long idpRequests = idp.requestCount();

            HttpResult second = client.fetch(sp.resourceUrl());

            assertThat(second.status()).isEqualTo(200);
            assertThat(second.bodyAsString()).contains("nameId=alice\n");
            assertThat(idp.requestCount()).as("the session cookie is reused").isEqualTo(idpRequests);
        }
    }

    @Test
    void fetchWhenOtherSecurePathThenRedirectedBackToIt() throws Exception {
        URI other = sp.resourceUrl().resolve("/secure/reports/2030");
        try (EcpHttpClient client = client(idp)) {
            HttpResult result = client.fetch(other);

            assertThat(result.status()).isEqualTo(200);
            assertThat(result.finalUri()).as("the RelayState leads back to the path first asked for")
                    .isEqualTo(other);
        }
    }

    @Test
    void getWhenBrowserWithoutPaosHeadersThen401() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(sp.resourceUrl()).timeout(TIMEOUT)
                .header("Accept", "text/html,application/xhtml+xml").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(401);
    }

    @Test
    void startWhenIdpWantsSignedRequestsThenDemoSpStillStartsAndSendsUnsignedRequests() throws Exception {
        try (DemoIdp strict = DemoIdp.builder().requireSignedRequests().start();
                DemoServiceProvider keyless = DemoServiceProvider.builder()
                        .trust(MetadataLoader.builder().build().load(strict.metadata(), "strict IdP")).start()) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(keyless.resourceUrl()).timeout(TIMEOUT)
                    .header("Accept", "text/html, application/vnd.paos+xml")
                    .header("PAOS", "ver=\"urn:liberty:paos:2003-08\";\"urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp\"")
                    .GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("AuthnRequest").doesNotContain("Signature");
        }
    }

    @Test
    void getWhenEcpHeadersThenPaosChallenge() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(sp.resourceUrl()).timeout(TIMEOUT)
                .header("Accept", "text/html, application/vnd.paos+xml")
                .header("PAOS", "ver=\"urn:liberty:paos:2003-08\";\"urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp\"")
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/vnd.paos+xml"));
        assertThat(answer.body()).contains("responseConsumerURL=\"" + sp.acsUrl() + "\"");
    }

    @Test
    void getMetadataThenSpEntityWithPaosAcs() throws Exception {
        HttpResponse<byte[]> answer = HTTP.send(HttpRequest.newBuilder(sp.metadataUrl()).timeout(TIMEOUT).GET()
                .build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(answer.statusCode()).isEqualTo(200);
        Element root = SecureXmlParser.withDefaultLimit().parse(answer.body(), "SP metadata").getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(MD_NS);
        assertThat(root.getLocalName()).isEqualTo("EntityDescriptor");
        assertThat(root.getAttribute("entityID")).isEqualTo(sp.entityId());
        assertThat(root.getElementsByTagNameNS(MD_NS, "SPSSODescriptor").getLength()).isEqualTo(1);
        NodeList acs = root.getElementsByTagNameNS(MD_NS, "AssertionConsumerService");
        assertThat(acs.getLength()).isEqualTo(1);
        Element service = (Element) acs.item(0);
        assertThat(service.getAttribute("Location")).isEqualTo(sp.acsUrl());
        assertThat(service.getAttribute("Binding")).isEqualTo(PAOS_BINDING);
    }

    @Test
    void postWhenGarbageToAcsThen403WithErrorCode() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(sp.acsUrl())).timeout(TIMEOUT)
                .header("Content-Type", "application/vnd.paos+xml")
                .POST(HttpRequest.BodyPublishers.ofString("this is not XML")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains(EcpError.MALFORMED_XML.code());
        assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void postWhenBodyOverOneMebibyteThen413() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(sp.acsUrl())).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024 * 1024 + 1])).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void getWhenAcsThen405() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(sp.acsUrl())).timeout(TIMEOUT)
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(405);
    }

    @Test
    void fetchWhenResponseSignedByOtherIdpKeyThenSpRejectedLogin() throws Exception {
        // Same entityID as the trusted IdP, different signing key: only the signature check stands in the way.
        try (DemoIdp impostor = DemoIdp.builder().directory(idp.directory()).entityId(idp.entityId())
                .signingKey(otherKey()).start()) {
            impostor.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
            try (EcpHttpClient client = client(impostor)) {
                Throwable thrown = catchThrowable(() -> client.fetch(sp.resourceUrl()));

                assertThat(thrown).isInstanceOf(EcpException.class);
                assertThat(((EcpException) thrown).error()).isEqualTo(EcpError.SP_REJECTED_LOGIN);
                assertThat(thrown.getMessage()).contains(EcpError.INVALID_SIGNATURE.code());
                assertThat(impostor.assertionCount()).as("the impostor did issue an assertion").isEqualTo(1);
            }
        }
    }

    @Test
    void fetchWhenResponseFromUntrustedIdpEntityThenSpRejectedLogin() throws Exception {
        try (DemoIdp stranger = DemoIdp.builder().directory(idp.directory()).signingKey(otherKey()).start()) {
            stranger.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
            try (EcpHttpClient client = client(stranger)) {
                Throwable thrown = catchThrowable(() -> client.fetch(sp.resourceUrl()));

                assertThat(thrown).isInstanceOf(EcpException.class);
                assertThat(((EcpException) thrown).error()).isEqualTo(EcpError.SP_REJECTED_LOGIN);
                assertThat(thrown.getMessage()).contains(EcpError.INVALID_ISSUER.code());
            }
        }
    }

    private static EcpHttpClient client(DemoIdp target) throws Exception {
        IdpEndpoint endpoint = IdpEndpoint.builder(target.entityId(), target.ssoUrl())
                .credentials(IdpCredentials.basic("alice", "alicepw".toCharArray()))
                .connectTimeout(TIMEOUT).responseTimeout(TIMEOUT)
                .allowInsecureHttp(true).build();
        return EcpHttpClient.builder().idp(endpoint).allowInsecureHttp(true)
                .spConnectTimeout(TIMEOUT).spResponseTimeout(TIMEOUT).build();
    }

    /** An RSA key pair that is not the demo IdP's (the testkit's test SP encryption key, reused as a signer). */
    private static SigningKey otherKey() throws Exception {
        return new SigningKey(Pem.parsePrivateKey(resource("sp-encryption.key"), "sp-encryption.key"),
                Pem.parseCertificates(resource("sp-encryption.crt"), "sp-encryption.crt").get(0));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DemoServiceProviderTest.class.getResourceAsStream("/dev/samlec/testkit/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
