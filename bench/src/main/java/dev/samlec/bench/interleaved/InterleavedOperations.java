package dev.samlec.bench.interleaved;

import dev.samlec.bench.BadOptionException;
import dev.samlec.bench.jmh.NaiveOpenSamlBenchmark;
import dev.samlec.bench.jmh.PaosConsumeBenchmark;
import dev.samlec.bench.jmh.RsaVerifyBaseline;
import dev.samlec.bench.jmh.SaslResponseStepBenchmark;
import dev.samlec.bench.jmh.SaslServerBenchmark;
import dev.samlec.bench.jmh.ValidatorBenchmark;
import java.util.ArrayList;
import java.util.List;

/**
 * The operations of {@link InterleavedRatios}, each set up by its JMH benchmark's own set-up and timed on that
 * benchmark's method, so that both commands measure the same work. {@code demo-validator} and
 * {@code response-step} share one captured exchange (the same Response from the demo IdP); {@link #close()} stops
 * whatever the set-ups started.
 */
final class InterleavedOperations implements AutoCloseable {
    private final List<AutoCloseable> started = new ArrayList<>();
    private SaslResponseStepBenchmark.World captured;

    /** The operation named {@code name} (one of {@link InterleavedRatios#OPERATIONS}), set up. */
    TimedOperation create(String name) throws Exception {
        switch (name) {
            case InterleavedRatios.BASELINE: {
                RsaVerifyBaseline rsa = new RsaVerifyBaseline();
                rsa.sign();
                return rsa::rsa2048Sha256Verify;
            }
            case "validator": {
                ValidatorBenchmark validator = new ValidatorBenchmark();
                validator.setUp();
                return validator::validateAll;
            }
            case "naive-opensaml": {
                NaiveOpenSamlBenchmark naive = new NaiveOpenSamlBenchmark();
                naive.setUp();
                return naive::unmarshalAndVerifyBoth;
            }
            case "paos-consume": {
                PaosConsumeBenchmark consume = new PaosConsumeBenchmark();
                consume.setUp();
                return consume::consume;
            }
            case "demo-validator":
                return afterChallenge(false);
            case "response-step":
                return afterChallenge(true);
            case "exchange": {
                SaslServerBenchmark exchange = new SaslServerBenchmark();
                exchange.acceptor = "unsigned";
                exchange.setUp();
                started.add(exchange::tearDown);
                return exchange::exchange;
            }
            default:
                throw new BadOptionException("unknown operation '" + name + "'");
        }
    }

    /**
     * The server's response step ({@code responseStep}), or the validator alone on the same Response
     * ({@code validatorAfterChallenge}), each after a new server's challenge, which is not timed.
     */
    private TimedOperation afterChallenge(boolean responseStep) throws Exception {
        SaslResponseStepBenchmark.World world = world();
        SaslResponseStepBenchmark benchmark = new SaslResponseStepBenchmark();
        SaslResponseStepBenchmark.Challenged challenged = new SaslResponseStepBenchmark.Challenged();
        return new TimedOperation() {
            @Override
            public void prepare() throws Exception {
                challenged.challenge(world);
            }

            @Override
            public Object call() throws Exception {
                return responseStep ? benchmark.responseStep(world, challenged)
                        : benchmark.validatorAfterChallenge(world, challenged);
            }
        };
    }

    private SaslResponseStepBenchmark.World world() throws Exception {
        if (captured == null) {
            SaslResponseStepBenchmark.World world = new SaslResponseStepBenchmark.World();
            world.setUp();
            started.add(world::tearDown);
            captured = world;
        }
        return captured;
    }

    @Override
    public void close() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        started.clear();
    }
}
