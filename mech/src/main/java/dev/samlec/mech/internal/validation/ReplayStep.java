package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.service.ReplayCache;
import java.time.Duration;
import java.util.Objects;

/**
 * Step 11, always last: records {@code issuer!assertionID} in the {@link ReplayCache} until the assertion's latest
 * NotOnOrAfter plus skew plus {@link #MARGIN}; an assertion seen before is {@link EcpError#REPLAYED_ASSERTION}, a
 * full cache (which fails closed) {@link EcpError#REPLAY_CACHE_FULL}. Because it runs last, a Response that fails any other check leaves no entry.
 */
public final class ReplayStep implements ValidationStep {
    /**
     * Kept beyond the accept window (latest NotOnOrAfter + skew): the validator judges time once, when validation
     * starts, and the cache (or another node, or Redis) judges liveness later on its own clock; without a margin a
     * replay sent just before the window closes could find the first entry already expired.
     */
    public static final Duration MARGIN = Duration.ofSeconds(60);

    private final ReplayCache cache;
    private final Duration skew;

    /** The step recording into {@code cache}, keeping entries {@code skew} beyond expiry. */
    public ReplayStep(ReplayCache cache, Duration skew) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.skew = Objects.requireNonNull(skew, "skew");
    }

    @Override
    public void apply(ValidationState state) throws EcpException {
        String key = state.issuer() + "!" + state.assertion().getID();
        ReplayCache.Outcome outcome = cache.record(key, IdentityStep.latestExpiry(state).plus(skew).plus(MARGIN));
        if (outcome == ReplayCache.Outcome.FULL) {
            throw Values.fail(EcpError.REPLAY_CACHE_FULL, "the replay cache is full of unexpired assertions, so this"
                    + " one cannot be remembered and is refused; raise the cache's bound (JAAS acceptor option"
                    + " replayCacheSize) above the logins expected per assertion lifetime");
        }
        if (outcome == ReplayCache.Outcome.UNAVAILABLE) {
            throw Values.fail(EcpError.STATE_STORE_UNAVAILABLE, "the shared replay cache could not be asked in time,"
                    + " so this assertion cannot be checked for replay and is refused; the store's log line names the"
                    + " cause");
        }
        if (outcome != ReplayCache.Outcome.STORED) {
            throw Values.fail(EcpError.REPLAYED_ASSERTION, "Assertion ID " + Values.quote(state.assertion().getID())
                    + " from " + Values.quote(state.issuer()) + " was already accepted once");
        }
    }
}
