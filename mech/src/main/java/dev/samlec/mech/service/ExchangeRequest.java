package dev.samlec.mech.service;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one AuthnRequest of one exchange, held by that exchange (a SAML20EC {@code SaslServer}) instead of the
 * service's shared {@link RequestTracker}: its ID, until when a Response may answer it, and whether one already has.
 * {@link ValidationContext#expect(ExchangeRequest)} binds a validation to it.
 *
 * <p>Why: a shared tracker is bounded, so a flood of unauthenticated exchanges (each a few bytes from the client)
 * pushes out the request of a user's login in progress. A request held by its own exchange is forgotten only with
 * that exchange; no other exchange can make it unknown. It stays single-use ({@link #consume} succeeds once) and
 * bound: a Response for another exchange's request is refused, because its InResponseTo is another ID. Thread-safe.
 */
public final class ExchangeRequest {
    private final String id;
    private final Instant expiresAt;
    private final AtomicBoolean answered = new AtomicBoolean();

    private ExchangeRequest(String id, Instant expiresAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * The request of {@code issued} (issue it with {@link SamlServiceProvider#issueForExchange}, so that it takes no
     * slot in the shared tracker); only the ID and the expiry are kept, not the XML.
     */
    public static ExchangeRequest of(IssuedAuthnRequest issued) {
        Objects.requireNonNull(issued, "issued");
        return new ExchangeRequest(issued.id(), issued.expiresAt());
    }

    /** The request ID; the Response must answer it in InResponseTo. */
    public String id() {
        return id;
    }

    /** Until when a Response to this request is accepted. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** True exactly once, if {@code now} is before {@link #expiresAt()}; false afterwards, and once expired. */
    public boolean consume(Instant now) {
        Objects.requireNonNull(now, "now");
        return now.isBefore(expiresAt) && answered.compareAndSet(false, true);
    }

    @Override
    public String toString() {
        return "ExchangeRequest[" + id + ", until " + expiresAt + (answered.get() ? ", answered" : "") + "]";
    }
}
