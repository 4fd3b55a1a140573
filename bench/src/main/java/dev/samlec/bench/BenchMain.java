package dev.samlec.bench;

import dev.samlec.bench.interleaved.InterleavedRatios;
import dev.samlec.bench.load.ColdStart;
import dev.samlec.bench.load.ExchangeMemory;
import dev.samlec.bench.load.FederationLoad;
import dev.samlec.bench.load.HttpEcpLoad;
import dev.samlec.bench.load.KafkaConnectLoad;
import dev.samlec.bench.load.LdapBindLoad;
import dev.samlec.bench.load.ReplayCacheMemory;
import dev.samlec.bench.load.StoreLoad;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code samlec-bench.jar} command: {@code java -jar bench/target/samlec-bench.jar COMMAND [options]}.
 * <ul>
 *   <li>{@code jmh}: the JMH benchmarks, each as a ratio to a raw RSA-2048 verification ({@link JmhRatioRunner});</li>
 *   <li>{@code interleaved}: issue 13's ratios with the operations taking turns in one JVM, each ratio taken at the
 *       same moments ({@link InterleavedRatios});</li>
 *   <li>{@code replay-memory}: bytes per entry of the in-memory replay cache ({@link ReplayCacheMemory});</li>
 *   <li>{@code exchange-memory}: retained heap of an idle SAML20EC server exchange ({@link ExchangeMemory});</li>
 *   <li>{@code ldap-load}: SAML20EC and SIMPLE LDAP binds per second ({@link LdapBindLoad});</li>
 *   <li>{@code http-load}: HTTP ECP logins per second through the demo service ({@link HttpEcpLoad});</li>
 *   <li>{@code kafka-load}: Kafka SAML20EC and PLAIN connections per second ({@link KafkaConnectLoad});</li>
 *   <li>{@code store-load}: logins per second with the login state in memory and on Redis ({@link StoreLoad});</li>
 *   <li>{@code cold-start}: {@code samlec verify} and {@code samlec curl} as whole processes ({@link ColdStart});</li>
 *   <li>{@code federation-load}: reading a signed 10,000-IdP aggregate, its retained heap and lookups
 *       ({@link FederationLoad}).</li>
 * </ul>
 * docs/performance.md describes each and its options.
 */
public final class BenchMain {
    private BenchMain() {
    }

    /** The JDK HttpServer's switch for TCP_NODELAY on its connections, read once when its classes load. */
    static final String HTTP_SERVER_NODELAY = "sun.net.httpserver.nodelay";

    /**
     * Runs one command; exits non-zero on a usage error or a failure. The demo IdP and service run on the JDK's
     * HttpServer, which leaves Nagle's algorithm on unless {@value #HTTP_SERVER_NODELAY} is true: on a kept-alive
     * connection its answer (headers, then body, two writes) then waits for the client's delayed ACK, up to 40 ms
     * per call on Linux, which would measure the demo servers, not samlec (docs/performance.md). So it is set here,
     * before any server starts, unless given on the command line ({@code -Dsun.net.httpserver.nodelay=false} to
     * see the stall).
     */
    public static void main(String[] args) throws Exception {
        if (System.getProperty(HTTP_SERVER_NODELAY) == null) {
            System.setProperty(HTTP_SERVER_NODELAY, "true");
        }
        try {
            System.exit(run(args, System.out));
        } catch (BadOptionException e) {
            System.err.println("samlec-bench: " + e.getMessage() + "\n" + usage());
            System.exit(2);
        }
    }

    /** Runs one command, printing to {@code out}; returns the exit code. */
    public static int run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0) {
            out.println(usage());
            return 2;
        }
        if (List.of("help", "-h", "--help").contains(args[0]) || Arrays.asList(args).contains("--help")) {
            out.println(usage());
            return 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        Options options = Options.parse(rest);
        switch (args[0]) {
            case "jmh":
                return new JmhRatioRunner(options).run(out);
            case "interleaved":
                return InterleavedRatios.run(options, out);
            case "replay-memory":
                return ReplayCacheMemory.run(options, out);
            case "exchange-memory":
                return ExchangeMemory.run(options, out);
            case "ldap-load":
                return LdapBindLoad.run(options, out);
            case "http-load":
                return HttpEcpLoad.run(options, out);
            case "kafka-load":
                return KafkaConnectLoad.run(options, out);
            case "store-load":
                return StoreLoad.run(options, out);
            case "cold-start":
                return ColdStart.run(options, out);
            case "federation-load":
                return FederationLoad.run(options, out);
            default:
                out.println("unknown command '" + args[0] + "'\n" + usage());
                return 2;
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: java -jar bench/target/samlec-bench.jar COMMAND [--name value ...] [filter ...]",
                "  jmh            [--forks 1] [--warmups 10] [--iterations 5] [--seconds 3 | --millis 3000] [--threads 1]"
                        + " [regex ...]",
                "  interleaved    [--warmup 60] [--seconds 60] [--slice-millis 200] [operation ...]"
                        + " (rsa validator naive-opensaml paos-consume demo-validator response-step exchange)",
                "  replay-memory  [--entries 1000000]",
                "  exchange-memory [--exchanges 20000]",
                "  ldap-load      [--seconds 10] [--threads 1,4,16,50] [--idp-keep-alive on,off] [--idp-tls off]"
                        + " [--idp-directory in-process | ldap | in-process,ldap] [--idp-threads auto]"
                        + " [--idp-answer canonical | opensaml | canonical,opensaml]"
                        + " [--warmup settled:30 | --warmup 30]",
                "  http-load      [--seconds 10] [--threads 1,4,16] [--idp-keep-alive on,off] [--warmup 5 | settled]",
                "  kafka-load     [--seconds 10] [--threads 1,4,16] [--warmup 5 | settled]",
                "  store-load     [--seconds 10] [--threads 1,4,16] [--store memory,redis] [--warmup 5 | settled]",
                "  cold-start     [--runs 5] [--samlec-jar cli/target/samlec.jar] [--launcher bin/samlec]",
                "  federation-load [--idps 10000] [--runs 3]",
                "see docs/performance.md");
    }
}
