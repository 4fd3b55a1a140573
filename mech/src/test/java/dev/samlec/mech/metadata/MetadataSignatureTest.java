package dev.samlec.mech.metadata;

import static dev.samlec.mech.metadata.MetadataFixtures.aggregate;
import static dev.samlec.mech.metadata.MetadataFixtures.simpleIdp;
import static dev.samlec.mech.metadata.MetadataFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.internal.xml.OpenSaml;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class MetadataSignatureTest {
    private static final String IDP = "https://idp.example.org";
    private static X509Certificate signer;
    private static PrivateKey signerKey;
    private static X509Certificate other;
    private static PrivateKey otherKey;

    @BeforeAll
    static void keys() throws Exception {
        signer = MetadataFixtures.certificate("test-signer.crt");
        signerKey = MetadataFixtures.privateKey("test-signer.key");
        other = MetadataFixtures.certificate("test-other.crt");
        otherKey = MetadataFixtures.privateKey("test-other.key");
    }

    private static MetadataLoader verifying(X509Certificate... trusted) {
        return MetadataLoader.builder().entityId(IDP).verifySignatureWith(List.of(trusted)).build();
    }

    private static EcpConfigurationException failure(MetadataLoader loader, byte[] xml) {
        Throwable t = catchThrowable(() -> loader.load(xml, "signed metadata"));
        assertThat(t).isInstanceOf(EcpConfigurationException.class);
        return (EcpConfigurationException) t;
    }

    private static byte[] signedIdp() throws Exception {
        return MetadataSigning.signRsaSha256(utf8(simpleIdp(IDP, "idp.example.org", signer)), signerKey, signer);
    }

    @Test
    void loadWhenSignedEntityAndTrustedCertificateThenLoaded() throws Exception {
        IdpMetadata idp = verifying(signer).load(signedIdp(), "signed metadata");

        assertThat(idp.entityId()).isEqualTo(IDP);
    }

    @Test
    void loadWhenOneOfSeveralTrustedCertificatesMatchesThenLoaded() throws Exception {
        assertThat(verifying(other, signer).load(signedIdp(), "t").entityId()).isEqualTo(IDP);
    }

    @Test
    void loadWhenSignedAggregateThenEntitiesInsideAreCovered() throws Exception {
        byte[] xml = MetadataSigning.signRsaSha256(utf8(aggregate("", MetadataFixtures.sp("https://sp.example.org"),
                simpleIdp(IDP, "idp.example.org", other))), signerKey, signer);

        assertThat(verifying(signer).load(xml, "aggregate").signingCertificates()).containsExactly(other);
    }

    @Test
    void loadWhenUnsignedAndVerificationConfiguredThenSignatureInvalid() {
        EcpConfigurationException e = failure(verifying(signer), utf8(simpleIdp(IDP, "idp.example.org", signer)));

        assertThat(e.error()).isEqualTo(EcpError.METADATA_SIGNATURE_INVALID);
        assertThat(e.getMessage()).contains("not signed");
    }

    @Test
    void loadWhenUnsignedAndNoVerificationConfiguredThenLoaded() throws Exception {
        MetadataLoader plain = MetadataLoader.builder().build();

        assertThat(plain.load(utf8(simpleIdp(IDP, "idp.example.org", signer)), "t").entityId()).isEqualTo(IDP);
    }

    @Test
    void loadWhenSignedByAnotherKeyThenSignatureInvalid() throws Exception {
        byte[] xml = MetadataSigning.signRsaSha256(utf8(simpleIdp(IDP, "idp.example.org", signer)), otherKey, other);

        EcpConfigurationException e = failure(verifying(signer), xml);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_SIGNATURE_INVALID);
        assertThat(e.getMessage()).contains("does not verify with any of the 1 configured");
    }

    @Test
    void loadWhenContentChangedAfterSigningThenSignatureInvalid() throws Exception {
        String signed = new String(signedIdp(), StandardCharsets.UTF_8);
        String tampered = signed.replace("https://idp.example.org/idp/profile", "https://evil.example.org/idp/profile");
        assertThat(tampered).isNotEqualTo(signed);

        EcpConfigurationException e = failure(verifying(signer), utf8(tampered));
        assertThat(e.error()).isEqualTo(EcpError.METADATA_SIGNATURE_INVALID);
    }

    @Test
    void loadWhenSignedEntitySitsBesideAnUnsignedSelectedOneThenSignatureInvalid() throws Exception {
        // A valid signature elsewhere in the document must not vouch for the entity that is used.
        String signedDecoy = new String(MetadataSigning.signRsaSha256(
                utf8(simpleIdp("https://decoy.example.org", "decoy.example.org", signer)), signerKey, signer),
                StandardCharsets.UTF_8).replaceFirst("^<\\?xml[^>]*>", "");
        byte[] xml = utf8(aggregate("", signedDecoy, simpleIdp(IDP, "evil.example.org", other)));

        EcpConfigurationException e = failure(verifying(signer), xml);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_SIGNATURE_INVALID);
        assertThat(e.getMessage()).contains("not signed");
    }

    @Test
    void loadWhenRsaSha1SignatureThenSignatureInvalidNamingAlgorithm() throws Exception {
        byte[] xml = MetadataSigning.sign(utf8(simpleIdp(IDP, "idp.example.org", signer)), signerKey, signer,
                SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1, SignatureConstants.ALGO_ID_DIGEST_SHA256);

        EcpConfigurationException e = failure(verifying(signer), xml);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_SIGNATURE_INVALID);
        assertThat(e.getMessage()).contains(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1);
    }

    @Test
    void loadWhenSha1DigestThenSignatureInvalidNamingAlgorithm() throws Exception {
        byte[] xml = MetadataSigning.sign(utf8(simpleIdp(IDP, "idp.example.org", signer)), signerKey, signer,
                SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256, SignatureConstants.ALGO_ID_DIGEST_SHA1);

        EcpConfigurationException e = failure(verifying(signer), xml);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_SIGNATURE_INVALID);
        assertThat(e.getMessage()).contains(SignatureConstants.ALGO_ID_DIGEST_SHA1);
    }

    @Test
    void loadWhenReferenceDoesNotPointAtSignedElementThenSignatureInvalid() throws Exception {
        String signed = new String(signedIdp(), StandardCharsets.UTF_8);
        String retargeted = signed.replace("URI=\"#_signed-entity\"", "URI=\"#_elsewhere\"");
        assertThat(retargeted).isNotEqualTo(signed);

        EcpConfigurationException e = failure(verifying(signer), utf8(retargeted));
        assertThat(e.error()).isEqualTo(EcpError.METADATA_SIGNATURE_INVALID);
        assertThat(e.getMessage()).contains("signature profile");
    }

    @Test
    void keycloakMetadataCertificateVerifiesKeycloaksRealSignedResponse() throws Exception {
        IdpMetadata idp = MetadataLoader.builder().build()
                .load(MetadataFixtures.resource("keycloak-idp-metadata.xml"), "keycloak");
        OpenSaml.ensureInitialized();
        Document document = OpenSaml.parserPool()
                .parse(new ByteArrayInputStream(MetadataFixtures.resource("kc-shib.idp-resp.xml")));
        Element responseElement = (Element) document.getElementsByTagNameNS(
                "urn:oasis:names:tc:SAML:2.0:protocol", "Response").item(0);
        Response response = (Response) XMLObjectSupport.getUnmarshaller(responseElement)
                .unmarshall(responseElement);

        new SAMLSignatureProfileValidator().validate(response.getSignature());
        SignatureValidator.validate(response.getSignature(),
                new BasicX509Credential(idp.signingCertificates().get(0)));
    }
}
