package dev.samlec.sasl.internal;

import dev.samlec.mech.EcpException;

/**
 * The saslname encoding of RFC 5801 section 4: {@code ","} is written {@code =2C} and {@code "="} is written
 * {@code =3D}; any other {@code "="} and NUL are errors.
 */
final class SaslName {
    private SaslName() {
    }

    static String encode(String value) {
        return value.replace("=", "=3D").replace(",", "=2C");
    }

    static String decode(String value) throws EcpException {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                throw InitialResponse.malformed("the authzid contains NUL");
            }
            if (c != '=') {
                out.append(c);
                continue;
            }
            if (value.startsWith("=2C", i)) {
                out.append(',');
            } else if (value.startsWith("=3D", i)) {
                out.append('=');
            } else {
                throw InitialResponse.malformed("the authzid has '=' not followed by 2C or 3D: '"
                        + InitialResponse.printable(value) + "'");
            }
            i += 2;
        }
        return out.toString();
    }
}
