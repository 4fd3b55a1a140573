package dev.samlec.mech.client;

import static dev.samlec.mech.client.Fixtures.SOAP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.message.AuthnRequestBody;
import dev.samlec.mech.message.EcpRequestHeader;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.message.PaosRequest;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.message.Samples;
import dev.samlec.mech.testing.TestCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole HTTP ECP flow against a stub SP (Shibboleth-like) and a stub IdP (answering like Keycloak). */
class EcpHttpClientTest {
    private final List<String> steps = new CopyOnWriteArrayList<>();
    private StubSp sp;
    private StubServer idp;

    @BeforeEach
    void start() throws Exception {
        sp = new StubSp();
        idp = StubServer.http();
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, Fixtures.success(sp.acs())));
    }

    @AfterEach
    void stop() {
        sp.close();
        idp.close();
    }

    private EcpHttpClient client(IdpEndpoint... idps) {
        try {
            EcpHttpClient.Builder builder = EcpHttpClient.builder().allowInsecureHttp(true).listener(steps::add);
            if (idps.length == 0) {
                builder.idp(Fixtures.httpIdp(Samples.IDP_ENTITY_ID, idp.uri("/sso")).build());
            }
            return builder.idps(List.of(idps)).build();
        } catch (EcpException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PaosResponse posted(StubServer.Request request) throws EcpException {
        return PaosResponse.parse(request.body(), Samples.parser());
    }

    @Test
    void fetchWhenChallengedThenLogsInAndReturnsTheResource() throws Exception {
        HttpResult result;
        try (EcpHttpClient client = client()) {
            result = client.fetch(sp.resource());
        }
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.bodyAsString()).isEqualTo(StubSp.CONTENT);
        assertThat(result.finalUri()).isEqualTo(sp.resource());

        StubServer.Request acs = sp.server.requests("/acs").get(0);
        assertThat(acs.method()).isEqualTo("POST");
        assertThat(acs.header("Content-Type")).startsWith("application/vnd.paos+xml");
        PaosResponse answer = posted(acs);
        assertThat(answer.relayState()).contains(Samples.RELAY_STATE);
        assertThat(answer.refToMessageId()).isEmpty();
        assertThat(answer.response().orElseThrow().id()).isEqualTo("ID_869ada9d-7da1-4e2f-8d5d-c8905e6fe393");
        assertThat(acs.bodyText()).doesNotContain("ecp:Response", "AssertionConsumerServiceURL=\"");
    }

    @Test
    void fetchWhenChallengedThenPaosHeadersOnEveryGetAndBareAuthnRequestToTheIdp() throws Exception {
        try (EcpHttpClient client = client()) {
            client.fetch(sp.resource());
        }
        for (StubServer.Request get : sp.server.requests("/resource")) {
            assertThat(get.header("Accept")).isEqualTo("text/html, application/vnd.paos+xml");
            assertThat(get.header("PAOS"))
                    .isEqualTo("ver=\"urn:liberty:paos:2003-08\";\"urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp\"");
        }
        assertThat(idp.requests()).hasSize(1);
        IdpRequest sent = IdpRequest.parse(idp.requests().get(0).body(), Samples.parser());
        assertThat(sent.authnRequest().id()).isEqualTo(Samples.REQUEST_ID);
        assertThat(idp.requests().get(0).bodyText()).doesNotContain("Header", "RelayState");
        assertThat(idp.requests().get(0).header("Authorization")).startsWith("Basic ");
    }

    @Test
    void fetchWhenHolderOfKeyThenPaosOptionAndEcpSubjectConfirmationToTheIdp() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", TestCredentials.spSigning().privateKey(), "pw".toCharArray(),
                new Certificate[] {TestCredentials.spSigning().certificate()});
        try (EcpHttpClient client = EcpHttpClient.builder().allowInsecureHttp(true)
                .idp(Fixtures.httpIdp(Samples.IDP_ENTITY_ID, idp.uri("/sso")).build())
                .holderOfKey(IdpCredentials.clientCertificate(keys, "pw".toCharArray())).build()) {
            // the stub IdP answers with its recorded bearer assertion: asked for holder-of-key, the client stops
            assertThat(catchThrowableOfType(() -> client.fetch(sp.resource()), dev.samlec.mech.EcpException.class)
                    .error()).isEqualTo(dev.samlec.mech.EcpError.INVALID_SUBJECT_CONFIRMATION);
        }
        assertThat(sp.server.requests("/resource").get(0).header("PAOS")).isEqualTo("ver=\"urn:liberty:paos:2003-08\";"
                + "\"urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp\",\"urn:oasis:names:tc:SAML:2.0:cm:holder-of-key\"");
        assertThat(IdpRequest.parse(idp.requests().get(0).body(), Samples.parser()).holderOfKeyRequested()).isTrue();
        assertThat(sp.server.requests("/acs")).as("the bearer assertion is not posted").isEmpty();
    }

    @Test
    void fetchWhenLoggedInThenSecondFetchReusesTheSessionWithoutChallenge() throws Exception {
        try (EcpHttpClient client = client()) {
            client.fetch(sp.resource());
            HttpResult again = client.fetch(sp.resource());
            assertThat(again.bodyAsString()).isEqualTo(StubSp.CONTENT);
        }
        assertThat(idp.requests()).hasSize(1);
        assertThat(sp.server.requests("/acs")).hasSize(1);
        List<StubServer.Request> gets = sp.server.requests("/resource");
        assertThat(gets).hasSize(3);
        assertThat(gets.get(2).header("Cookie")).contains(StubSp.COOKIE + "=");
    }

    @Test
    void fetchWhenMessageIdAndNoRelayStateThenRefToMessageIdEchoedAndNoRelayState() throws Exception {
        sp.challenge = s -> built(s.acs(), EcpRequestHeader.of(Samples.SP_ENTITY_ID), Optional.of("msg-7"));
        try (EcpHttpClient client = client()) {
            assertThat(client.fetch(sp.resource()).bodyAsString()).isEqualTo(StubSp.CONTENT);
        }
        PaosResponse answer = posted(sp.server.requests("/acs").get(0));
        assertThat(answer.refToMessageId()).contains("msg-7");
        assertThat(answer.relayState()).isEmpty();
        assertThat(sp.server.requests("/acs").get(0).bodyText()).doesNotContain("RelayState");
    }

    @Test
    void fetchWhenIdpListNamesTheSecondConfiguredIdpThenItIsUsed() throws Exception {
        try (StubServer other = StubServer.http()) {
            IdpEndpoint first = Fixtures.httpIdp("urn:other-idp", other.uri("/sso")).build();
            IdpEndpoint second = Fixtures.httpIdp(Samples.IDP_ENTITY_ID, idp.uri("/sso")).build();
            try (EcpHttpClient client = client(first, second)) {
                assertThat(client.fetch(sp.resource()).bodyAsString()).isEqualTo(StubSp.CONTENT);
            }
            assertThat(other.requests()).isEmpty();
            assertThat(idp.requests()).hasSize(1);
        }
        assertThat(steps).anyMatch(s -> s.startsWith("IdP chosen: " + Samples.IDP_ENTITY_ID));
    }

    @Test
    void fetchWhenNoIdpListThenFirstConfiguredIdp() throws Exception {
        sp.challenge = s -> built(s.acs(), EcpRequestHeader.of(Samples.SP_ENTITY_ID), Optional.empty());
        try (StubServer other = StubServer.http()) {
            IdpEndpoint second = Fixtures.httpIdp("urn:other-idp", other.uri("/sso")).build();
            IdpEndpoint first = Fixtures.httpIdp(Samples.IDP_ENTITY_ID, idp.uri("/sso")).build();
            try (EcpHttpClient client = client(first, second)) {
                client.fetch(sp.resource());
            }
            assertThat(other.requests()).isEmpty();
            assertThat(idp.requests()).hasSize(1);
        }
    }

    @Test
    void fetchWhenNoConfiguredIdpIsInTheIdpListThenNoAcceptableIdpNamingBothLists() throws Exception {
        IdpEndpoint a = Fixtures.httpIdp("urn:idp-a", idp.uri("/sso")).build();
        IdpEndpoint b = Fixtures.httpIdp("urn:idp-b", idp.uri("/sso")).build();
        try (EcpHttpClient client = client(a, b)) {
            EcpException e = catchThrowableOfType(EcpException.class, () -> client.fetch(sp.resource()));
            assertThat(e.error()).isEqualTo(EcpError.NO_ACCEPTABLE_IDP);
            assertThat(e.getMessage()).contains("urn:idp-a", "urn:idp-b", Samples.IDP_ENTITY_ID);
        }
        assertThat(idp.requests()).isEmpty();
        assertThat(sp.server.requests("/acs")).isEmpty();
    }

    @Test
    void fetchWhenNoChallengeThenTheAnswerIsReturnedAsIs() throws Exception {
        HttpResult result;
        try (EcpHttpClient client = client()) {
            result = client.fetch(sp.server.uri("/public"));
        }
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.bodyAsString()).contains("public");
        assertThat(result.contentType()).contains("text/html");
        assertThat(idp.requests()).isEmpty();
        assertThat(steps).anyMatch(s -> s.startsWith("no ECP challenge"));
    }

    @Test
    void fetchWhenSpAnswersThePaosResponseWith200ThenTheResourceIsFetchedAgain() throws Exception {
        sp.acsHandler = r -> {
            StubServer.Reply redirect = sp.acceptLogin(r);
            return StubServer.Reply.of(200, "text/html", "logged in").with("Set-Cookie",
                    redirect.headers().get("Set-Cookie"));
        };
        try (EcpHttpClient client = client()) {
            assertThat(client.fetch(sp.resource()).bodyAsString()).isEqualTo(StubSp.CONTENT);
        }
    }

    @Test
    void fetchWhenStepsReportedThenEveryStepAndNoSecret() throws Exception {
        try (EcpHttpClient client = client()) {
            client.fetch(sp.resource());
        }
        assertThat(String.join("\n", steps)).contains("GET " + sp.resource(), "challenge received from SP "
                + Samples.SP_ENTITY_ID + " with ACS " + sp.acs(), "IdP chosen: ", "IdP answered: SAML status Success",
                "ACS checked: ", "response posted to " + sp.acs(), "redirected to " + sp.resource());
        assertThat(steps).noneMatch(s -> s.contains(Fixtures.PASSWORD) || s.contains(Samples.RELAY_STATE)
                || s.contains("alice") || s.contains("<"));
    }

    @Test
    void saveCookiesWhenLoggedInThenANewClientReusesTheSession(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("cookies.txt");
        try (EcpHttpClient client = client()) {
            client.fetch(sp.resource());
            client.saveCookies(jar);
        }
        assertThat(Files.readString(jar)).contains(StubSp.COOKIE);
        try (EcpHttpClient client = client()) {
            assertThat(client.loadCookies(jar)).isEqualTo(1);
            assertThat(client.fetch(sp.resource()).bodyAsString()).isEqualTo(StubSp.CONTENT);
        }
        assertThat(idp.requests()).hasSize(1);
    }

    /** A challenge built with samlec's own builder, for the stub's ACS. */
    static String built(String acs, EcpRequestHeader header, Optional<String> messageId) {
        try {
            AuthnRequestBody authn = PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), Samples.parser())
                    .authnRequest();
            String authnXml = new String(authn.toBytes(), StandardCharsets.UTF_8)
                    .replace(Samples.SP_ACS, acs);
            PaosRequest.Builder builder = PaosRequest.builder(AuthnRequestBody.parse(
                    authnXml.getBytes(StandardCharsets.UTF_8), Samples.parser()), acs, header);
            messageId.ifPresent(builder::messageId);
            return new String(builder.build().toBytes(), StandardCharsets.UTF_8);
        } catch (EcpException e) {
            throw new IllegalStateException(e);
        }
    }
}
