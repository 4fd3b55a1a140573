package dev.samlec.mech.client;

import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.message.Samples;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A PAOS-protected resource in the manner of Shibboleth SP: {@code /resource} answers a PAOS challenge until the
 * session cookie is presented, {@code /acs} takes the PAOS response, sets the cookie and redirects back.
 * The challenge and the ACS reply can be replaced per test.
 */
final class StubSp implements AutoCloseable {
    static final String CONTENT = "PROTECTED CONTENT";
    static final String COOKIE = "sp_session";

    final StubServer server;
    final Set<String> sessions = ConcurrentHashMap.newKeySet();
    volatile Function<StubSp, String> challenge = StubSp::shibbolethChallenge;
    volatile StubServer.Handler acsHandler = this::acceptLogin;

    StubSp() throws IOException {
        server = StubServer.http();
        server.on("/resource", this::resource);
        server.on("/acs", r -> acsHandler.handle(r));
        server.on("/public", r -> StubServer.Reply.of(200, "text/html", "<html><body>public</body></html>"));
    }

    String acs() {
        return server.uri("/acs").toString();
    }

    URI resource() {
        return server.uri("/resource");
    }

    /** The real Shibboleth challenge (RelayState, IDPList naming the sample IdP), pointed at this stub's ACS. */
    String shibbolethChallenge() {
        return Samples.text(Samples.SP_REQUEST).replace(Samples.SP_ACS, acs());
    }

    private StubServer.Reply resource(StubServer.Request request) {
        String cookie = request.header("Cookie");
        if (cookie != null && sessions.stream().anyMatch(s -> cookie.contains(COOKIE + "=" + s))) {
            return StubServer.Reply.of(200, "text/plain", CONTENT);
        }
        return StubServer.Reply.of(200, Fixtures.PAOS, challenge.apply(this));
    }

    /** Accepts any PAOS response carrying a samlp:Response: session cookie, then 302 to the resource. */
    StubServer.Reply acceptLogin(StubServer.Request request) throws Exception {
        PaosResponse answer = PaosResponse.parse(request.body(), Samples.parser());
        if (answer.response().isEmpty()) {
            return StubServer.Reply.of(200, "text/plain", "fault noted");
        }
        String session = UUID.randomUUID().toString();
        sessions.add(session);
        return StubServer.Reply.redirect(302, "/resource")
                .with("Set-Cookie", COOKIE + "=" + session + "; Path=/; HttpOnly");
    }

    @Override
    public void close() {
        server.close();
    }
}
