package dev.samlec.testkit;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.Pem;
import dev.samlec.mech.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The demo IdP's signing key, shipped in the testkit jar. It is PUBLIC (see DEMO-KEY-README.txt): anything it
 * signs proves nothing outside demos and tests.
 */
public final class DemoKeys {
    private DemoKeys() {
    }

    /** The public demo IdP signing key (RSA 2048) and its self-signed certificate. */
    public static SigningKey idpSigningKey() {
        try {
            return new SigningKey(Pem.parsePrivateKey(resource("demo-idp-signing.key"), "demo-idp-signing.key"),
                    Pem.parseCertificates(resource("demo-idp-signing.crt"), "demo-idp-signing.crt").get(0));
        } catch (EcpConfigurationException e) {
            throw new IllegalStateException("the demo signing key in the testkit jar is unreadable", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = DemoKeys.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the testkit jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
