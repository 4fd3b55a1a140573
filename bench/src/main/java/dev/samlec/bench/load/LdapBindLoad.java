package dev.samlec.bench.load;

import dev.samlec.bench.Options;
import dev.samlec.examples.standalone.LdapServerSettings;
import dev.samlec.examples.standalone.SamlLdapServer;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslProvider;
import dev.samlec.testkit.DemoDirectory;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoTls;
import dev.samlec.testkit.TempFiles;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.Context;
import javax.naming.ldap.InitialLdapContext;

/**
 * LDAP binds per second through a real ApacheDS with samlec ({@code SamlLdapServer}, the standalone example) and the
 * demo IdP, all in this JVM: JNDI clients, a new connection for every bind, SAML20EC binds as alice and, on the same
 * server in the same run, SIMPLE binds of her entry's password, at each thread count for a fixed duration; prints
 * binds/s, p50/p99 latency and failures by error. A short warm-up of each kind runs first. The SAML20EC rows run
 * with the client's IdP call on kept-alive connections and without ({@code --idp-keep-alive on,off}), and with the
 * demo IdP checking the password over LDAP or in process ({@code --idp-directory ldap,in-process}, one IdP each on
 * one directory, {@code --idp-threads} handler threads: by default the cores in process, 16 over LDAP), and with
 * its answer written as canonical text or with OpenSAML ({@code --idp-answer canonical,opensaml}, one IdP each);
 * the demo IdP serves plain HTTP, or HTTPS with {@code --idp-tls on} (a demo CA the client pins).
 */
public final class LdapBindLoad {
    static final String SERVICE_ENTITY_ID = "https://ldap.example.org/samlec";
    static final String SERVICE_NAME = "ldap@127.0.0.1";
    static final String IDP_ENTITY_ID = "https://idp.example.org/idp";
    static final String PEOPLE_DN = "ou=people,dc=example,dc=org";
    private static final String PASSWORD = "alicepw";

    private LdapBindLoad() {
    }

    /** Runs the load ({@code --seconds}, {@code --threads}, {@code --warmup}); returns 0. */
    public static int run(Options options, PrintStream out) throws Exception {
        double seconds = options.integer("seconds", 10);
        // Until the JIT is quiet: on two cores its compiler threads compete with the load, and after a fixed 30 s the
        // N = 16 row still spent its whole length compiling, at 45 % more CPU per bind than four minutes later.
        Warmup warmup = Warmup.fromOption(options, "settled", 30);
        List<Integer> threadCounts = options.integers("threads", List.of(1, 4, 16, 50));
        List<DemoIdp.DirectoryAccess> directoryModes = IdpDirectoryModes.of(options);
        List<Boolean> answerModes = IdpAnswerModes.of(options);
        int cores = Runtime.getRuntime().availableProcessors();
        // a bad --idp-threads before any work (the builder checks the range)
        directoryModes.forEach(mode -> DemoIdp.builder().threads(IdpDirectoryModes.threads(options, mode, cores)));
        List<Boolean> modes = IdpKeepAliveModes.of(options);
        boolean tls = options.text("idp-tls", "off").equals("on");
        DemoTls material = tls ? DemoTls.generate() : null;
        Path dir = TempFiles.createDirectory("samlec-bench-ldap-");
        List<DemoIdp> idps = new ArrayList<>();
        try (DemoDirectory users = DemoDirectory.start()) {
            try {
                // one IdP per directory mode, all one entityID with the demo key: the service trusts each of them
                List<String> idpLabels = new ArrayList<>();
                for (DemoIdp.DirectoryAccess mode : directoryModes) {
                    for (boolean canonical : answerModes) {
                        DemoIdp.Builder settings = DemoIdp.builder().directory(users).directoryAccess(mode)
                                .threads(IdpDirectoryModes.threads(options, mode, cores)).entityId(IDP_ENTITY_ID);
                        if (!canonical) {
                            settings.openSamlAnswers();
                        }
                        DemoIdp idp = (tls ? settings.https(material.serverKeyStore(), DemoTls.password()) : settings)
                                .start();
                        idps.add(idp);
                        idpLabels.add(IdpDirectoryModes.label(mode) + (answerModes.size() > 1
                                ? " " + IdpAnswerModes.label(canonical) : ""));
                        idp.registerServiceProvider(SERVICE_ENTITY_ID, List.of(SERVICE_NAME));
                    }
                }
                SamlLdapServer server = SamlLdapServer.start(LdapServerSettings.read(writeFiles(dir, idps.get(0))));
                try {
                    String url = "ldap://127.0.0.1:" + server.port();
                    List<IdpEndpoint> endpoints = new ArrayList<>();
                    for (DemoIdp idp : idps) {
                        IdpEndpoint.Builder idpBuilder = IdpEndpoint.builder(idp.entityId(), idp.ssoUrl());
                        endpoints.add((tls ? idpBuilder.pinnedCertificates(List.of(material.caCertificate()))
                                : idpBuilder.allowInsecureHttp(true)).build());
                    }
                    out.printf("LDAP binds/s, ApacheDS + samlec + demo IdP (%s, %s) in one JVM (%d cores), new"
                            + " connection per bind, %.0f s per row%n", tls ? "https" : "http",
                            idpThreadsLabel(options, directoryModes, cores), cores, seconds);
                    measure(out, url, endpoints, idpLabels, modes, threadCounts, seconds, warmup);
                } finally {
                    server.close();
                }
            } finally {
                idps.forEach(DemoIdp::close); // before their directory
            }
        } finally {
            TempFiles.deleteRecursively(dir);
        }
        return 0;
    }

