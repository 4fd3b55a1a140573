package dev.samlec.mech.internal.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Host name lookups bounded by the calling thread's {@link CallDeadline}. {@code InetAddress} cannot be interrupted
 * and a host name can come from a peer (an SP's responseConsumerURL, a redirect), whose name server may never
 * answer; so the lookup runs on a daemon thread and the caller waits only for what is left of its deadline, then
 * fails as the deadline does. The abandoned lookup ends when the system resolver gives up.
 */
final class DeadlineDnsResolver implements DnsResolver {
    /** The resolver of every samlec connection manager. */
    static final DeadlineDnsResolver INSTANCE = new DeadlineDnsResolver(SystemDefaultDnsResolver.INSTANCE);

    private static final ExecutorService LOOKUPS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "samlec-dns-lookup");
        thread.setDaemon(true);
        return thread;
    });

    private final DnsResolver lookup;

    DeadlineDnsResolver(DnsResolver lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        CallDeadline deadline = CallDeadline.onThisThread();
        if (deadline == null) {
            return lookup.resolve(host);
        }
        Future<InetAddress[]> answer = LOOKUPS.submit(() -> lookup.resolve(host));
        try {
            return answer.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            deadline.awaitExpiry();
            throw new UnknownHostException(host + ": the name lookup did not finish within the call timeout of "
                    + deadline.limit().toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            UnknownHostException failure = new UnknownHostException(host + ": " + e.getCause());
            failure.initCause(e.getCause());
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownHostException(host + ": interrupted during the name lookup");
        }
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return lookup.resolveCanonicalHostname(host);
    }
}
