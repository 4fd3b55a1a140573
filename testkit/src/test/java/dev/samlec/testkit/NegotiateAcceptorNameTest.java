package dev.samlec.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which verified Kerberos client principals the demo IdP's Negotiate acceptor takes as a directory uid. */
class NegotiateAcceptorNameTest {
    private static final String REALM = "SAMLEC.TEST";

    @ParameterizedTest
    @ValueSource(strings = {"alice@SAMLEC.TEST", "alice.smith@SAMLEC.TEST", "a_b-c@SAMLEC.TEST"})
    void uidOfWhenUserPrincipalOfTheServiceRealmThenItsPrimary(String client) {
        assertThat(NegotiateAcceptor.uidOf(client, REALM)).contains(client.substring(0, client.indexOf('@')));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice/admin@SAMLEC.TEST", "alice/x@SAMLEC.TEST", "alice@OTHER.REALM",
        "alice@samlec.test", "alice", "alice@", "@SAMLEC.TEST", "alice\\/admin@SAMLEC.TEST", "alice\\@X@SAMLEC.TEST",
        "alice@SAMLEC.TEST@SAMLEC.TEST", "HTTP/127.0.0.1@SAMLEC.TEST", "alice@SAMLEC.TEST/x"})
    void uidOfWhenInstanceOtherRealmOrOddNameThenNoUser(String client) {
        assertThat(NegotiateAcceptor.uidOf(client, REALM)).isEmpty();
    }
}
