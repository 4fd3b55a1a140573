package dev.samlec.bench.jmh;

import dev.samlec.bench.fixtures.SaslScenario;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.sasl.SamlecAcceptor;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The SAML20EC server ({@code Sasl.createSaslServer} through the installed provider, as a host creates it): the
 * challenge alone, and a whole exchange (initial response, challenge, the client's response, complete) with an IdP
 * answer captured once from the demo IdP ({@link SaslScenario}). {@code acceptor}: {@code unsigned} (no signing key),
 * {@code signingKey} (an RSA key configured, the client asks for nothing: the README's acceptor), {@code signingKeyMut}
 * (the client asks for {@code mut}, so the AuthnRequest must be RSA-signed) and {@code ecdsaMut} (the same with an EC
 * P-256 service key: the request is signed with ECDSA-SHA256 and the demo IdP verifies it with the EC certificate).
 */
@State(Scope.Benchmark)
public class SaslServerBenchmark {
    /** Which acceptor and client: see the class comment. */
    @Param({"unsigned", "signingKey", "signingKeyMut", "ecdsaMut"})
    public String acceptor;

    private SaslScenario scenario;
    private SamlecAcceptor service;
    private SaslScenario.Captured captured;

    /** Starts the demo IdP, captures one exchange and stops the IdP: the server's work alone is measured. */
    @Setup
    public void setUp() throws Exception {
        scenario = SaslScenario.start();
        service = scenario.acceptor(acceptor.equals("unsigned") ? null
                : acceptor.equals("ecdsaMut") ? TestCredentials.spSigningEc() : TestCredentials.spSigning());
        captured = scenario.capture(service, acceptor.endsWith("Mut"));
        scenario.stopIdp();
        exchange();
    }

    /** Uninstalls the provider (the demo IdP was stopped once the exchange was captured). */
    @TearDown
    public void tearDown() {
        scenario.close();
    }

    /** A new server's answer to the initial response. */
    @Benchmark
    public byte[] challenge() throws SaslException {
        return SaslScenario.server(service).evaluateResponse(captured.initialResponse());
    }

    /** A new server through a whole exchange. */
    @Benchmark
    public SaslServer exchange() throws SaslException {
        SaslServer server = SaslScenario.server(service);
        server.evaluateResponse(captured.initialResponse());
        server.evaluateResponse(captured.response());
        if (!server.isComplete()) {
            throw new IllegalStateException("the exchange did not complete");
        }
        return server;
    }
}
