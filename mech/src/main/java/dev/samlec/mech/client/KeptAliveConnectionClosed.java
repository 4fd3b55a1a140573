package dev.samlec.mech.client;

import java.io.IOException;

/**
 * The server closed a kept-alive connection before answering the request sent on it: the connection had answered
 * earlier requests, and for this one no byte of an answer came back (no status line; the write or the first read
 * failed). This is the keep-alive race: a server (or load balancer) closes an idle connection just as the client
 * sends on it, so the request was not processed. {@link IdpRetry} resends such a request on a new connection, as
 * browsers do; the cause is the transport's own exception, whose message is reported.
 */
final class KeptAliveConnectionClosed extends IOException {
    private static final long serialVersionUID = 1L;

    KeptAliveConnectionClosed(IOException cause) {
        super("the server closed a kept-alive connection before answering: " + cause.getMessage(), cause);
    }
}
