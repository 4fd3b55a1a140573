package dev.samlec.mech.client;

import java.io.IOException;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * HttpClient's request executor, noting in the call's context how many answers and bytes its connection had
 * received before the request was sent: a failure with nothing received since, on a connection that had answered
 * before, is the keep-alive race ({@link KeptAliveConnectionClosed}); a byte of an answer (a partial status line, a
 * {@code 1xx}) means the server was processing the request.
 */
final class ConnectionCountsExecutor extends HttpRequestExecutor {
    /** The connection's answers before this request ({@code Long}). */
    static final String ANSWERS_BEFORE = "dev.samlec.answers-before";
    /** The connection's received bytes before this request ({@code Long}). */
    static final String BYTES_BEFORE = "dev.samlec.bytes-before";

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, HttpClientConnection connection,
            HttpResponseInformationCallback informationCallback, HttpContext context)
            throws IOException, HttpException {
        EndpointDetails details = connection.getEndpointDetails();
        if (details != null) {
            context.setAttribute(ANSWERS_BEFORE, details.getResponseCount());
            context.setAttribute(BYTES_BEFORE, details.getReceivedBytesCount());
        }
        return super.execute(request, connection, informationCallback, context);
    }

    /** Whether the connection of the call in {@code context} had answered before and has received nothing since. */
    static boolean answeredBeforeAndNothingSince(HttpContext context, EndpointDetails now) {
        Object answers = context.getAttribute(ANSWERS_BEFORE);
        Object bytes = context.getAttribute(BYTES_BEFORE);
        return now != null && answers instanceof Long a && a > 0 && bytes instanceof Long b
                && now.getReceivedBytesCount() == b;
    }
}
