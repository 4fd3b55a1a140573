package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.GeneratedKeyMaterial;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.message.SamlResponseBody;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.InMemoryReplayCache;
import dev.samlec.mech.testing.MutableClock;
import dev.samlec.mech.testing.SamlResponseBuilder;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.security.auth.kerberos.EncryptionKey;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.ext.samlec.GeneratedKey;
import org.opensaml.saml.saml2.core.Advice;
import org.opensaml.saml.saml2.core.Assertion;

/**
 * Session keys against a scripted IdP that gets them wrong on purpose: a key with an unencrypted assertion, a key
 * in the header but not in the Advice, a key in the Advice but not in the header, two keys, lengths that fit no
 * offered enctype, header and Advice copies of different lengths. Each test fails if its check is removed. Copies
 * of the same length but different bytes are not here: neither side can see them without key confirmation (D3).
 */
class SaslSessionKeyPeerTest {
    private static final SecureXmlParser PARSER = new SecureXmlParser(SecureXmlParser.DEFAULT_MAX_BYTES);
    private static final byte[] KEY32 = filled(32, 7);
    private static final byte[] KEY16 = filled(16, 9);
    private static SaslFixture fixture;
    private static MutableClock clock;

    @BeforeAll
    static void start() throws Exception {
        fixture = new SaslFixture();
        clock = new MutableClock(TestSamlObjects.NOW);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static SamlecAcceptor acceptor(Consumer<SamlecAcceptor.Builder> options) throws Exception {
        return fixture.acceptor(s -> s.entityId(TestSamlObjects.SP).clock(clock)
                .replayCache(new InMemoryReplayCache(clock))
                .decryptionKeys(List.of(TestCredentials.spEncryption()))
                .idpTrust(IdpTrust.of(TestSamlObjects.IDP, List.of(TestCredentials.idp().certificate()))), options);
    }

    /** A signed Response answering the request, its assertion carrying {@code adviceKeys} and maybe encrypted. */
    private static SamlResponseBody response(IdpRequest request, boolean encrypt, byte[]... adviceKeys)
            throws Exception {
        String id = request.authnRequest().id();
        SamlResponseBuilder builder = new SamlResponseBuilder().answering(id).destination(SaslFixture.SERVICE)
                .responseId("_r" + id).assertion(a -> a.recipient(SaslFixture.SERVICE).id("_a" + id)
                        .customize(assertion -> addKeys(assertion, adviceKeys)))
                .signAssertionWith(TestCredentials.idp()).signResponseWith(TestCredentials.idp());
        if (encrypt) {
            builder.encryptFor(TestCredentials.spEncryption().certificate());
        }
        return SamlResponseBody.parse(builder.bytes(), PARSER);
    }

    private static void addKeys(Assertion assertion, byte[]... keys) {
        if (keys.length == 0) {
            return;
        }
        Advice advice = TestSamlObjects.create(Advice.DEFAULT_ELEMENT_NAME);
        for (byte[] key : keys) {
            GeneratedKey element = TestSamlObjects.create(GeneratedKey.DEFAULT_ELEMENT_NAME);
            element.setValue(Base64.getEncoder().encodeToString(key));
            advice.getChildren().add(element);
        }
        assertion.setAdvice(advice);
    }

    private static IdpResponse answer(SamlResponseBody body, byte[] headerKey) throws Exception {
        IdpResponse.Builder b = IdpResponse.builder().assertionConsumerServiceUrl(SaslFixture.SERVICE).response(body);
        if (headerKey != null) {
            b.generatedKey(headerKey);
        }
        return b.build();
    }

    /** Runs the exchange up to the client's response; returns the client and that response. */
    private static Object[] exchange(ScriptedIdp idp, SaslServer server) throws Exception {
        IdpEndpoint endpoint = IdpEndpoint.builder(TestSamlObjects.IDP, idp.url()).allowInsecureHttp(true)
                .credentials(IdpCredentials.basic("alice", "alicepw".toCharArray())).build();
        Map<String, Object> props = new HashMap<>();
        props.put(SamlecSasl.IDPS, List.of(endpoint));
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, props, null);
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
        return new Object[] {client, client.evaluateChallenge(challenge)};
    }

    private static void assertServerRefuses(ScriptedIdp.Script script, SaslServer server, String detail)
            throws Exception {
        try (ScriptedIdp idp = new ScriptedIdp(script)) {
            byte[] response = (byte[]) exchange(idp, server)[1];

            assertThatThrownBy(() -> server.evaluateResponse(response)).isInstanceOf(SamlecSaslException.class)
                    .hasMessageStartingWith("session_key_mismatch: ").hasMessageContaining(detail);
            assertThat(server.isComplete()).isFalse();
        }
    }

    @Test
    void serverWhenKeyInUnencryptedAssertionThenRefused() throws Exception {
        assertServerRefuses(r -> answer(response(r, false, KEY32), KEY32),
                fixture.server(acceptor(a -> a.sessionKeyEncTypes(List.of(18)))), "encrypted");
    }

    @Test
    void serverWhenKeyInHeaderButNotInAdviceAndKeyRequiredThenRefused() throws Exception {
        assertServerRefuses(r -> answer(response(r, true), KEY32),
                fixture.server(acceptor(a -> a.sessionKeyEncTypes(List.of(18)).requireSessionKey(true))),
                "issued none");
    }

