package dev.samlec.sasl.internal;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.sasl.internal.InitialResponse.CbFlag;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InitialResponseTest {
    private static final String HOK = InitialResponse.HOK;
    private static final String MUT = InitialResponse.MUT;
    private static final String DEL = InitialResponse.DEL;

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        // message                                                   | flag | cbName               | authzid  | hok   | mut   | del
        "n,,,,                                                       | N    |                      |          | false | false | false",
        "y,,,,                                                       | Y    |                      |          | false | false | false",
        "p=tls-server-end-point,,,,                                  | P    | tls-server-end-point |          | false | false | false",
        "p=tls-exporter,a=alice,,,                                   | P    | tls-exporter         | alice    | false | false | false",
        "n,a=a=2Cb=3Dc,,,                                            | N    |                      | a,b=c    | false | false | false",
        "n,,urn:oasis:names:tc:SAML:2.0:cm:holder-of-key,,           | N    |                      |          | true  | false | false",
        "n,,,urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp:2.0:WantAuthnRequestsSigned, | N |          |          | false | true  | false",
        "n,,,,urn:oasis:names:tc:SAML:2.0:conditions:delegation      | N    |                      |          | false | false | true",
        "p=x.1-2,a=bob,,,                                            | P    | x.1-2                | bob      | false | false | false",
    })
    void parseWhenValidThenFieldsRead(String message, CbFlag flag, String cbName, String authzid, boolean hok,
            boolean mut, boolean del) throws EcpException {
        InitialResponse parsed = InitialResponse.parse(message.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.flag()).isEqualTo(flag);
        assertThat(parsed.cbName()).isEqualTo(Optional.ofNullable(cbName));
        assertThat(parsed.authzid()).isEqualTo(Optional.ofNullable(authzid));
        assertThat(parsed.hok()).isEqualTo(hok);
        assertThat(parsed.mut()).isEqualTo(mut);
        assertThat(parsed.del()).isEqualTo(del);
        assertThat(new String(parsed.toBytes(), StandardCharsets.UTF_8)).isEqualTo(message);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
        "",                       // empty: never legitimate (the shortest is n,,,,)
        "=",                      // IMAP/SMTP empty-response marker
        "n,,,",                   // three commas
        "n,,,,,",                 // five commas
        "F,n,,,,",                // GS2 non-standard flag is not in the grammar
        "N,,,,",                  // flags are lower case
        "x,,,,",
        "p=,,,,",                 // empty cb-name
        "p=tls_unique,,,,",       // '_' is not allowed in a cb-name
        "n,alice,,,",             // authzid without a=
        "n,a=,,,",                // empty authzid
        "n,a=al=ice,,,",          // bare '=' in a saslname
        "n,a=al=2c,,,",           // escapes are upper case
        "n,,hok,,",               // the short name, not the URI
        "n,,," + HOK + ",",       // hok in the mut slot
        "n,,,," + MUT,            // mut in the del slot
        "n,," + DEL + ",,",       // del in the hok slot
        "n,,urn:x,,",
    })
    void parseWhenMalformedThenMalformedGs2Header(String message) {
        assertError(EcpError.MALFORMED_GS2_HEADER,
                () -> InitialResponse.parse(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parseWhenNulInAuthzidThenMalformed() {
        assertError(EcpError.MALFORMED_GS2_HEADER,
                () -> InitialResponse.parse("n,a=al\0ice,,,".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parseWhenNotUtf8ThenMalformed() {
        byte[] message = {'n', ',', 'a', '=', (byte) 0xC3, (byte) 0x28, ',', ',', ','};
        assertError(EcpError.MALFORMED_GS2_HEADER, () -> InitialResponse.parse(message));
    }

    @Test
    void parseWhenOversizedThenRefusedBeforeParsing() {
        byte[] message = ("n,a=" + "x".repeat(InitialResponse.MAX_BYTES) + ",,,").getBytes(StandardCharsets.UTF_8);
        assertError(EcpError.MESSAGE_TOO_LARGE, () -> InitialResponse.parse(message));
    }

    @Test
    void parseWhenExactlyMaxBytesThenAccepted() throws EcpException {
        String authzid = "x".repeat(InitialResponse.MAX_BYTES - "n,a=,,,".length());
        byte[] message = ("n,a=" + authzid + ",,,").getBytes(StandardCharsets.UTF_8);

        assertThat(message).hasSize(InitialResponse.MAX_BYTES);
        assertThat(InitialResponse.parse(message).authzid()).contains(authzid);
    }

    @Test
    void parseWhenNonAsciiAuthzidThenDecoded() throws EcpException {
        InitialResponse parsed = InitialResponse.parse("n,a=jürgen,,,".getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.authzid()).contains("jürgen");
    }

    @Test
    void gs2HeaderWhenAuthzidHasSpecialsThenEscapedPrefixUpToSecondComma() {
        InitialResponse initial = new InitialResponse(CbFlag.P, Optional.of("tls-exporter"), Optional.of("a,b=c"),
                true, true, false);

        assertThat(new String(initial.gs2Header(), StandardCharsets.UTF_8)).isEqualTo("p=tls-exporter,a=a=2Cb=3Dc,");
        assertThat(new String(initial.toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("p=tls-exporter,a=a=2Cb=3Dc," + HOK + "," + MUT + ",");
    }

    @Test
    void constructorWhenCbNameWithoutPThenRejected() {
        assertThatThrownBy(() -> new InitialResponse(CbFlag.N, Optional.of("tls-exporter"), Optional.empty(), false,
                false, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InitialResponse(CbFlag.P, Optional.empty(), Optional.empty(), false,
                false, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
