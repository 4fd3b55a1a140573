package dev.samlec.mech.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing, searching and resolving IdPs of a real signed aggregate (read by {@link MetadataAggregateReader}). */
class FederationIdpDirectoryTest {
    static final String FIRST = "https://idp.first.example.edu/idp";
    static final String SECOND = "https://idp.second.example.edu/idp";
    static final String HOSPITAL = "https://idp.hospital.example.edu/idp";
    static final String WEB_ONLY = "https://idp.web.example.edu/idp";
    static final String NAMELESS = "https://login.nameless.example.org/idp";

    private static X509Certificate signer;
    private static PrivateKey signerKey;
    private static FederationIdpDirectory directory;

    @TempDir
    Path dir;

    @BeforeAll
    static void read() throws Exception {
        signer = MetadataFixtures.certificate("test-signer.crt");
        signerKey = MetadataFixtures.privateKey("test-signer.key");
        X509Certificate idpKey = MetadataFixtures.certificate("test-other.crt");
        byte[] second = TestFederation.withDisplayName(TestFederation.idp(SECOND, "https://idp.second.example.edu/"
                + "ecp", idpKey, "Second University"), "de", "Zweite Universität");
        byte[] xml = TestFederation.aggregate(List.of(
                TestFederation.idp(FIRST, "https://idp.first.example.edu/ecp", idpKey, "First University"),
                second,
                TestFederation.idp(HOSPITAL, "https://idp.hospital.example.edu/ecp", idpKey,
                        "First University Hospital"),
                TestFederation.idp(WEB_ONLY, null, idpKey, "Web Only College"),
                TestFederation.idp(NAMELESS, "https://login.nameless.example.org/ecp", idpKey, null),
                TestFederation.sp("https://sp.first.example.edu/shibboleth")));
        directory = FederationIdpDirectory.of(reader().read(TestFederation.signed(xml, signerKey, signer),
                "test aggregate"));
    }

    private static MetadataAggregateReader reader() {
        return MetadataAggregateReader.builder().verifySignatureWith(List.of(signer)).build();
    }

    private static EcpConfigurationException failure(String text) {
        return catchThrowableOfType(() -> directory.resolve(text), EcpConfigurationException.class);
    }

    private static List<String> ids(List<FederationEntity> entities) {
        return entities.stream().map(FederationEntity::entityId).toList();
    }

    @Test
    void ecpIdpsWhenAggregateHasWebOnlyIdpAndSpThenOnlyEcpIdpsSortedByName() {
        assertThat(ids(directory.ecpIdps())).containsExactly(FIRST, HOSPITAL, NAMELESS, SECOND);
    }

    @Test
    void searchWhenTextIsPartOfNameInAnyCaseThenMatches() {
        assertThat(ids(directory.search("UNIVERSITY"))).containsExactly(FIRST, HOSPITAL, SECOND);
        assertThat(ids(directory.search("zweite"))).containsExactly(SECOND);
        assertThat(ids(directory.search("nameless.example"))).containsExactly(NAMELESS);
        assertThat(ids(directory.search("web only"))).isEmpty();
        assertThat(directory.search("  ")).hasSize(4);
    }

    @Test
    void resolveWhenEntityIdThenThatIdpSaysWhatMatched() throws Exception {
        IdpChoice choice = directory.resolve(SECOND);
        assertThat(choice.matchedBy()).isEqualTo(IdpChoice.Match.ENTITY_ID);
        assertThat(choice.soapUrl()).hasToString("https://idp.second.example.edu/ecp");
        assertThat(choice.describe()).isEqualTo("IdP 'Second University' (" + SECOND + ")");
        assertThat(choice.source()).isEqualTo("test aggregate");
    }

    @Test
    void resolveWhenExactDisplayNameAlsoPartOfAnotherThenAmbiguous() {
        EcpConfigurationException e = failure("first university");
        assertThat(e.error()).isEqualTo(EcpError.IDP_AMBIGUOUS);
        assertThat(e.getMessage()).contains("2 ECP identity providers", "'First University' (" + FIRST + ")",
                "'First University Hospital' (" + HOSPITAL + ")", "one of them is named exactly so");
    }

    @Test
    void resolveWhenExactDisplayNameAndNoOtherMatchThenThatIdpByDisplayName() throws Exception {
        IdpChoice choice = directory.resolve("SECOND university");
        assertThat(choice.entityId()).isEqualTo(SECOND);
        assertThat(choice.matchedBy()).isEqualTo(IdpChoice.Match.DISPLAY_NAME);
        assertThat(choice.explanation()).contains("matched 'SECOND university' (its DisplayName)");
    }

