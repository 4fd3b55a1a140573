package dev.samlec.mech.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the IdP's {@code WWW-Authenticate: Negotiate <token>} (RFC 4559 section 4.2). */
class NegotiateChallengeTest {

    @Test
    void serverTokenWhenNegotiateWithTokenThenToken() {
        assertThat(NegotiateAuthenticator.Exchange.serverToken(List.of("Negotiate oYG2MIGzoAMKAQA="))).hasValue(
                "oYG2MIGzoAMKAQA=");
    }

    @Test
    void serverTokenWhenSchemeInOtherCaseAndBesideBasicThenToken() {
        assertThat(NegotiateAuthenticator.Exchange.serverToken(List.of("Basic realm=\"x\", NEGOTIATE YWJj")))
                .hasValue("YWJj");
    }

    @Test
    void serverTokenWhenBareNegotiateOrOtherSchemeThenEmpty() {
        assertThat(NegotiateAuthenticator.Exchange.serverToken(List.of("Negotiate", "Basic realm=\"x\""))).isEmpty();
        assertThat(NegotiateAuthenticator.Exchange.serverToken(List.of())).isEmpty();
    }

    @Test
    void serverTokenWhenNotBase64CharactersThenEmpty() {
        assertThat(NegotiateAuthenticator.Exchange.serverToken(List.of("Negotiate abc def"))).isEmpty();
        assertThat(NegotiateAuthenticator.Exchange.serverToken(List.of("Negotiated YWJj"))).isEmpty();
    }
}
