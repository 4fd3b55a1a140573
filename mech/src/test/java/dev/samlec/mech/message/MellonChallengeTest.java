package dev.samlec.mech.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * mod_auth_mellon 0.18 (Lasso 2.8) writes the SOAP actor of its PAOS header blocks as an unqualified
 * {@code actor} attribute next to {@code S:mustUnderstand="true"} (the real challenge, captured from mellon). The
 * variant changes nothing about whom the block is for and is accepted; every other actor variant is still refused.
 */
class MellonChallengeTest {
    private static final String NEXT = "http://schemas.xmlsoap.org/soap/actor/next";

    private static String mellon() {
        return Samples.text("kc-mellon.sp.xml");
    }

    private static PaosRequest parse(String xml) throws EcpException {
        return PaosRequest.parse(xml.getBytes(StandardCharsets.UTF_8), Samples.parser());
    }

    @Test
    void parseWhenMellonsRealChallengeThenAcceptedWithItsAcsAndMessageId() throws Exception {
        PaosRequest challenge = parse(mellon());

        assertThat(challenge.responseConsumerUrl()).isEqualTo("http://127.0.0.1:8082/mellon/paosResponse");
        assertThat(challenge.authnRequest().signed()).isTrue();
    }

    @Test
    void parseWhenUnqualifiedActorIsAnotherNodeThenRefused() {
        String other = mellon().replaceFirst("actor=\"" + NEXT + "\"", "actor=\"http://intermediary.example.org/\"");

        assertThatThrownBy(() -> parse(other)).isInstanceOf(EcpException.class)
                .satisfies(e -> assertThat(((EcpException) e).error()).isEqualTo(EcpError.MUST_UNDERSTAND_VIOLATION))
                .hasMessageContaining("unqualified actor");
    }

    @Test
    void parseWhenBothActorAttributesThenRefused() {
        String both = mellon().replaceFirst("actor=\"" + NEXT + "\"", "actor=\"" + NEXT + "\" s:actor=\"" + NEXT + "\"");

        assertThatThrownBy(() -> parse(both)).isInstanceOf(EcpException.class)
                .satisfies(e -> assertThat(((EcpException) e).error()).isEqualTo(EcpError.MUST_UNDERSTAND_VIOLATION));
    }

    @Test
    void parseWhenNoActorAtAllThenRefused() {
        String none = mellon().replaceFirst(" actor=\"" + NEXT + "\"", "");

        assertThatThrownBy(() -> parse(none)).isInstanceOf(EcpException.class)
                .satisfies(e -> assertThat(((EcpException) e).error()).isEqualTo(EcpError.MUST_UNDERSTAND_VIOLATION));
    }
}
