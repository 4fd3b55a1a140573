package dev.samlec.cli;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.internal.xml.XmlWriter;
import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.message.SamlResponseBody;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.w3c.dom.Document;

/**
 * Files for {@code samlec verify} tests: metadata for the mech test IdP, Responses from mech's
 * {@link TestSamlObjects}, SOAP-wrapped and tampered variants, and the argument list of a baseline call.
 */
final class VerifyFixtures {
    static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String NOW = TestSamlObjects.NOW.toString();

    private VerifyFixtures() {
    }

    /** Writes metadata for {@link TestSamlObjects#IDP} with the test IdP's RSA and EC certificates. */
    static Path idpMetadata(Path dir) throws IOException {
        return write(dir, "idp-metadata.xml", idpMetadataXml("").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The metadata of {@link #idpMetadata}, with {@code entityAttributes} (such as {@code validUntil="..."}, with a
     * leading space) on the EntityDescriptor; no XML declaration, so it can be placed inside an aggregate.
     */
    static String idpMetadataXml(String entityAttributes) {
        return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
                + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" + TestSamlObjects.IDP + "\""
                + entityAttributes + ">"
                + "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + keyDescriptor(TestCredentials.idp().certificate())
                + keyDescriptor(TestCredentials.idpEc().certificate())
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:SOAP\""
                + " Location=\"https://idp.example.org/idp/profile/SAML2/SOAP/ECP\"/>"
                + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    }

    private static String keyDescriptor(X509Certificate certificate) {
        try {
            return "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>"
                    + Base64.getEncoder().encodeToString(certificate.getEncoded())
                    + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The baseline options (metadata, SP, ACS, --now at the baseline's issue time) followed by {@code more}. */
    static List<String> args(Path metadata, String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "--idp-metadata", metadata.toString(),
                "--sp-entity-id", TestSamlObjects.SP, "--acs", TestSamlObjects.ACS, "--now", NOW));
        args.addAll(List.of(more));
        return args;
    }

    static Path write(Path dir, String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    static Path write(Path dir, String name, String content) throws IOException {
        return write(dir, name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The Response with its NameID changed after signing. */
    static byte[] tamperedNameId(Document signed) {
        signed.getElementsByTagNameNS(SAML, "NameID").item(0).setTextContent("mallory");
        return XmlWriter.toBytes(signed);
    }

    /** The Response inside the envelope an IdP sends an ECP client (with an ecp:Response header block). */
    static byte[] inIdpEnvelope(byte[] response) throws EcpException {
        SamlResponseBody body = SamlResponseBody.parse(response, SecureXmlParser.withDefaultLimit());
        return IdpResponse.builder().assertionConsumerServiceUrl(TestSamlObjects.ACS).response(body).build()
                .toBytes();
    }

    /** A resource of this package's test resources. */
    static byte[] resource(String name) {
        try (InputStream in = VerifyFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
