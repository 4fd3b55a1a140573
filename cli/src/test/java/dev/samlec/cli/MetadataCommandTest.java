package dev.samlec.cli;

import static dev.samlec.cli.VerifyFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.testing.TestCredentials;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code samlec metadata}: the SP metadata document, read back with a plain DOM parser. */
class MetadataCommandTest {
    private static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";
    private static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    private static final String PAOS = "urn:oasis:names:tc:SAML:2.0:bindings:PAOS";
    private static final String SP = "https://sp.example.com/samlec";
    private static final String ACS = "https://sp.example.com/ecp/acs";

    @TempDir
    Path dir;

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static Element only(Document doc, String namespace, String name) {
        NodeList list = doc.getElementsByTagNameNS(namespace, name);
        assertThat(list.getLength()).as(name).isEqualTo(1);
        return (Element) list.item(0);
    }

    @Test
    void metadataWhenEntityIdAndAcsThenSpDescriptorWithPaosAcsOnStdout() throws Exception {
        Cli.Result result = Cli.run("metadata", "--entity-id", SP, "--acs", ACS);

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        Document doc = parse(result.out().getBytes(StandardCharsets.UTF_8));
        Element root = doc.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(MD);
        assertThat(root.getLocalName()).isEqualTo("EntityDescriptor");
        assertThat(root.getAttribute("entityID")).isEqualTo(SP);
        Element sp = only(doc, MD, "SPSSODescriptor");
        assertThat(sp.getAttribute("WantAssertionsSigned")).isEqualTo("true");
        assertThat(sp.getAttribute("AuthnRequestsSigned")).isEqualTo("false");
        Element acs = only(doc, MD, "AssertionConsumerService");
        assertThat(acs.getAttribute("Binding")).isEqualTo(PAOS);
        assertThat(acs.getAttribute("Location")).isEqualTo(ACS);
        assertThat(doc.getElementsByTagNameNS(MD, "KeyDescriptor").getLength()).isZero();
    }

    @Test
    void metadataWhenCertificatesGivenThenSigningAndEncryptionKeyDescriptors() throws Exception {
        Path signing = write(dir, "signing.crt", TestCredentials.read("sp-signing.crt"));
        Path encryption = write(dir, "encryption.crt", TestCredentials.read("sp-encryption.crt"));

        Cli.Result result = Cli.run("metadata", "--entity-id", SP, "--acs", ACS, "--signing-cert",
                signing.toString(), "--encryption-cert", encryption.toString());

        assertThat(result.exitCode()).isZero();
        Document doc = parse(result.out().getBytes(StandardCharsets.UTF_8));
        assertThat(only(doc, MD, "SPSSODescriptor").getAttribute("AuthnRequestsSigned")).isEqualTo("true");
        NodeList keys = doc.getElementsByTagNameNS(MD, "KeyDescriptor");
        assertThat(keys.getLength()).isEqualTo(2);
        assertThat(((Element) keys.item(0)).getAttribute("use")).isEqualTo("signing");
        assertThat(((Element) keys.item(1)).getAttribute("use")).isEqualTo("encryption");
        String firstCert = doc.getElementsByTagNameNS(DS, "X509Certificate").item(0).getTextContent()
                .replaceAll("\\s", "");
        assertThat(Base64.getDecoder().decode(firstCert))
                .isEqualTo(TestCredentials.spSigning().certificate().getEncoded());
    }

    @Test
    void metadataWhenOutputFileThenWrittenThereAndStdoutEmpty() throws Exception {
        Path file = dir.resolve("sp-metadata.xml");

        Cli.Result result = Cli.run("metadata", "--entity-id", SP, "--acs", ACS, "-o", file.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(parse(Files.readAllBytes(file)).getDocumentElement().getAttribute("entityID")).isEqualTo(SP);
    }

    @Test
    void metadataWhenEntityIdMissingThenUsageErrorExitTwo() {
        Cli.Result result = Cli.run("metadata", "--acs", ACS);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err()).startsWith("samlec metadata: ").contains("--entity-id");
    }

    @Test
    void metadataWhenEntityIdBlankThenUsageErrorExitTwo() {
        Cli.Result result = Cli.run("metadata", "--entity-id", " ", "--acs", ACS);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err()).contains("entityId must not be blank");
    }

    @Test
    void metadataWhenCertificateFileIsNotPemThenExitOneWithOneLine() throws Exception {
        Path notPem = write(dir, "cert.txt", "hello");

        Cli.Result result = Cli.run("metadata", "--entity-id", SP, "--acs", ACS, "--signing-cert",
                notPem.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err()).startsWith("samlec metadata: invalid_configuration: ").contains("cert.txt");
    }

    @Test
    void metadataWhenOutputDirectoryMissingThenExitOne() {
        Path file = dir.resolve("no/such/dir/sp.xml");

        Cli.Result result = Cli.run("metadata", "--entity-id", SP, "--acs", ACS, "-o", file.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err()).contains("option --output", "sp.xml");
    }
}