    @Test
    void exchangeWhenAdviceKeyWithoutHeaderCopyThenNeitherSideHasAKey() throws Exception {
        SaslServer server = fixture.server(acceptor(a -> a.sessionKeyEncTypes(List.of(17, 18))));
        try (ScriptedIdp idp = new ScriptedIdp(r -> answer(response(r, true, KEY16), null))) {
            Object[] result = exchange(idp, server);
            SaslClient client = (SaslClient) result[0];
            byte[] response = (byte[]) result[1];

            assertThat(PaosResponse.parse(response, PARSER).sessionKeyEncType()).isEmpty();
            assertThat(server.evaluateResponse(response)).isNull();
            assertThat(server.isComplete()).isTrue();
            assertThat(client.getNegotiatedProperty(SamlecSasl.SESSION_KEY)).isNull();
            assertThat(server.getNegotiatedProperty(SamlecSasl.SESSION_KEY)).isNull();
            SamlIdentity identity = (SamlIdentity) server.getNegotiatedProperty(SamlecSasl.IDENTITY);
            assertThat(identity.generatedKey()).get().extracting(GeneratedKeyMaterial::isDestroyed).isEqualTo(true);
        }
    }

    @Test
    void serverWhenAdviceKeyWithoutHeaderCopyAndKeyRequiredThenRefusedSayingClientHasNone() throws Exception {
        assertServerRefuses(r -> answer(response(r, true, KEY16), null),
                fixture.server(acceptor(a -> a.sessionKeyEncTypes(List.of(17, 18)).requireSessionKey(true))),
                "the client received none");
    }

    @Test
    void exchangeWhenHeaderKeyWithoutAdviceCopyThenOnlyTheClientHoldsAKey() throws Exception {
        // Not detectable by the client (D3): the server completes without a key, as it does for any keyless login.
        SaslServer server = fixture.server(acceptor(a -> a.sessionKeyEncTypes(List.of(17, 18))));
        try (ScriptedIdp idp = new ScriptedIdp(r -> answer(response(r, true), KEY16))) {
            Object[] result = exchange(idp, server);
            SaslClient client = (SaslClient) result[0];

            assertThat(server.evaluateResponse((byte[]) result[1])).isNull();
            assertThat(server.getNegotiatedProperty(SamlecSasl.SESSION_KEY)).isNull();
            assertThat(client.getNegotiatedProperty(SamlecSasl.SESSION_KEY)).isInstanceOf(EncryptionKey.class);
        }
    }

    @Test
    void serverWhenTwoKeysInAdviceThenRefused() throws Exception {
        assertServerRefuses(r -> answer(response(r, true, KEY32, KEY32), KEY32),
                fixture.server(acceptor(a -> a.sessionKeyEncTypes(List.of(18)))), "at most one");
    }

    @Test
    void serverWhenAdviceKeyLengthDoesNotFitChosenEnctypeThenRefused() throws Exception {
        // The header says 32 bytes (the client picks 18), the service's copy has 16: the two would differ.
        assertServerRefuses(r -> answer(response(r, true, KEY16), KEY32),
                fixture.server(acceptor(a -> a.sessionKeyEncTypes(List.of(17, 18)))), "16-byte");
    }

    @Test
    void clientWhenKeyLengthFitsNoOfferedEnctypeThenRefusesBeforeSending() throws Exception {
        byte[] key20 = filled(20, 3);
        SaslServer server = fixture.server(acceptor(a -> a.sessionKeyEncTypes(List.of(17, 18))));
        try (ScriptedIdp idp = new ScriptedIdp(r -> answer(response(r, true, key20), key20))) {
            assertThatThrownBy(() -> exchange(idp, server)).isInstanceOf(SamlecSaslException.class)
                    .hasMessageStartingWith("session_key_mismatch: ").hasMessageContaining("20-byte")
                    .hasMessageContaining("[17, 18]");
        }
    }

    @Test
    void exchangeWhenIdpBehavesThenSameKeyAndHeaderCopyNotForwarded() throws Exception {
        SaslServer server = fixture.server(acceptor(a -> a.sessionKeyEncTypes(List.of(17, 18))));
        try (ScriptedIdp idp = new ScriptedIdp(r -> answer(response(r, true, KEY16), KEY16))) {
            Object[] result = exchange(idp, server);
            SaslClient client = (SaslClient) result[0];
            byte[] response = (byte[]) result[1];

            assertThat(new String(response, StandardCharsets.UTF_8)).doesNotContain("GeneratedKey")
                    .doesNotContain(Base64.getEncoder().encodeToString(KEY16));
            assertThat(server.evaluateResponse(response)).isNull();
            EncryptionKey clientKey = (EncryptionKey) client.getNegotiatedProperty(SamlecSasl.SESSION_KEY);
            EncryptionKey serverKey = (EncryptionKey) server.getNegotiatedProperty(SamlecSasl.SESSION_KEY);
            assertThat(clientKey.getKeyType()).isEqualTo(17).isEqualTo(serverKey.getKeyType());
            assertThat(clientKey.getEncoded()).isEqualTo(KEY16).isEqualTo(serverKey.getEncoded());
        }
    }
}
