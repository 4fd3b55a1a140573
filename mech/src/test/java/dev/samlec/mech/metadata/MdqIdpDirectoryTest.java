package dev.samlec.mech.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link MdqIdpDirectory} against a real MDQ-style server on loopback serving signed per-entity documents. */
@Timeout(60)
class MdqIdpDirectoryTest {
    private static final String IDP = "https://idp.example.edu/idp/shibboleth";
    private static final String OTHER = "https://idp.other.example.org/idp";

    private HttpServer server;
    private ExecutorService executor;
    private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
    private final List<String> rawPaths = new CopyOnWriteArrayList<>();
    private X509Certificate signer;
    private PrivateKey signerKey;
    private X509Certificate other;

    @BeforeEach
    void start() throws Exception {
        signer = MetadataFixtures.certificate("test-signer.crt");
        signerKey = MetadataFixtures.privateKey("test-signer.key");
        other = MetadataFixtures.certificate("test-other.crt");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.createContext("/mdq/entities/", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String raw = exchange.getRequestURI().getRawPath();
            rawPaths.add(raw);
            String id = URLDecoder.decode(raw.substring("/mdq/entities/".length()), StandardCharsets.UTF_8);
            byte[] body = documents.get(id);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/samlmetadata+xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private MdqIdpDirectory directory() throws Exception {
        return MdqIdpDirectory.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mdq/"))
                .verifySignatureWith(List.of(signer)).build();
    }

    private byte[] entity(String entityId) throws Exception {
        return TestFederation.idp(entityId, "https://idp.example.edu/idp/profile/SAML2/SOAP/ECP", other,
                "Example University");
    }

    private EcpConfigurationException failure(String text) throws Exception {
        MdqIdpDirectory directory = directory();
        return catchThrowableOfType(() -> directory.resolve(text), EcpConfigurationException.class);
    }

    @Test
    void resolveWhenSignedEntityServedThenChoiceFromPercentEncodedPath() throws Exception {
        documents.put(IDP, TestFederation.signed(entity(IDP), signerKey, signer));
        IdpChoice choice = directory().resolve(IDP);
        assertThat(choice.entityId()).isEqualTo(IDP);
        assertThat(choice.soapUrl()).hasToString("https://idp.example.edu/idp/profile/SAML2/SOAP/ECP");
        assertThat(choice.matchedBy()).isEqualTo(IdpChoice.Match.ENTITY_ID);
        assertThat(choice.source()).startsWith("MDQ service http://127.0.0.1:");
        assertThat(rawPaths).containsExactly("/mdq/entities/https%3A%2F%2Fidp.example.edu%2Fidp%2Fshibboleth");
    }

    @Test
    void resolveWhenServiceAnswers404ThenIdpNotFound() throws Exception {
        EcpConfigurationException e = failure(OTHER);
        assertThat(e.error()).isEqualTo(EcpError.IDP_NOT_FOUND);
        assertThat(e.getMessage()).contains("does not know the IdP '" + OTHER + "'");
    }

    @Test
    void resolveWhenTextIsANameThenIdpNotFoundWithoutAnyRequest() throws Exception {
        EcpConfigurationException e = failure("Example University");
        assertThat(e.error()).isEqualTo(EcpError.IDP_NOT_FOUND);
        assertThat(e.getMessage()).contains("by entityID", "aggregate");
        assertThat(rawPaths).isEmpty();
    }

    @Test
    void resolveWhenEntityUnsignedThenSignatureInvalid() throws Exception {
        documents.put(IDP, entity(IDP));
        assertThat(failure(IDP).error()).isEqualTo(EcpError.METADATA_SIGNATURE_INVALID);
    }

    @Test
    void resolveWhenSignedByAnotherKeyThenSignatureInvalid() throws Exception {
        documents.put(IDP, TestFederation.signed(entity(IDP), MetadataFixtures.privateKey("test-other.key"), other));
        assertThat(failure(IDP).error()).isEqualTo(EcpError.METADATA_SIGNATURE_INVALID);
    }

    @Test
    void resolveWhenServiceAnswersAnotherIdpsDocumentThenRefused() throws Exception {
        // a signed document for OTHER served under IDP's URL: never taken as IDP's endpoint and keys
        documents.put(IDP, TestFederation.signed(entity(OTHER), signerKey, signer));
        EcpConfigurationException e = failure(IDP);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("no EntityDescriptor with entityID '" + IDP + "'");
    }

    @Test
    void resolveWhenAnswerSignedWithoutValidUntilThenMetadataInvalidUnlessNoneRequired() throws Exception {
        documents.put(IDP, MetadataSigning.signWithoutValidUntil(entity(IDP), signerKey, signer));

        EcpConfigurationException e = failure(IDP);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("signed metadata without validUntil is refused");

        MdqIdpDirectory lenient = MdqIdpDirectory.builder(URI.create("http://127.0.0.1:"
                + server.getAddress().getPort() + "/mdq")).verifySignatureWith(List.of(signer))
                .validity(MetadataValidity.notRequired()).build();
        assertThat(lenient.resolve(IDP).entityId()).isEqualTo(IDP);
    }

    @Test
    void resolveWhenAnswerValidForAYearThenMetadataInvalid() throws Exception {
        documents.put(IDP, MetadataSigning.signValidUntil(entity(IDP), signerKey, signer,
                Instant.now().plus(Duration.ofDays(365))));

        EcpConfigurationException e = failure(IDP);

        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("more than the longest validity allowed");
    }

    @Test
    void buildWhenNoSigningCertificateThenRefused() {
        assertThatThrownBy(() -> MdqIdpDirectory.builder(URI.create("https://mdq.example.org")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("verifySignatureWith");
    }

    @Test
    void buildWhenBaseNotHttpThenMetadataInvalid() {
        assertThatThrownBy(() -> MdqIdpDirectory.builder(URI.create("ftp://mdq.example.org"))
                .verifySignatureWith(List.of(signer)).build()).isInstanceOf(EcpConfigurationException.class);
    }
}
