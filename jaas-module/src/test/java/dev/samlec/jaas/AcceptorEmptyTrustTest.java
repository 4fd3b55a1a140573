package dev.samlec.jaas;

import static dev.samlec.jaas.DemoSetup.module;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.testing.TestCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SolarWinds CVE-2026-28323 at the JAAS acceptor: when the configured IdP trust turns out to hold no signing
 * certificate (an empty or key-only PEM file, metadata without a signing key), {@code login()} fails at start-up with
 * the option's name; no acceptor, and so no SASL server, is ever built on empty trust.
 */
class AcceptorEmptyTrustTest {
    private static final String IDP = "https://idp.example.org/idp";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "PEM file: {0}")
    @ValueSource(strings = {"empty", "whitespace", "private key only", "empty certificate block"})
    void loginWhenSigningCertificateFileHoldsNoCertificateThenLoginExceptionNamingOption(String content)
            throws IOException {
        String pem = switch (content) {
            case "empty" -> "";
            case "whitespace" -> "\n \n";
            case "private key only" -> TestCredentials.read("idp.key");
            default -> "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
        };
        Map<String, Object> options = serviceOptions();
        options.put("idpEntityId", IDP);
        options.put("idpSigningCertificate", write("idp.crt", pem));

        assertThatThrownBy(() -> module(new Subject(), null, options).login()).isInstanceOf(LoginException.class)
                .isNotInstanceOf(FailedLoginException.class)
                .hasMessageStartingWith("invalid_configuration: option idpSigningCertificate: ");
    }

    @ParameterizedTest(name = "metadata keys: {0}")
    @ValueSource(strings = {"none", "encryption only", "signing without certificate"})
    void loginWhenMetadataHasNoSigningKeyThenLoginExceptionNamingOption(String keys) throws Exception {
        String descriptors = switch (keys) {
            case "none" -> "";
            case "encryption only" -> keyDescriptor("encryption");
            default -> "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:KeyName>idp</ds:KeyName></ds:KeyInfo>"
                    + "</md:KeyDescriptor>";
        };
        Map<String, Object> options = serviceOptions();
        options.put("idpMetadata", write("idp-metadata.xml", metadata(descriptors)));

        assertThatThrownBy(() -> module(new Subject(), null, options).login()).isInstanceOf(LoginException.class)
                .isNotInstanceOf(FailedLoginException.class)
                .hasMessageStartingWith("metadata_invalid: option idpMetadata: ")
                .hasMessageContaining("no signing key");
    }

    private static Map<String, Object> serviceOptions() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("isInitiator", "false");
        options.put("serviceEntityId", DemoSetup.SERVICE_ENTITY_ID);
        options.put("serviceName", DemoSetup.SERVICE_NAME);
        return options;
    }

    private String write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.US_ASCII).toString();
    }

    private static String metadata(String keyDescriptors) {
        return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" xmlns:ds="
                + "\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" + IDP + "\"><md:IDPSSODescriptor "
                + "protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">" + keyDescriptors
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:SOAP\" Location="
                + "\"https://idp.example.org/idp/profile/SAML2/SOAP/ECP\"/></md:IDPSSODescriptor>"
                + "</md:EntityDescriptor>";
    }

    private static String keyDescriptor(String use) throws CertificateEncodingException {
        return "<md:KeyDescriptor use=\"" + use + "\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>"
                + Base64.getEncoder().encodeToString(TestCredentials.idp().certificate().getEncoded())
                + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>";
    }
}
