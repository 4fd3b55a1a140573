package dev.samlec.mech.metadata;

import static dev.samlec.mech.metadata.MetadataFixtures.DS_NS;
import static dev.samlec.mech.metadata.MetadataFixtures.MD_NS;
import static dev.samlec.mech.metadata.MetadataFixtures.SOAP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Metadata from a hostile or broken source (issue 10, part 4): every defect is {@code metadata_invalid} with a
 * message, never a runtime exception, for the IdP loader and the SP reader alike.
 */
class HostileMetadataTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    private static String cert;

    @BeforeAll
    static void keys() throws Exception {
        X509Certificate c = MetadataFixtures.certificate("test-signer.crt");
        cert = MetadataFixtures.base64(c);
    }

    private static String idp(String entityAttribute, String keyText, String location) {
        return "<md:EntityDescriptor xmlns:md=\"" + MD_NS + "\" xmlns:ds=\"" + DS_NS + "\"" + entityAttribute + ">"
                + "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>" + keyText
                + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
                + "<md:SingleSignOnService Binding=\"" + SOAP + "\" Location=\"" + location + "\"/>"
                + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    }

    private static String sp(String entityAttribute, String keyText, String location) {
        return "<md:EntityDescriptor xmlns:md=\"" + MD_NS + "\" xmlns:ds=\"" + DS_NS + "\"" + entityAttribute + ">"
                + "<md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:KeyDescriptor use=\"encryption\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>" + keyText
                + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
                + "<md:AssertionConsumerService index=\"0\" Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:PAOS\""
                + " Location=\"" + location + "\"/></md:SPSSODescriptor></md:EntityDescriptor>";
    }

    static Stream<Arguments> idpCases() {
        String id = " entityID=\"https://idp.example.org\"";
        String ok = "https://idp.example.org/sso";
        return Stream.of(
                Arguments.of("no entityID", idp("", cert, ok)),
                Arguments.of("empty entityID", idp(" entityID=\"\"", cert, ok)),
                Arguments.of("processing instruction in the certificate",
                        idp(id, cert.substring(0, 20) + "<?x y?>" + cert.substring(20), ok)),
                Arguments.of("certificate not base64", idp(id, "!!!not base64!!!", ok)),
                Arguments.of("certificate base64 of garbage", idp(id, "AAAAAAAA", ok)),
                Arguments.of("empty certificate", idp(id, "", ok)),
                Arguments.of("Location not a URI", idp(id, cert, "ht tp://x y")),
                Arguments.of("Location empty", idp(id, cert, "")),
                Arguments.of("validUntil garbage", idp(id + " validUntil=\"tomorrow\"", cert, ok)),
                Arguments.of("cacheDuration garbage", idp(id + " cacheDuration=\"forever\"", cert, ok)),
                Arguments.of("name not namespace-well-formed", idp(id + " :x=\"1\"", cert, ok)),
                Arguments.of("nested thousands deep", "<md:EntitiesDescriptor xmlns:md=\"" + MD_NS + "\">"
                        + "<md:EntitiesDescriptor>".repeat(3000) + "</md:EntitiesDescriptor>".repeat(3001)));
    }

    static Stream<Arguments> spCases() {
        String id = " entityID=\"https://sp.example.org\"";
        String ok = "https://sp.example.org/acs";
        return Stream.of(
                Arguments.of("no entityID", sp("", cert, ok)),
                Arguments.of("processing instruction in the certificate",
                        sp(id, cert.substring(0, 20) + "<?x y?>" + cert.substring(20), ok)),
                Arguments.of("certificate not base64", sp(id, "!!!not base64!!!", ok)),
                Arguments.of("certificate base64 of garbage", sp(id, "AAAAAAAA", ok)),
                Arguments.of("empty certificate", sp(id, "", ok)),
                Arguments.of("Location not a URI", sp(id, cert, "ht tp://x y")),
                Arguments.of("Location empty", sp(id, cert, "")),
                Arguments.of("validUntil garbage", sp(id + " validUntil=\"tomorrow\"", cert, ok)),
                Arguments.of("name not namespace-well-formed", sp(id + " :x=\"1\"", cert, ok)),
                Arguments.of("nested thousands deep", "<md:EntityDescriptor xmlns:md=\"" + MD_NS + "\" entityID=\"x\">"
                        + "<md:Extensions>" + "<x>".repeat(3000) + "</x>".repeat(3000) + "</md:Extensions>"
                        + "</md:EntityDescriptor>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("idpCases")
    void loadWhenHostileThenMetadataInvalid(String name, String xml) {
        MetadataLoader loader = MetadataLoader.builder().clock(CLOCK).build();

        assertMetadataInvalid(catchThrowable(() -> loader.load(xml.getBytes(StandardCharsets.UTF_8), "hostile")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spCases")
    void readWhenHostileThenMetadataInvalid(String name, String xml) {
        assertMetadataInvalid(catchThrowable(() -> new SpMetadataReader().read(xml.getBytes(StandardCharsets.UTF_8),
                "hostile")));
    }

    private static void assertMetadataInvalid(Throwable thrown) {
        assertThat(thrown).as("thrown").isInstanceOf(EcpConfigurationException.class);
        EcpConfigurationException e = (EcpConfigurationException) thrown;
        assertThat(e.error()).as("code of: %s", e.getMessage()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("hostile");
    }
}
