package dev.samlec.bench.jmh;

import com.sun.net.httpserver.HttpHandler;
import dev.samlec.bench.fixtures.InMemoryHttpExchange;
import dev.samlec.bench.fixtures.RecordingIdpProxy;
import dev.samlec.bench.fixtures.SaslScenario;
import dev.samlec.testkit.DemoIdp;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The demo IdP's answer to one SAML20EC client request without HTTP: its ECP handler run on an in-memory exchange
 * holding a recorded request (alice, HTTP Basic): request parsing and checks, the password check of the user against
 * the embedded ApacheDS ({@code directory}: an LDAP bind, entry read and group search, or the same operations in
 * process), the assertion, two RSA signatures and the envelope ({@code answer}: written as canonical text, or built
 * with OpenSAML and Santuario). The handler is reached by reflection (testkit has no accessor for it).
 */
@State(Scope.Benchmark)
public class DemoIdpBenchmark {
    private SaslScenario scenario;
    private HttpHandler handler;
    private RecordingIdpProxy.Recorded request;

    /** How the IdP checks the password: {@code LDAP} (its default) or {@code IN_PROCESS} (as {@code ldap-load}). */
    @Param({"IN_PROCESS", "LDAP"})
    public DemoIdp.DirectoryAccess directory;

    /** How the IdP writes its answer: {@code canonical} (its default) or {@code opensaml}. */
    @Param({"canonical", "opensaml"})
    public String answer;

    /** Starts the demo IdP and records one client request. */
    @Setup
    public void setUp() throws Exception {
        scenario = SaslScenario.start(directory, answer.equals("opensaml"));
        scenario.captureThroughProxy(scenario.acceptor(false));
        request = scenario.proxy().recorded();
        Field field = DemoIdp.class.getDeclaredField("ssoHandler");
        field.setAccessible(true);
        handler = (HttpHandler) field.get(scenario.idp());
        answer();
    }

    /** Stops the demo IdP. */
    @TearDown
    public void tearDown() {
        scenario.close();
    }

    /** One answer. */
    @Benchmark
    public byte[] answer() throws IOException {
        InMemoryHttpExchange exchange = new InMemoryHttpExchange("POST", scenario.idp().ssoUrl(),
                Map.of("Authorization", request.authorization(), "Content-Type", "text/xml"), request.requestBody());
        handler.handle(exchange);
        if (exchange.status() != 200) {
            throw new IllegalStateException("the demo IdP answered HTTP " + exchange.status());
        }
        return exchange.responseBytes();
    }
}
