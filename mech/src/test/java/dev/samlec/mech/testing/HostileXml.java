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

    /**
     * A SOAP 1.1 envelope declaring {@code count} prefixes and a Body element declaring {@code count} more (8,000 each
     * stays under the size cap): past the namespace limit; without it, taking the Body's element out of the envelope
     * (declaring on it the prefixes in scope) cost the JDK's DOM seconds for 31 ms of parsing.
     */
    public static byte[] namespaceFloodEnvelope(int count) {
        StringBuilder s = new StringBuilder("<S:Envelope xmlns:S=\"").append(SOAP).append('"');
        for (int i = 0; i < count; i++) {
            s.append(" xmlns:a").append(i).append("='u'");
        }
        s.append("><S:Body><samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"");
        for (int i = 0; i < count; i++) {
            s.append(" xmlns:b").append(i).append("='u'");
        }
        return s.append("/></S:Body></S:Envelope>").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@link #deepEnvelope(String)} without headers, as UTF-8. */
    public static byte[] deepEnvelope() {
        return deepEnvelope("").getBytes(StandardCharsets.UTF_8);
    }
}
