package dev.samlec.bench.load;

import dev.samlec.bench.Options;
import dev.samlec.bench.fixtures.SaslScenario;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.sasl.SamlecAcceptor;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.security.sasl.SaslServer;

/**
 * Retained heap of one idle SAML20EC server exchange: a server created through the installed provider (as a host
 * creates it) that has answered the initial response with its challenge and now waits for the client's response.
 * Used heap after full GCs before and after holding N such servers (default 20,000) in a list, divided by N; the
 * acceptor, its settings and the client's initial response are shared and made before the first measurement, so
 * the figure is what each waiting exchange keeps on its own (the list's own 4 to 8 bytes per server included).
 * Rows: {@code unsigned} (no signing key), {@code signingKey} (a key, the client asks for nothing), {@code
 * signingKeyMut} (RSA-signed request) and {@code ecdsaMut} (ECDSA-signed request), as in {@code SaslServerBenchmark}.
 */
public final class ExchangeMemory {
    private ExchangeMemory() {
    }

    /** Measures ({@code --exchanges}); returns 0. */
    public static int run(Options options, PrintStream out) throws Exception {
        int n = options.integer("exchanges", 20_000);
        try (SaslScenario scenario = SaslScenario.start()) {
            out.printf(Locale.ROOT, "idle SAML20EC server exchanges after the challenge, %,d of each kind:%n", n);
            row(out, scenario, n, "unsigned", null, false);
            row(out, scenario, n, "signingKey", TestCredentials.spSigning(), false);
            row(out, scenario, n, "signingKeyMut", TestCredentials.spSigning(), true);
            row(out, scenario, n, "ecdsaMut", TestCredentials.spSigningEc(), true);
        }
        return 0;
    }

    private static void row(PrintStream out, SaslScenario scenario, int n, String name, SigningKey key, boolean mut)
            throws Exception {
        SamlecAcceptor acceptor = scenario.acceptor(key);
        byte[] initial = scenario.capture(acceptor, mut).initialResponse();
        int challengeBytes = SaslScenario.server(acceptor).evaluateResponse(initial).length;
        List<SaslServer> servers = new ArrayList<>(n);
        long before = usedAfterGc();
        for (int i = 0; i < n; i++) {
            SaslServer server = SaslScenario.server(acceptor);
            server.evaluateResponse(initial);
            servers.add(server);
        }
        long after = usedAfterGc();
        Reference.reachabilityFence(servers);
        out.printf(Locale.ROOT, "  %-14s %6.0f B retained per exchange (challenge sent: %,d bytes)%n", name,
                (after - before) / (double) n, challengeBytes);
        servers.forEach(ExchangeMemory::dispose);
    }

    private static void dispose(SaslServer server) {
        try {
            server.dispose();
        } catch (javax.security.sasl.SaslException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
