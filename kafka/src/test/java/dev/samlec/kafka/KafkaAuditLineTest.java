package dev.samlec.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.NameId;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.testing.CapturedStandardError;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.security.sasl.SaslServer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;

/** One INFO line per login that ends at the broker, in the LDAP server's format, with no secret in it. */
class KafkaAuditLineTest {
    private static final String SECRET_RESPONSE = "<samlp:Response><saml:Assertion>SignatureValue alicepw";

    /** samlec's server as far as the wrapper sees it: one response, then accepted or refused. */
    private static SaslServer samlec(SamlecSaslException refusal) {
        SamlIdentity identity = SamlIdentity.builder().nameId(NameId.of("alice")).issuer("https://idp.example.org")
                .assertionId("_a1").responseId("_r1").expiry(Instant.parse("2030-01-01T00:00:00Z")).build();
        return new SaslServer() {
            private boolean complete;

            @Override
            public String getMechanismName() {
                return SamlecSasl.SAML20EC;
            }

            @Override
            public byte[] evaluateResponse(byte[] response) throws SamlecSaslException {
                if (refusal != null) {
                    throw refusal;
                }
                complete = true;
                return null;
            }

            @Override
            public boolean isComplete() {
                return complete;
            }

            @Override
            public String getAuthorizationID() {
                return "alice";
            }

            @Override
            public byte[] unwrap(byte[] incoming, int offset, int len) {
                throw new IllegalStateException();
            }

            @Override
            public byte[] wrap(byte[] outgoing, int offset, int len) {
                throw new IllegalStateException();
            }

            @Override
            public Object getNegotiatedProperty(String propName) {
                return SamlecSasl.IDENTITY.equals(propName) ? identity : null;
            }

            @Override
            public void dispose() {
            }
        };
    }

    @Test
    void evaluateResponseWhenAcceptedOrRefusedThenOneInfoLineEachWithoutSecrets() throws Exception {
        String log = CapturedStandardError.during(() -> {
            new KafkaSaml20EcServer(samlec(null), "kafka@broker.example.org")
                    .evaluateResponse(SECRET_RESPONSE.getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> new KafkaSaml20EcServer(samlec(new SamlecSaslException(
                    EcpError.INVALID_SIGNATURE, "the Response signature does not verify\nforged line")),
                    "kafka@broker.example.org").evaluateResponse(SECRET_RESPONSE.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(SaslAuthenticationException.class);
        });
        List<String> lines = log.lines().filter(l -> l.contains(KafkaSaml20EcServer.class.getName())).toList();

        assertThat(lines).containsExactly(
                "[main] INFO " + KafkaSaml20EcServer.class.getName() + " - SAML20EC login accepted: nameId=\"alice\""
                        + " issuer=\"https://idp.example.org\" service=\"kafka@broker.example.org\" user=\"User:alice\"",
                "[main] INFO " + KafkaSaml20EcServer.class.getName() + " - SAML20EC login refused:"
                        + " code=invalid_signature nameId=- issuer=- service=\"kafka@broker.example.org\""
                        + " reason=\"invalid_signature: the Response signature does not verify?forged line\"");
        assertThat(log).doesNotContain("alicepw", "Assertion", "SignatureValue", "<saml");
    }
}