    /** The warm-ups, then each thread count's rows: SAML20EC for each IdP and keep-alive mode, then SIMPLE. */
    private static void measure(PrintStream out, String url, List<IdpEndpoint> endpoints,
            List<String> idpLabels, List<Boolean> modes, List<Integer> threadCounts,
            double seconds, Warmup warmup) throws Exception {
        LoadRun.Operation simple = () -> new InitialLdapContext(simpleEnvironment(url), null).close();
        int warmThreads = Warmup.threadsFor(threadCounts);
        // together, in turn: the rows alternate them, and each one's binds recompile code the others share
        List<LoadRun.Operation> all = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            for (boolean keepAlive : modes) {
                all.add(saml(url, endpoints.get(i), keepAlive));
                names.add("SAML20EC " + label(idpLabels.get(i), keepAlive));
            }
        }
        all.add(simple);
        names.add("SIMPLE");
        out.println("warm-up " + String.join(", ", names) + " in turn, N=" + warmThreads + ": "
                + warmup.runInTurn(warmThreads, all).describe());
        for (int round = 0; round < threadCounts.size(); round++) {
            int threads = threadCounts.get(round);
            for (int variant : rowOrder(endpoints.size() * modes.size(), round)) {
                int i = variant / modes.size();
                boolean keepAlive = modes.get(variant % modes.size());
                LoadRun.Figures row = LoadRun.run(threads, seconds, saml(url, endpoints.get(i), keepAlive));
                out.println(row.line("SAML20EC " + label(idpLabels.get(i), keepAlive)));
                out.println(row.threadLine());
            }
            out.println(LoadRun.run(threads, seconds, simple).line("SIMPLE"));
        }
    }

    /**
     * The order of a thread count's SAML20EC rows: as given in even rounds (the first thread count, the third...),
     * reversed in odd ones. Of two rows in a row the second came out 2-10 % faster whichever it was
     * (docs/performance.md), so {@code --threads 16,16} compares A, B then B, A. Only a repeated thread count is
     * balanced: in {@code 1,4,16,50} each count still runs in one order (N = 4 and 50 in reverse).
     */
    static List<Integer> rowOrder(int variants, int round) {
        List<Integer> order = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            order.add(round % 2 == 0 ? v : variants - 1 - v);
        }
        return order;
    }

    /** E.g. {@code dir=in-process 2 threads, dir=ldap 16 threads}. */
    private static String idpThreadsLabel(Options options, List<DemoIdp.DirectoryAccess> modes, int cores) {
        List<String> parts = new ArrayList<>();
        for (DemoIdp.DirectoryAccess mode : modes) {
            parts.add(IdpDirectoryModes.label(mode) + " " + IdpDirectoryModes.threads(options, mode, cores)
                    + " threads");
        }
        return String.join(", ", parts);
    }

    /** The row label: the IdP's (directory mode, answer mode if several), then the keep-alive mode. */
    private static String label(String idp, boolean keepAlive) {
        return idp + " " + IdpKeepAliveModes.label(keepAlive);
    }

    /**
     * A SAML20EC bind as alice, as {@code JndiSaml20EcBind.bind} makes it, with the IdP call on kept-alive
     * connections or not ({@code dev.samlec.sasl.idpKeepAlive}; JNDI hands its environment to the SASL client).
     */
    private static LoadRun.Operation saml(String url, IdpEndpoint idp, boolean keepAlive) {
        SamlecSaslProvider.install();
        return () -> {
            Hashtable<String, Object> env = new Hashtable<>();
            env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
            env.put(Context.PROVIDER_URL, url);
            env.put("com.sun.jndi.ldap.connect.timeout", "10000");
            env.put("com.sun.jndi.ldap.read.timeout", "30000");
            env.put(Context.SECURITY_AUTHENTICATION, "SAML20EC");
            env.put(SamlecSasl.IDPS, List.of(idp));
            env.put(SamlecSasl.IDP_KEEP_ALIVE, String.valueOf(keepAlive));
            env.put(Context.SECURITY_PRINCIPAL, "alice");
            env.put(Context.SECURITY_CREDENTIALS, PASSWORD.toCharArray());
            new InitialLdapContext(env, null).close();
        };
    }

    private static Hashtable<String, Object> simpleEnvironment(String url) {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url);
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, "uid=alice," + PEOPLE_DN);
        env.put(Context.SECURITY_CREDENTIALS, PASSWORD);
        env.put("com.sun.jndi.ldap.connect.timeout", "10000");
        env.put("com.sun.jndi.ldap.read.timeout", "30000");
        return env;
    }

    /** The IdP's metadata, the users (alice with a password too, for SIMPLE binds) and the server's properties. */
    private static Path writeFiles(Path dir, DemoIdp idp) throws Exception {
        Files.write(dir.resolve("idp-metadata.xml"), idp.metadata());
        Files.writeString(dir.resolve("people.ldif"), String.join("\n",
                "version: 1", "",
                "dn: dc=example,dc=org", "objectClass: top", "objectClass: domain", "dc: example", "",
                "dn: " + PEOPLE_DN, "objectClass: top", "objectClass: organizationalUnit", "ou: people", "",
                "dn: uid=alice," + PEOPLE_DN, "objectClass: top", "objectClass: person",
                "objectClass: organizationalPerson", "objectClass: inetOrgPerson", "uid: alice",
                "cn: Alice Example", "sn: Example", "userPassword: " + PASSWORD, ""), StandardCharsets.UTF_8);
        return Files.writeString(dir.resolve("server.properties"), String.join("\n",
                "suffix=dc=example,dc=org", "ldif=people.ldif", "peopleDn=" + PEOPLE_DN, "host=127.0.0.1",
                "port=0", "serviceEntityId=" + SERVICE_ENTITY_ID, "serviceName=" + SERVICE_NAME,
                "idpMetadata=idp-metadata.xml", "workDirectory=work", ""), StandardCharsets.UTF_8);
    }
}
