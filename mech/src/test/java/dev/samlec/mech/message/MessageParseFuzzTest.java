package dev.samlec.mech.message;

import static dev.samlec.mech.testing.FuzzContract.holds;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samlec.mech.EcpError.Category;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.testing.FuzzContract;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for every wire-message {@code parse} of this package (issue 10, part 8). Each target parses the
 * fuzzer's bytes and, when that succeeds, takes the step the flows take next with the parsed message (forwarding
 * the AuthnRequest to the IdP, wrapping the IdP's Response for the SP, re-serialising), because those steps move
 * peer-controlled DOM too. Contract: {@link FuzzContract} with protocol-category codes only. Seeds (real Keycloak,
 * Shibboleth and mellon messages) are in {@code MessageParseFuzzTestInputs/<method>/}.
 */
class MessageParseFuzzTest {
    private static final Set<Category> PROTOCOL = Set.of(Category.PROTOCOL);
    private static final SecureXmlParser PARSER = SecureXmlParser.withDefaultLimit();

    static {
        FuzzContract.warmUp(() -> {
            forwardToIdp(PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), PARSER));
            IdpRequest.parse(Samples.bytes(Samples.IDP_REQUEST), PARSER).toBytes();
            IdpResponse response = IdpResponse.parse(Samples.bytes(Samples.IDP_RESPONSE), PARSER);
            PaosResponse.of(challenge(), response.response().orElseThrow()).toBytes();
            PaosResponse.parse(Samples.bytes(Samples.SP_RESPONSE), PARSER).toBytes();
            IdpResponse.parse(Samples.bytes(Samples.WRONG_PASSWORD), PARSER).toString();
        });
    }

    @FuzzTest
    @Timeout(FuzzContract.TIMEOUT_SECONDS)
    void paosRequestParseWhenFuzzedThenRequestOrProtocolError(byte[] input) {
        holds(PROTOCOL, () -> forwardToIdp(PaosRequest.parse(input, PARSER)));
    }

    @FuzzTest
    @Timeout(FuzzContract.TIMEOUT_SECONDS)
    void paosRequestParseIfChallengeWhenFuzzedThenOptionalOrProtocolError(byte[] input) {
        holds(PROTOCOL, () -> {
            Optional<PaosRequest> challenge = PaosRequest.parseIfChallenge(input, PARSER);
            if (challenge.isPresent()) {
                forwardToIdp(challenge.get());
            }
        });
    }

    @FuzzTest
    @Timeout(FuzzContract.TIMEOUT_SECONDS)
    void idpRequestParseWhenFuzzedThenRequestOrProtocolError(byte[] input) {
        holds(PROTOCOL, () -> {
            IdpRequest request = IdpRequest.parse(input, PARSER);
            request.toBytes();
            request.authnRequest().toBytes();
        });
    }

    @FuzzTest
    @Timeout(FuzzContract.TIMEOUT_SECONDS)
    void idpResponseParseWhenFuzzedThenResponseOrProtocolError(byte[] input) {
        holds(PROTOCOL, () -> {
            IdpResponse response = IdpResponse.parse(input, PARSER);
            response.toString();
            if (response.response().isPresent()) {
                PaosResponse.of(challenge(), response.response().get()).toBytes();
            }
        });
    }

    @FuzzTest
    @Timeout(FuzzContract.TIMEOUT_SECONDS)
    void paosResponseParseWhenFuzzedThenResponseOrProtocolError(byte[] input) {
        holds(PROTOCOL, () -> {
            PaosResponse response = PaosResponse.parse(input, PARSER);
            response.toString();
            response.toBytes();
            response.response().ifPresent(SamlResponseBody::toBytes);
        });
    }

    @FuzzTest
    @Timeout(FuzzContract.TIMEOUT_SECONDS)
    void soapFaultParseWhenFuzzedThenFaultOrProtocolError(byte[] input) {
        holds(PROTOCOL, () -> SoapFault.parse(input, PARSER).toBytes());
    }

    @FuzzTest
    @Timeout(FuzzContract.TIMEOUT_SECONDS)
    void samlResponseBodyParseWhenFuzzedThenBodyOrProtocolError(byte[] input) {
        holds(PROTOCOL, () -> {
            SamlResponseBody body = SamlResponseBody.parse(input, PARSER);
            body.describeStatus();
            PaosResponse.of(challenge(), body).toBytes();
        });
    }

    @FuzzTest
    @Timeout(FuzzContract.TIMEOUT_SECONDS)
    void authnRequestBodyParseWhenFuzzedThenBodyOrProtocolError(byte[] input) {
        holds(PROTOCOL, () -> IdpRequest.of(AuthnRequestBody.parse(input, PARSER)).toBytes());
    }

    /** What the ECP client sends the IdP for a parsed challenge. */
    private static void forwardToIdp(PaosRequest request) {
        request.toString();
        IdpRequest.of(request.authnRequest()).toBytes();
    }

    /** A genuine Shibboleth SP challenge, to wrap parsed Responses in as the client does. */
    private static PaosRequest challenge() throws EcpException {
        return Challenge.REQUEST;
    }

    private static final class Challenge {
        static final PaosRequest REQUEST;

        static {
            try {
                REQUEST = PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), PARSER);
            } catch (EcpException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