    /**
     * A member publishing the DisplayName "Caltech" (in any language) must not capture the users whose saved text
     * "caltech" picked "California Institute of Technology" as its only partial match (by entityID).
     */
    @Test
    void resolveWhenHostileMemberPublishesExactNameOfAnotherIdpsPartialMatchThenAmbiguous() throws Exception {
        X509Certificate idpKey = MetadataFixtures.certificate("test-other.crt");
        String caltech = "https://idp.caltech.edu/idp";
        String hostile = "https://idp.hostile.example.org/idp";
        List<byte[]> honest = List.of(TestFederation.idp(caltech, "https://idp.caltech.edu/ecp", idpKey,
                "California Institute of Technology"));
        FederationIdpDirectory before = FederationIdpDirectory.of(reader().read(TestFederation.signed(
                TestFederation.aggregate(honest), signerKey, signer), "before"));
        assertThat(before.resolve("caltech").entityId()).isEqualTo(caltech);

        byte[] capture = TestFederation.withDisplayName(TestFederation.idp(hostile, "https://idp.hostile.example.org"
                + "/ecp", idpKey, "Hostile Services"), "fr", "Caltech");
        FederationIdpDirectory after = FederationIdpDirectory.of(reader().read(TestFederation.signed(
                TestFederation.aggregate(List.of(honest.get(0), capture)), signerKey, signer), "after"));
        EcpConfigurationException e = catchThrowableOfType(() -> after.resolve("caltech"),
                EcpConfigurationException.class);
        assertThat(e).as("the exact name 'Caltech' must not win over the partial match").isNotNull();
        assertThat(e.error()).isEqualTo(EcpError.IDP_AMBIGUOUS);
        assertThat(e.getMessage()).contains("2 ECP identity providers", caltech, hostile);
        assertThat(after.resolve(caltech).entityId()).isEqualTo(caltech);
    }

    @Test
    void resolveWhenDisplayNameHasControlAndBidiCharactersThenMessagesAndChoiceShowThemReplaced()
            throws Exception {
        X509Certificate idpKey = MetadataFixtures.certificate("test-other.crt");
        String evil = "Univ \u009b2K\u202eA\nsamlec curl: IdP 'Bank'";
        byte[] xml = TestFederation.aggregate(List.of(
                TestFederation.idp("https://a.example.org/idp", "https://a.example.org/ecp", idpKey, evil),
                TestFederation.idp("https://b.example.org/idp", "https://b.example.org/ecp", idpKey, "Univ B")));
        FederationIdpDirectory dirty = FederationIdpDirectory.of(reader().read(TestFederation.signed(xml, signerKey,
                signer), "dirty"));
        String ambiguous = catchThrowableOfType(() -> dirty.resolve("univ"), EcpConfigurationException.class)
                .getMessage();
        assertThat(ambiguous).contains("'Univ ?2K?A?samlec curl: IdP 'Bank''").doesNotContain("\u009b", "\u202e",
                "\n");
        IdpChoice choice = dirty.resolve("https://a.example.org/idp");
        assertThat(choice.displayName()).contains(evil);
        assertThat(choice.describe()).isEqualTo("IdP 'Univ ?2K?A?samlec curl: IdP 'Bank'' (https://a.example.org/idp)");
        assertThat(choice.explanation()).doesNotContain("\u009b", "\u202e", "\n");
    }

    @Test
    void resolveWhenDisplayNameInAnotherLanguageThenMatches() throws Exception {
        assertThat(directory.resolve("Zweite Universität").entityId()).isEqualTo(SECOND);
    }

    @Test
    void resolveWhenUniquePartOfNameThenThatIdp() throws Exception {
        IdpChoice choice = directory.resolve("  second univ ");
        assertThat(choice.entityId()).isEqualTo(SECOND);
        assertThat(choice.matchedBy()).isEqualTo(IdpChoice.Match.PART_OF_NAME);
        assertThat(choice.metadata().signingCertificates()).isNotEmpty();
    }

    @Test
    void resolveWhenNoDisplayNameThenDescribedByEntityId() throws Exception {
        assertThat(directory.resolve("nameless").describe()).isEqualTo("IdP " + NAMELESS);
    }

