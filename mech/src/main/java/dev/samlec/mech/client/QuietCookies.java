package dev.samlec.mech.client;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hc.client5.http.RouteInfo;
import org.apache.hc.client5.http.cookie.Cookie;
import org.apache.hc.client5.http.cookie.CookieOrigin;
import org.apache.hc.client5.http.cookie.CookieSpec;
import org.apache.hc.client5.http.cookie.CookieStore;
import org.apache.hc.client5.http.cookie.MalformedCookieException;
import org.apache.hc.client5.http.impl.cookie.RFC6265CookieSpecFactory;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.psl.PublicSuffixMatcherLoader;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpResponseInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.URIAuthority;

/**
 * The SP session's cookie handling, in place of HttpClient's {@code RequestAddCookies}/{@code ResponseProcessCookies},
 * which log every cookie with its value ({@code org.apache.hc.client5.http.protocol}: matched cookies at DEBUG, a
 * rejected cookie at WARN, so even default levels can print an SP session cookie). Same rules (RFC 6265 strict, the
 * public suffix list, expired cookies evicted), no logging: a refused Set-Cookie is dropped silently.
 */
final class QuietCookies implements HttpRequestInterceptor, HttpResponseInterceptor {
    private final CookieStore store;
    private final Clock clock;
    private final RFC6265CookieSpecFactory specs = new RFC6265CookieSpecFactory(
            RFC6265CookieSpecFactory.CompatibilityLevel.STRICT, PublicSuffixMatcherLoader.getDefault());

    QuietCookies(CookieStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Adds the matching, unexpired cookies as Cookie headers; remembers the spec and origin for the answer. */
    @Override
    public void process(HttpRequest request, EntityDetails entity, HttpContext context) {
        HttpClientContext client = HttpClientContext.cast(context);
        RouteInfo route = client.getHttpRoute();
        if (route == null || request.containsHeader(HttpHeaders.COOKIE)) {
            return;
        }
        URIAuthority authority = request.getAuthority();
        String path = request.getPath() == null || request.getPath().isEmpty() ? "/" : request.getPath();
        String host = authority != null ? authority.getHostName() : route.getTargetHost().getHostName();
        int port = authority != null && authority.getPort() >= 0 ? authority.getPort()
                : route.getTargetHost().getPort();
        CookieOrigin origin = new CookieOrigin(host, port, path, route.isSecure());
        CookieSpec spec = specs.create(client);
        Instant now = clock.instant();
        List<Cookie> matched = new ArrayList<>();
        boolean expired = false;
        for (Cookie cookie : store.getCookies()) {
            if (cookie.isExpired(now)) {
                expired = true;
            } else if (spec.match(cookie, origin)) {
                matched.add(cookie);
            }
        }
        if (expired) {
            store.clearExpired(now);
        }
        if (!matched.isEmpty()) {
            spec.formatCookies(matched).forEach(request::addHeader);
        }
        client.setCookieSpec(spec);
        client.setCookieOrigin(origin);
    }

    /** Stores the answer's valid Set-Cookie cookies. */
    @Override
    public void process(HttpResponse response, EntityDetails entity, HttpContext context) {
        HttpClientContext client = HttpClientContext.cast(context);
        CookieSpec spec = client.getCookieSpec();
        CookieOrigin origin = client.getCookieOrigin();
        if (spec == null || origin == null) {
            return;
        }
        for (Iterator<Header> it = response.headerIterator(HttpHeaders.SET_COOKIE); it.hasNext();) {
            try {
                for (Cookie cookie : spec.parse(it.next(), origin)) {
                    try {
                        spec.validate(cookie, origin);
                        store.addCookie(cookie);
                    } catch (MalformedCookieException e) {
                        // refused by RFC 6265 (domain, path, secure): dropped, never logged with its value
                    }
                }
            } catch (MalformedCookieException e) {
                // an unreadable Set-Cookie header: dropped
            }
        }
    }
}
