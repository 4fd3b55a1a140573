package dev.samlec.sasl;

import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.mech.testing.TestCredentials;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What one unauthenticated, half-open SAML20EC exchange costs the server: N servers each get a client's initial
 * response and answer with the challenge, and are then kept, never answered (as an attacker's connections would be).
 * Prints the CPU time per exchange (this thread's CPU time, {@link ThreadMXBean}) and the heap each one retains
 * (used heap after GC, {@link MemoryMXBean}, divided by N), for an acceptor without a signing key, with one (plain
 * initial response), and with one when the client asks for mutual authentication. No assertions: a measurement.
 *
 * <p>Off by default. Run with:
 * <pre>
 * mvn -B -o -pl sasl-provider -am test -Dtest=HalfOpenExchangeBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsamlec.benchmark=true [-Dsamlec.benchmark.n=5000]
 * </pre>
 */
@EnabledIfSystemProperty(named = "samlec.benchmark", matches = "true")
class HalfOpenExchangeBenchmark {
    private static final String PLAIN = "n,,,,";
    private static final String MUT = "n,,,"
            + "urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp:2.0:WantAuthnRequestsSigned,";
    private static final int WARM_UP = 3_000;

    @BeforeAll
    static void install() {
        SamlecSaslProvider.install();
    }

    @AfterAll
    static void uninstall() {
        SamlecSaslProvider.uninstall();
    }

    @Test
    void measureHalfOpenExchanges() throws Exception {
        int n = Integer.getInteger("samlec.benchmark.n", 5_000);
        System.out.printf(Locale.ROOT, "half-open SAML20EC exchanges, N=%d (after %d warm-up exchanges of each kind)%n",
                n, WARM_UP);
        open(acceptor(false), PLAIN.getBytes(StandardCharsets.US_ASCII), WARM_UP).clear();
        open(acceptor(true), PLAIN.getBytes(StandardCharsets.US_ASCII), WARM_UP).clear();
        open(acceptor(true), MUT.getBytes(StandardCharsets.US_ASCII), WARM_UP).clear();
        measure("no signing key, n,,,,", acceptor(false), PLAIN, n);
        measure("signing key,    n,,,,", acceptor(true), PLAIN, n);
        measure("signing key,    mut  ", acceptor(true), MUT, n);
    }

    private static SamlecAcceptor acceptor(boolean signing) throws Exception {
        ServiceProviderSettings.Builder settings = ServiceProviderSettings.builder()
                .entityId("https://ldap.localhost/samlec").assertionConsumerServiceUrl("ldap@localhost")
                .idpTrust(IdpTrust.of("https://idp.example.org", List.of(TestCredentials.idp().certificate())));
        if (signing) {
            settings.signingKey(TestCredentials.spSigning());
        }
        return SamlecAcceptor.builder(settings.build()).build();
    }

    private static void measure(String label, SamlecAcceptor acceptor, String initial, int n) throws Exception {
        byte[] message = initial.getBytes(StandardCharsets.US_ASCII);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long heapBefore = usedHeapAfterGc();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long wallBefore = System.nanoTime();
        List<SaslServer> open = open(acceptor, message, n);
        long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        long wall = System.nanoTime() - wallBefore;
        long heapAfter = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "  %s: CPU %.3f ms/exchange (wall %.3f ms), retained heap %.0f bytes/exchange,"
                + " challenge %d bytes, shared tracker holds %d IDs%n", label, cpu / 1e6 / n, wall / 1e6 / n,
                (heapAfter - heapBefore) / (double) n, lastChallengeLength,
                ((dev.samlec.mech.service.InMemoryRequestTracker) acceptor.provider().requestTracker()).outstanding());
        if (open.size() != n) {
            throw new IllegalStateException("lost exchanges");
        }
    }

    private static int lastChallengeLength;

    private static List<SaslServer> open(SamlecAcceptor acceptor, byte[] initial, int n) throws Exception {
        List<SaslServer> open = new ArrayList<>(n);
        Map<String, Object> props = Map.of(SamlecSasl.ACCEPTOR, acceptor);
        for (int i = 0; i < n; i++) {
            SaslServer server = Sasl.createSaslServer(SamlecSasl.SAML20EC, "ldap", "localhost", props, null);
            lastChallengeLength = server.evaluateResponse(initial).length;
            open.add(server);
        }
        return open;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
