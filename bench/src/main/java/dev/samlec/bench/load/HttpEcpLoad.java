package dev.samlec.bench.load;

import dev.samlec.bench.Options;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.client.EcpHttpClient;
import dev.samlec.mech.client.HttpResult;
import dev.samlec.mech.client.IdpConnections;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.metadata.MetadataLoader;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.sp.DemoServiceProvider;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP ECP logins per second through the demo service ({@code DemoServiceProvider}) and the demo IdP in this JVM,
 * with samlec's {@link EcpHttpClient} as alice: each login is GET resource, PAOS challenge, IdP call, POST to the
 * ACS, redirect, resource. Two client set-ups: a new client per login (new connections to the service and the IdP
 * every time), and one client per thread whose service cookies are cleared before each login, so that its pooled
 * keep-alive connections to the service and the IdP are reused. The new-client rows run with the IdP calls on the
 * process's shared kept-alive IdP connections ({@code IdpConnections}) and without ({@code --idp-keep-alive on,off}).
 */
public final class HttpEcpLoad {
    private HttpEcpLoad() {
    }

    /** Runs the load ({@code --seconds}, {@code --threads}, {@code --warmup}); returns 0. */
    public static int run(Options options, PrintStream out) throws Exception {
        double seconds = options.integer("seconds", 10);
        Warmup warmup = Warmup.fromOption(options, "5", 5);
        List<Integer> threadCounts = options.integers("threads", List.of(1, 4, 16));
        try (DemoIdp idp = DemoIdp.start();
                DemoServiceProvider sp = DemoServiceProvider.builder()
                        .trust(MetadataLoader.builder().build().load(idp.metadataUrl())).start()) {
            idp.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
            URI resource = sp.resourceUrl();
            List<Boolean> modes = IdpKeepAliveModes.of(options);
            ThreadLocal<EcpHttpClient> perThread = ThreadLocal.withInitial(() -> {
                try {
                    return client(idp, false);
                } catch (EcpException e) {
                    throw new IllegalStateException(e);
                }
            });
            LoadRun.Operation reused = () -> {
                EcpHttpClient client = perThread.get();
                client.cookieStore().clear();
                expectResource(client.fetch(resource));
            };
            out.printf("HTTP ECP logins/s, demo service + demo IdP in one JVM (%d cores), %.0f s per row%n",
                    Runtime.getRuntime().availableProcessors(), seconds);
            int warmThreads = Warmup.threadsFor(threadCounts);
            List<LoadRun.Operation> all = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (boolean keepAlive : modes) {
                all.add(fresh(idp, resource, keepAlive));
                names.add("new-client " + IdpKeepAliveModes.label(keepAlive));
            }
            all.add(reused);
            names.add("keep-alive");
            out.println("warm-up " + String.join(", ", names) + " in turn, N=" + warmThreads + ": "
                    + warmup.runInTurn(warmThreads, all).describe());
            for (int threads : threadCounts) {
                for (boolean keepAlive : modes) {
                    out.println(LoadRun.run(threads, seconds, fresh(idp, resource, keepAlive))
                            .line("new-client " + IdpKeepAliveModes.label(keepAlive)));
                }
                out.println(LoadRun.run(threads, seconds, reused).line("keep-alive"));
            }
        }
        return 0;
    }

    /** A new client per login; its IdP calls on the shared kept-alive connections when {@code idpKeepAlive}. */
    private static LoadRun.Operation fresh(DemoIdp idp, URI resource, boolean idpKeepAlive) {
        return () -> {
            try (EcpHttpClient client = client(idp, idpKeepAlive)) {
                expectResource(client.fetch(resource));
            }
        };
    }

    private static EcpHttpClient client(DemoIdp idp, boolean idpKeepAlive) throws EcpException {
        IdpEndpoint endpoint = IdpEndpoint.builder(idp.entityId(), idp.ssoUrl()).allowInsecureHttp(true).build()
                .withCredentials(IdpCredentials.basic("alice", "alicepw".toCharArray()));
        EcpHttpClient.Builder builder = EcpHttpClient.builder().idp(endpoint).allowInsecureHttp(true);
        if (idpKeepAlive) {
            builder.idpConnections(IdpConnections.shared());
        }
        return builder.build();
    }

    private static void expectResource(HttpResult result) {
        if (result.status() != 200) {
            throw new IllegalStateException("the service answered HTTP " + result.status());
        }
    }
}
