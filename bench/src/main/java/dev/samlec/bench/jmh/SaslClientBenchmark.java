package dev.samlec.bench.jmh;

import dev.samlec.bench.fixtures.SaslScenario;
import java.io.IOException;
import javax.security.sasl.SaslClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The SAML20EC client's side of an exchange: a new client ({@code Sasl.createSaslClient}), its initial response, then
 * the server's challenge turned into its response. The client always calls its IdP over HTTP, so the IdP here is a
 * loopback endpoint replaying the demo IdP's recorded answer ({@code RecordingIdpProxy}): the figure includes one
 * loopback HTTP POST (a new connection each time) but none of the IdP's work.
 */
@State(Scope.Benchmark)
public class SaslClientBenchmark {
    private SaslScenario scenario;
    private byte[] challenge;

    /** Starts the demo IdP and records its answer. */
    @Setup
    public void setUp() throws Exception {
        scenario = SaslScenario.start();
        challenge = scenario.captureThroughProxy(scenario.acceptor(false)).challenge();
        respond();
    }

    /** Stops the demo IdP. */
    @TearDown
    public void tearDown() {
        scenario.close();
    }

    /** Initial response, then challenge to response. */
    @Benchmark
    public byte[] respond() throws IOException {
        SaslClient client = scenario.proxiedClient();
        client.evaluateChallenge(new byte[0]);
        byte[] response = client.evaluateChallenge(challenge);
        if (!client.isComplete()) {
            throw new IllegalStateException("the client did not complete");
        }
        return response;
    }
}
