package dev.samlec.bench.jmh;

import dev.samlec.bench.fixtures.AcceptingReplayCache;
import dev.samlec.bench.fixtures.BenchResponses;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestSamlObjects;
import dev.samlec.mech.service.ValidationContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * samlec's {@code ResponseValidator}, every check, on the doubly signed Response of {@link BenchResponses} (about
 * 8 KB, 4 attributes). Each call re-tracks the request ID after validating (the validator consumes it); the replay cache accepts
 * everything so the same assertion passes each time (the real cache is measured by {@link ReplayCacheBenchmark}).
 */
@State(Scope.Thread)
public class ValidatorBenchmark {
    private ServiceFixture service;
    private byte[] response;

    /** Builds the service and the signed Response. */
    @Setup
    public void setUp() throws EcpException {
        service = new ServiceFixture().configure(b -> b.replayCache(new AcceptingReplayCache()));
        response = BenchResponses.doublySignedBytes();
        validateAll();
    }

    /** All of samlec's checks. */
    @Benchmark
    public SamlIdentity validateAll() throws EcpException {
        SamlIdentity identity = service.validate(response, ValidationContext.expect(TestSamlObjects.REQUEST_ID));
        service.tracker().track(TestSamlObjects.REQUEST_ID);
        return identity;
    }
}
