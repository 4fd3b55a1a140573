package dev.samlec.bench.load;

import dev.samlec.bench.Options;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.client.EcpHttpClient;
import dev.samlec.mech.client.HttpResult;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.metadata.IdpMetadata;
import dev.samlec.mech.metadata.MetadataLoader;
import dev.samlec.mech.service.InMemoryReplayCache;
import dev.samlec.mech.service.ReplayCache;
import dev.samlec.redis.RedisLoginStore;
import dev.samlec.redis.RedisSettings;
import dev.samlec.redis.testing.RedisServerProcess;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.sp.DemoServiceProvider;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logins per second with the login state in memory and on Redis, in the same run: the harness starts a
 * {@code redis-server} of its own on loopback (and stops it after), then for each store ({@code --store
 * memory,redis}) runs HTTP ECP logins through a demo service whose replay cache and request tracker live in that
 * store (one keep-alive {@link EcpHttpClient} per thread, as {@code http-load}'s {@code keep-alive} rows: GET, PAOS
 * challenge, IdP, ACS, redirect), and the store's own cost: {@link ReplayCache#record} of new keys back to back
 * (one Redis round trip each, against a map insertion).
 */
public final class StoreLoad {
    private StoreLoad() {
    }

    /** Runs the load ({@code --seconds}, {@code --threads}, {@code --warmup}, {@code --store}); returns 0. */
    public static int run(Options options, PrintStream out) throws Exception {
        double seconds = options.integer("seconds", 10);
        Warmup warmup = Warmup.fromOption(options, "5", 5);
        List<Integer> threadCounts = options.integers("threads", List.of(1, 4, 16));
        List<String> stores = List.of(options.text("store", "memory,redis").split(","));
        for (String store : stores) {
            if (!store.equals("memory") && !store.equals("redis")) {
                out.println("--store takes memory and/or redis, comma-separated, not " + store);
                return 2;
            }
        }
        try (RedisServerProcess redis = RedisServerProcess.startPlain();
                RedisLoginStore redisStore = new RedisLoginStore(RedisSettings.builder(redis.uri())
                        .keyPrefix("samlec:bench:").build(), Clock.systemUTC());
                DemoIdp idp = DemoIdp.start()) {
            IdpMetadata metadata = MetadataLoader.builder().build().load(idp.metadataUrl());
            out.printf("Logins/s by login state store (%d cores): redis-server %s on loopback, started by the harness;"
                    + " %.0f s per row%n", Runtime.getRuntime().availableProcessors(), redisVersion(), seconds);
            for (String store : stores) {
                DemoServiceProvider.Builder sp = DemoServiceProvider.builder().trust(metadata);
                if (store.equals("redis")) {
                    sp.replayCache(redisStore.replayCache()).requestTracker(redisStore.requestTracker(
                            Duration.ofMinutes(5)));
                }
                try (DemoServiceProvider service = sp.start()) {
                    idp.registerServiceProvider(service.entityId(), List.of(service.acsUrl()));
                    LoadRun.Operation login = login(idp, service.resourceUrl());
                    int warmThreads = Warmup.threadsFor(threadCounts);
                    out.println("warm-up login/" + store + ", N=" + warmThreads + ": "
                            + warmup.run(warmThreads, login).describe());
                    for (int threads : threadCounts) {
                        out.println(LoadRun.run(threads, seconds, login).line("login/" + store));
                    }
                }
            }
            for (String store : stores) {
                ReplayCache cache = store.equals("redis") ? redisStore.replayCache()
                        : new InMemoryReplayCache(Clock.systemUTC(), 16_000_000);
                LoadRun.Operation record = record(cache);
                LoadRun.run(4, Math.min(warmup.minSeconds(), 2), record); // a map or a Redis call: no JIT to wait for
                for (int threads : threadCounts) {
                    out.println(LoadRun.run(threads, Math.min(seconds, 5), record).line("record/" + store));
                }
            }
        }
        return 0;
    }

    private static LoadRun.Operation login(DemoIdp idp, URI resource) {
        ThreadLocal<EcpHttpClient> perThread = ThreadLocal.withInitial(() -> {
            try {
                IdpEndpoint endpoint = IdpEndpoint.builder(idp.entityId(), idp.ssoUrl()).allowInsecureHttp(true)
                        .build().withCredentials(IdpCredentials.basic("alice", "alicepw".toCharArray()));
                return EcpHttpClient.builder().idp(endpoint).allowInsecureHttp(true).build();
            } catch (EcpException e) {
                throw new IllegalStateException(e);
            }
        });
        return () -> {
            EcpHttpClient client = perThread.get();
            client.cookieStore().clear();
            HttpResult result = client.fetch(resource);
            if (result.status() != 200) {
                throw new IllegalStateException("the service answered HTTP " + result.status());
            }
        };
    }

    private static LoadRun.Operation record(ReplayCache cache) {
        AtomicLong next = new AtomicLong();
        return () -> {
            ReplayCache.Outcome outcome = cache.record("https://idp.example.org/idp!_" + next.incrementAndGet(),
                    Instant.now().plusSeconds(60));
            if (outcome != ReplayCache.Outcome.STORED) {
                throw new IllegalStateException("record: " + outcome);
            }
        };
    }

    private static String redisVersion() {
        try {
            Process p = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            int v = text.indexOf("v=");
            return v < 0 ? "?" : text.substring(v + 2, text.indexOf(' ', v));
        } catch (java.io.IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
