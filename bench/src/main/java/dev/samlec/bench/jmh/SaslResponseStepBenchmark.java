package dev.samlec.bench.jmh;

import dev.samlec.bench.fixtures.SaslScenario;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.message.SamlResponseBody;
import dev.samlec.mech.service.SamlServiceProvider;
import dev.samlec.mech.service.ValidationContext;
import dev.samlec.sasl.SamlecAcceptor;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The SAML20EC server's response step beside the validator alone on the same Response (the demo IdP's, both
 * signed), so that the two can be compared: {@code responseStep} is the server's second {@code evaluateResponse}
 * (PAOS envelope parsed, headers checked, the Response validated where it was parsed), each on a new server that
 * has just sent its challenge; {@code validator} is {@code ResponseValidator} on the standalone Response bytes, and
 * {@code validatorAfterChallenge} the same with a challenge made before each call, as for the response step.
 * Unsigned acceptor ({@link SaslServerBenchmark} has the others).
 */
public class SaslResponseStepBenchmark {
    /** The demo IdP, the acceptor, one captured exchange and its Response's standalone bytes. */
    @State(Scope.Benchmark)
    public static class World {
        private SaslScenario scenario;
        private SamlecAcceptor service;
        private SaslScenario.Captured captured;
        private SamlServiceProvider provider;
        private byte[] response;
        private String requestId;

        /**
         * Starts the demo IdP, captures one exchange, reads its Response out of the client's PAOS response, then stops
         * the IdP (not measured here).
         */
        @Setup(Level.Trial)
        public void setUp() throws Exception {
            scenario = SaslScenario.start();
            service = scenario.acceptor(false);
            captured = scenario.capture(service, false);
            provider = service.provider();
            SamlResponseBody body = PaosResponse.parse(captured.response(), SecureXmlParser.withDefaultLimit())
                    .response().orElseThrow();
            response = body.toBytes();
            requestId = body.inResponseTo().orElseThrow();
            scenario.stopIdp();
        }

        /** Uninstalls the provider. */
        @TearDown(Level.Trial)
        public void tearDown() {
            scenario.close();
        }
    }

    /** A new server that has answered the captured initial response with its challenge. */
    @State(Scope.Thread)
    public static class Challenged {
        private SaslServer server;

        /** Makes the server and sends its challenge; not measured. */
        @Setup(Level.Invocation)
        public void challenge(World world) throws SaslException {
            server = SaslScenario.server(world.service);
            server.evaluateResponse(world.captured.initialResponse());
        }
    }

    /** The server's response step. */
    @Benchmark
    public SaslServer responseStep(World world, Challenged challenged) throws SaslException {
        challenged.server.evaluateResponse(world.captured.response());
        if (!challenged.server.isComplete()) {
            throw new IllegalStateException("the exchange did not complete");
        }
        return challenged.server;
    }

    /** The validator alone on the same Response (its request ID tracked again before each call). */
    @Benchmark
    public SamlIdentity validator(World world) throws EcpException {
        world.provider.requestTracker().track(world.requestId);
        return world.provider.validate(world.response, ValidationContext.expect(world.requestId));
    }

    /**
     * The validator alone, each call after a new server's challenge as in {@link #responseStep} (the challenge's
     * work between two calls leaves the caches as a real exchange does): the like-for-like comparison.
     */
    @Benchmark
    public SamlIdentity validatorAfterChallenge(World world, Challenged challenged) throws EcpException {
        return validator(world);
    }
}