    @Test
    void resolveWhenPartMatchesSeveralThenAmbiguousListingThem() {
        EcpConfigurationException e = failure("univ");
        assertThat(e.error()).isEqualTo(EcpError.IDP_AMBIGUOUS);
        assertThat(e.error().category()).isEqualTo(EcpError.Category.CONFIGURATION);
        assertThat(e.getMessage()).contains("3 ECP identity providers", "'univ'", "'First University' (" + FIRST
                + ")", "'Second University' (" + SECOND + ")", "entityID");
    }

    @Test
    void resolveWhenNothingMatchesThenNotFound() {
        EcpConfigurationException e = failure("Third College");
        assertThat(e.error()).isEqualTo(EcpError.IDP_NOT_FOUND);
        assertThat(e.getMessage()).contains("'Third College'", "test aggregate", "4 ECP IdPs");
    }

    @Test
    void resolveWhenIdpOffersNoEcpThenNotFoundSayingSo() {
        assertThat(failure(WEB_ONLY).getMessage()).contains("does not offer ECP");
        assertThat(failure("Web Only College").error()).isEqualTo(EcpError.IDP_NOT_FOUND);
    }

    @Test
    void resolveWhenEmptyThenNotFound() {
        assertThat(failure(" ").error()).isEqualTo(EcpError.IDP_NOT_FOUND);
    }

    @Test
    void resolveWhenTwoIdpsShareTheExactNameThenAmbiguous() throws Exception {
        X509Certificate idpKey = MetadataFixtures.certificate("test-other.crt");
        byte[] xml = TestFederation.aggregate(List.of(
                TestFederation.idp("https://a.example.org/idp", "https://a.example.org/ecp", idpKey, "Same Name"),
                TestFederation.idp("https://b.example.org/idp", "https://b.example.org/ecp", idpKey, "Same Name")));
        FederationIdpDirectory twins = FederationIdpDirectory.of(reader().read(TestFederation.signed(xml, signerKey,
                signer), "twins"));
        EcpConfigurationException e = catchThrowableOfType(() -> twins.resolve("same name"),
                EcpConfigurationException.class);
        assertThat(e.error()).isEqualTo(EcpError.IDP_AMBIGUOUS);
        assertThat(e.getMessage()).contains("2 of them are named exactly so");
    }

    @Test
    void resolveWhenMoreThanTenCandidatesThenListsTenAndCountsTheRest() throws Exception {
        X509Certificate idpKey = MetadataFixtures.certificate("test-other.crt");
        List<byte[]> entities = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            entities.add(TestFederation.idp("https://idp" + i + ".example.org/idp", "https://idp" + i
                    + ".example.org/ecp", idpKey, "College " + i));
        }
        FederationIdpDirectory many = FederationIdpDirectory.of(reader().read(TestFederation.signed(
                TestFederation.aggregate(entities), signerKey, signer), "many"));
        EcpConfigurationException e = catchThrowableOfType(() -> many.resolve("college"),
                EcpConfigurationException.class);
        assertThat(e.getMessage()).contains("13 ECP identity providers", "and 3 more");
        assertThat(e.getMessage().split("\\(https://").length - 1).isEqualTo(FederationIdpDirectory.MAX_CANDIDATES);
    }

    @Test
    void loaderWhenFileSignedByOtherKeyThenSignatureInvalid() throws Exception {
        byte[] xml = TestFederation.aggregate(List.of(TestFederation.idp(FIRST, "https://idp.first.example.edu/ecp",
                signer, "First University")));
        Path file = Files.write(dir.resolve("fed.xml"), TestFederation.signed(xml,
                MetadataFixtures.privateKey("test-other.key"), MetadataFixtures.certificate("test-other.crt")));
        EcpConfigurationException e = catchThrowableOfType(() -> FederationIdpDirectory.loader(reader()).load(file),
                EcpConfigurationException.class);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_SIGNATURE_INVALID);
    }

    @Test
    void loaderWhenFileSignedThenDirectory() throws Exception {
        byte[] xml = TestFederation.aggregate(List.of(TestFederation.idp(FIRST, "https://idp.first.example.edu/ecp",
                signer, "First University")));
        Path file = Files.write(dir.resolve("fed.xml"), TestFederation.signed(xml, signerKey, signer));
        assertThat(FederationIdpDirectory.loader(reader()).load(file).resolve("first").entityId()).isEqualTo(FIRST);
    }
}
