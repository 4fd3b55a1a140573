package dev.samlec.mech.message;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.api.Assertions;

/**
 * The real exchange captured between a Shibboleth SP and Keycloak (see /work/shared/peers/README.md), as test
 * fixtures, and small assertion helpers.
 */
public final class Samples {
    /** The SP's PAOS request (Shibboleth: no messageID, RelayState ss:mem:..., an IDPList). */
    public static final String SP_REQUEST = "kc-shib.sp.xml";
    /** What the curl client sent to Keycloak. */
    public static final String IDP_REQUEST = "kc-shib.idp-req.xml";
    /** Keycloak's signed answer (saml/samlp declared on the Envelope). */
    public static final String IDP_RESPONSE = "kc-shib.idp-resp.xml";
    /** What the curl client posted to the SP. */
    public static final String SP_RESPONSE = "kc-shib.sp-resp.xml";
    /** Keycloak's wrong-password answer: HTTP 200, no ecp:Response, Responder/NoPassive. */
    public static final String WRONG_PASSWORD = "kc.wrong-password.idp-resp.xml";

    public static final String SP_ACS = "http://127.0.0.1:8081/Shibboleth.sso/SAML2/ECP";
    public static final String SP_ENTITY_ID = "http://127.0.0.1:8081/shibboleth";
    public static final String IDP_ENTITY_ID = "http://127.0.0.1:8080/realms/ecp";
    public static final String RELAY_STATE = "ss:mem:0c40a720ddfe6043597a6b8d76685568c8b92c4cce92bebee2c83f8c7527c81b";
    public static final String REQUEST_ID = "_d4faa06ec25af0b48b03adbb25a7332a";

    private Samples() {
    }

    public static SecureXmlParser parser() {
        return SecureXmlParser.withDefaultLimit();
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/dev/samlec/mech/message/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8).strip();
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Keycloak's realm signing certificate, as embedded in its signed response. */
    public static X509Certificate keycloakCertificate() {
        Matcher m = Pattern.compile("<dsig:X509Certificate>([^<]+)</dsig:X509Certificate>")
                .matcher(text(IDP_RESPONSE));
        if (!m.find()) {
            throw new IllegalStateException("no certificate in the sample");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getMimeDecoder().decode(m.group(1))));
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts that the call fails with an EcpException carrying {@code error}. */
    public static void assertError(EcpError error, ThrowingCallable call) {
        Assertions.assertThatThrownBy(call).isInstanceOf(EcpException.class)
                .satisfies(e -> Assertions.assertThat(((EcpException) e).error())
                        .as("error code of: %s", e.getMessage()).isEqualTo(error));
    }
}
