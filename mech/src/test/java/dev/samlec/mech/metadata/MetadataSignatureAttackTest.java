package dev.samlec.mech.metadata;

import static dev.samlec.mech.metadata.MetadataFixtures.aggregate;
import static dev.samlec.mech.metadata.MetadataFixtures.simpleIdp;
import static dev.samlec.mech.metadata.MetadataFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.testing.RawSigning;
import dev.samlec.mech.testing.RawSigning.Ref;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestDom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The newer CVE classes against metadata signatures ({@link MetadataSignatureVerifier}): several References, a
 * Reference to something else, a digest over nothing, empty or unknown algorithms (xmlseclibs GHSA-c4cc-x928-vjw9,
 * goxmldsig CVE-2026-33487), an evil entity carrying the genuine signature, and an empty list of metadata signing
 * certificates (SolarWinds CVE-2026-28323: empty trust must not turn verification off). Every signature is made with
 * a real key; the trusted metadata signer is {@link TestCredentials#idp()}.
 */
class MetadataSignatureAttackTest {
    private static final String IDP = "https://idp.example.org";
    private static final String ENTITY_ID_ATTRIBUTE = "_signed-entity";

    @Test
    void verifySignatureWithWhenEmptyListThenIllegalArgumentNotVerificationOff() {
        assertThatThrownBy(() -> MetadataLoader.builder().verifySignatureWith(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    }

    @Test
    void verifySignatureWithWhenListHoldsNullThenIllegalArgument() {
        assertThatThrownBy(() -> MetadataLoader.builder().verifySignatureWith(Arrays.asList(
                TestCredentials.idp().certificate(), null))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loadWhenOnlyTrustedCertificateHasAnotherKeyTypeThenSignatureInvalid() {
        byte[] xml = signedEntity(TestCredentials.idp(), root -> { });

        assertThat(failure(xml, TestCredentials.idpEc().certificate()).error())
                .isEqualTo(EcpError.METADATA_SIGNATURE_INVALID);
    }

    @Test
    void loadWhenGenuineSignatureThenLoaded() throws Exception {
        byte[] xml = signedEntity(TestCredentials.idp(), root -> { });

        assertThat(loader(TestCredentials.idp().certificate()).load(xml, "metadata").entityId()).isEqualTo(IDP);
    }

    @Test
    void referencesWhenTwoValidOnesThenSignatureInvalid() {
        byte[] xml = signed(TestCredentials.idp(), Ref.saml("#" + ENTITY_ID_ATTRIBUTE),
                Ref.saml("#" + ENTITY_ID_ATTRIBUTE));

        assertSignatureInvalid(xml);
    }

    @Test
    void referenceWhenToOwnKeyInfoOnlyThenSignatureInvalid() {
        byte[] xml = signedWithKeyInfoId(Ref.of("#_keyinfo", RawSigning.EXC_C14N));

        assertSignatureInvalid(xml);
    }

    @Test
    void transformsWhenXPathReducesEntityToNothingThenSignatureInvalid() {
        byte[] xml = signed(TestCredentials.idp(), Ref.xpath("#" + ENTITY_ID_ATTRIBUTE, "false()"));

        assertSignatureInvalid(xml);
    }

    @Test
    void referenceWhenToNothingWithDigestOfEmptyStringThenSignatureInvalid() {
        byte[] xml = resigned(reference -> {
            reference.setAttributeNS(null, "URI", "#_nothing-has-this-id");
            TestDom.child(reference, TestDom.DS, "DigestValue")
                    .setTextContent("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        });

        assertSignatureInvalid(xml);
    }

    @ParameterizedTest(name = "DigestMethod Algorithm ''{0}''")
    @ValueSource(strings = {"", "urn:example:no-such-digest"})
    void digestMethodWhenEmptyOrUnknownThenSignatureInvalid(String algorithm) {
        byte[] xml = resigned(reference -> TestDom.child(reference, TestDom.DS, "DigestMethod")
                .setAttributeNS(null, "Algorithm", algorithm));

        assertSignatureInvalid(xml);
    }

    @ParameterizedTest(name = "CanonicalizationMethod Algorithm ''{0}''")
    @ValueSource(strings = {"", "urn:example:no-such-c14n"})
    void canonicalizationMethodWhenEmptyOrUnknownThenSignatureInvalid(String algorithm) {
        byte[] xml = resigned(reference -> TestDom.child((Element) reference.getParentNode(), TestDom.DS,
                "CanonicalizationMethod").setAttributeNS(null, "Algorithm", algorithm));

        assertSignatureInvalid(xml);
    }

    @ParameterizedTest(name = "Transform Algorithm ''{0}''")
    @ValueSource(strings = {"", "urn:example:no-such-transform"})
    void transformWhenEmptyOrUnknownThenSignatureInvalid(String algorithm) {
        byte[] xml = resigned(reference -> TestDom.children(TestDom.child(reference, TestDom.DS, "Transforms"),
                TestDom.DS, "Transform").get(1).setAttributeNS(null, "Algorithm", algorithm));

        assertSignatureInvalid(xml);
    }

    @Test
    void evilEntityWhenCarryingGenuineSignatureWithGenuineEntityHiddenUnderSameIdThenSignatureInvalid() {
        // The evil IdP (attacker's key) takes the genuine entity's ID and signature; the genuine entity, unchanged,
        // hides in the aggregate's Extensions, so the signature's Reference has two candidates.
        Document genuine = TestDom.parse(signedEntity(TestCredentials.idp(), root -> { }));
        Document doc = TestDom.parse(utf8(aggregate("", simpleIdp(IDP, "evil.example.net",
                TestCredentials.attacker().certificate()))));
        Element evil = TestDom.first(doc, MetadataFixtures.MD_NS, "EntityDescriptor");
        evil.setAttributeNS(null, "ID", ENTITY_ID_ATTRIBUTE);
        Element genuineRoot = (Element) doc.importNode(genuine.getDocumentElement(), true);
        evil.insertBefore(doc.importNode(TestDom.signature(genuine.getDocumentElement()), true),
                evil.getFirstChild());
        Element extensions = doc.createElementNS(MetadataFixtures.MD_NS, "md:Extensions");
        extensions.appendChild(genuineRoot);
        doc.getDocumentElement().insertBefore(extensions, evil);

        assertSignatureInvalid(TestDom.bytes(doc));
    }

    private static MetadataLoader loader(X509Certificate... trusted) {
        return MetadataLoader.builder().entityId(IDP).verifySignatureWith(List.of(trusted)).build();
    }

    private static EcpConfigurationException failure(byte[] xml, X509Certificate... trusted) {
        Throwable t = catchThrowable(() -> loader(trusted).load(xml, "metadata"));
        assertThat(t).isInstanceOf(EcpConfigurationException.class);
        return (EcpConfigurationException) t;
    }

    private static void assertSignatureInvalid(byte[] xml) {
        EcpConfigurationException e = failure(xml, TestCredentials.idp().certificate());
        assertThat(e.error()).as("code (message: %s)", e.getMessage()).isEqualTo(EcpError.METADATA_SIGNATURE_INVALID);
    }

    /** The IdP's EntityDescriptor, edited by {@code edit}, then signed by {@code key} (Reference to its ID). */
    private static byte[] signedEntity(SigningKey key, Consumer<Element> edit) {
        Document doc = entity();
        edit.accept(doc.getDocumentElement());
        Element root = doc.getDocumentElement();
        RawSigning.sign(root, root.getFirstChild(), key, Ref.saml("#" + ENTITY_ID_ATTRIBUTE));
        return TestDom.bytes(doc);
    }

    private static byte[] signed(SigningKey key, Ref... refs) {
        Document doc = entity();
        Element root = doc.getDocumentElement();
        RawSigning.sign(root, root.getFirstChild(), key, refs);
        return TestDom.bytes(doc);
    }

    private static byte[] signedWithKeyInfoId(Ref ref) {
        Document doc = entity();
        Element root = doc.getDocumentElement();
        RawSigning.sign(root, root.getFirstChild(), TestCredentials.idp(), "_keyinfo", ref);
        return TestDom.bytes(doc);
    }

    /** A genuinely signed entity whose one Reference is edited and whose SignedInfo is signed again. */
    private static byte[] resigned(Consumer<Element> editReference) {
        Document doc = entity();
        Element root = doc.getDocumentElement();
        Element signature = RawSigning.sign(root, root.getFirstChild(), TestCredentials.idp(),
                Ref.saml("#" + ENTITY_ID_ATTRIBUTE));
        editReference.accept(RawSigning.references(signature).get(0));
        RawSigning.resign(signature, TestCredentials.idp());
        return TestDom.bytes(doc);
    }

    private static Document entity() {
        Document doc = TestDom.parse(utf8(simpleIdp(IDP, "idp.example.org", TestCredentials.idp().certificate())));
        doc.getDocumentElement().setAttributeNS(null, "ID", ENTITY_ID_ATTRIBUTE);
        doc.getDocumentElement().setAttributeNS(null, "validUntil", Instant.now().plus(Duration.ofDays(7)).toString());
        return doc;
    }
}
