package dev.samlec.mech.metadata;

import static dev.samlec.mech.metadata.MetadataFixtures.SOAP;
import static dev.samlec.mech.metadata.MetadataFixtures.idp;
import static dev.samlec.mech.metadata.MetadataFixtures.keyDescriptor;
import static dev.samlec.mech.metadata.MetadataFixtures.sso;
import static dev.samlec.mech.metadata.MetadataFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.testing.TestCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SolarWinds CVE-2026-28323 for metadata: an IdP descriptor that yields no signing certificate is refused when it is
 * loaded (start-up), whatever the reason (no KeyDescriptor, only {@code use="encryption"}, a signing KeyDescriptor
 * without a usable certificate, signing keys only in another role), so trust can never be built empty from it.
 */
class MetadataEmptyTrustTest {
    private static final String IDP = "https://idp.example.org";
    private static final String ENDPOINT = sso(SOAP, "https://idp.example.org/idp/profile/SAML2/SOAP/ECP");

    @Test
    void loadWhenNoKeyDescriptorThenMetadataInvalidSayingNoSigningKey() {
        assertNoSigningKey(idp(IDP, "", "", ENDPOINT));
    }

    @Test
    void loadWhenOnlyEncryptionKeysThenMetadataInvalidSayingNoSigningKey() {
        assertNoSigningKey(idp(IDP, "", "", keyDescriptor("encryption", TestCredentials.idp().certificate())
                + keyDescriptor("encryption", TestCredentials.idp2().certificate()) + ENDPOINT));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "<md:KeyDescriptor use=\"signing\"/>",
        "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo/></md:KeyDescriptor>",
        "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:KeyName>idp</ds:KeyName></ds:KeyInfo></md:KeyDescriptor>",
        "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></md:KeyDescriptor>",
        "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo>"
            + "</md:KeyDescriptor>",
        "<md:KeyDescriptor><ds:KeyInfo><ds:X509Data><ds:X509Certificate> </ds:X509Certificate></ds:X509Data>"
            + "</ds:KeyInfo></md:KeyDescriptor>"})
    void loadWhenSigningKeyDescriptorHoldsNoCertificateThenMetadataInvalidSayingNoSigningKey(String descriptor) {
        assertNoSigningKey(idp(IDP, "", "", descriptor + ENDPOINT));
    }

    @Test
    void loadWhenSigningKeyOnlyInAnotherRoleThenMetadataInvalidSayingNoSigningKey() {
        String xml = "<md:EntityDescriptor xmlns:md=\"" + MetadataFixtures.MD_NS + "\" xmlns:ds=\""
                + MetadataFixtures.DS_NS + "\" entityID=\"" + IDP + "\"><md:IDPSSODescriptor "
                + "protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">" + ENDPOINT
                + "</md:IDPSSODescriptor><md:AttributeAuthorityDescriptor protocolSupportEnumeration="
                + "\"urn:oasis:names:tc:SAML:2.0:protocol\">" + keyDescriptor("signing",
                TestCredentials.idp().certificate()) + "<md:AttributeService Binding=\"" + SOAP + "\" Location="
                + "\"https://idp.example.org/aa\"/></md:AttributeAuthorityDescriptor></md:EntityDescriptor>";

        assertNoSigningKey(xml);
    }

    private static void assertNoSigningKey(String xml) {
        Throwable t = catchThrowable(() -> MetadataLoader.builder().entityId(IDP).build().load(utf8(xml), "metadata"));

        assertThat(t).isInstanceOf(EcpConfigurationException.class).hasMessageContaining("has no signing key");
        assertThat(((EcpConfigurationException) t).error()).isEqualTo(EcpError.METADATA_INVALID);
    }
}
