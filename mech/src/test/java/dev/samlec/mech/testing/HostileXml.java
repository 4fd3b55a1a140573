package dev.samlec.mech.testing;

import java.nio.charset.StandardCharsets;

/** Hostile XML shared by the tests of every entry point (issue 10, part 1). */
public final class HostileXml {
    /** Nesting that exhausts a small thread stack without the depth limit, yet stays far under the size cap. */
    public static final int DEEP = 5000;
    private static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";

    private HostileXml() {
    }

    /** {@code depth} nested elements, as text. */
    public static String nested(int depth) {
        return "<a>".repeat(depth) + "</a>".repeat(depth);
    }

    /** A SOAP 1.1 envelope whose Body holds {@link #DEEP} nested elements, after {@code headers} (may be empty). */
    public static String deepEnvelope(String headers) {
        return "<S:Envelope xmlns:S=\"" + SOAP + "\"><S:Header>" + headers + "</S:Header><S:Body>" + nested(DEEP)
                + "</S:Body></S:Envelope>";
    }

    /** {@link #deepEnvelope(String)} without headers, as UTF-8. */
    public static byte[] deepEnvelope() {
        return deepEnvelope("").getBytes(StandardCharsets.UTF_8);
    }
}
