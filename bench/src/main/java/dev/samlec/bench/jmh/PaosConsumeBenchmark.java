package dev.samlec.bench.jmh;

import dev.samlec.bench.fixtures.AcceptingReplayCache;
import dev.samlec.bench.fixtures.BenchResponses;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.PaosRequest;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.message.SamlResponseBody;
import dev.samlec.mech.service.PaosServiceProvider;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestSamlObjects;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code PaosServiceProvider.consume}: the PAOS envelope a client POSTs to the ACS, holding the same doubly signed
 * Response as {@link ValidatorBenchmark}, parsed and validated (the request ID re-tracked before each call).
 */
@State(Scope.Thread)
public class PaosConsumeBenchmark {
    private PaosServiceProvider paos;
    private byte[] envelope;

    /** Builds the service and the PAOS response answering {@link TestSamlObjects#REQUEST_ID}. */
    @Setup
    public void setUp() throws EcpException {
        ServiceFixture service = new ServiceFixture().configure(b -> b.replayCache(new AcceptingReplayCache()));
        paos = new PaosServiceProvider(service.settings());
        PaosRequest issued = paos.challenge(Optional.empty());
        PaosRequest challenge = PaosRequest.builder(issued.authnRequest(), TestSamlObjects.ACS, issued.ecpRequest())
                .messageId(TestSamlObjects.REQUEST_ID).build();
        SamlResponseBody body = SamlResponseBody.parse(BenchResponses.doublySignedBytes(),
                SecureXmlParser.withDefaultLimit());
        envelope = PaosResponse.of(challenge, body).toBytes();
        consume();
    }

    /** One consume. */
    @Benchmark
    public PaosServiceProvider.Login consume() throws EcpException {
        paos.provider().requestTracker().track(TestSamlObjects.REQUEST_ID);
        return paos.consume(envelope);
    }
}
