package dev.samlec.sasl.internal;

import static dev.samlec.mech.testing.FuzzContract.holdsWithCodes;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.testing.FuzzContract;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for the SAML20EC initial-response (GS2 header) parser (issue 10, part 8): {@link InitialResponse#parse}
 * returns a message or throws {@code malformed_gs2_header} / {@code message_too_large}. Oracle: what it accepts is
 * canonical, i.e. writing the parsed message gives back exactly the client's bytes, so the GS2 header the server
 * binds into channel binding is the one the client sent. Seeds in {@code InitialResponseFuzzTestInputs/<method>/}.
 */
class InitialResponseFuzzTest {
    private static final Set<EcpError> DOCUMENTED = Set.of(EcpError.MALFORMED_GS2_HEADER, EcpError.MESSAGE_TOO_LARGE);

    @FuzzTest
    @Timeout(FuzzContract.TIMEOUT_SECONDS)
    void parseWhenFuzzedThenCanonicalMessageOrMalformedGs2Header(byte[] input) {
        holdsWithCodes(DOCUMENTED, () -> {
            InitialResponse parsed = InitialResponse.parse(input);
            if (!Arrays.equals(parsed.toBytes(), input)) {
                throw new AssertionError("accepted a non-canonical initial response: written back as "
                        + new String(parsed.toBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
            byte[] header = parsed.gs2Header();
            if (!Arrays.equals(Arrays.copyOf(input, header.length), header)) {
                throw new AssertionError("the GS2 header is not the prefix the client sent");
            }
        });
    }
}
