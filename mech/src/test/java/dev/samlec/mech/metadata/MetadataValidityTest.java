package dev.samlec.mech.metadata;

import static dev.samlec.mech.metadata.MetadataFixtures.aggregate;
import static dev.samlec.mech.metadata.MetadataFixtures.simpleIdp;
import static dev.samlec.mech.metadata.MetadataFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signed metadata must say when it stops being valid, and not too far ahead: the rule itself, then each reader of
 * signed metadata ({@link MetadataLoader}, {@link MetadataAggregateReader}) with it on, off and raised. The MDQ
 * sources are covered in their own tests.
 */
class MetadataValidityTest {
    private static final String IDP = "https://idp.example.org";
    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static X509Certificate signer;
    private static PrivateKey signerKey;

    @BeforeAll
    static void keys() throws Exception {
        signer = MetadataFixtures.certificate("test-signer.crt");
        signerKey = MetadataFixtures.privateKey("test-signer.key");
    }

    private static EcpConfigurationException refusal(MetadataValidity validity, Instant validUntil) {
        return catchThrowableOfType(() -> validity.check(validUntil, NOW, "doc"), EcpConfigurationException.class);
    }

    @Test
    void checkWhenDefaultAndValidUntilWithinFourteenDaysThenAccepted() throws Exception {
        MetadataValidity.defaults().check(NOW.plus(Duration.ofDays(14)), NOW, "doc");
        MetadataValidity.defaults().check(NOW.plus(Duration.ofDays(14)).plus(MetadataValidity.CLOCK_ALLOWANCE), NOW,
                "doc");
        MetadataValidity.defaults().check(NOW.plusSeconds(1), NOW, "doc");
    }

    @Test
    void checkWhenDefaultAndValidUntilJustPastTheLimitAndAllowanceThenMetadataInvalidNamingBoth() {
        Instant tooFar = NOW.plus(Duration.ofDays(14)).plus(MetadataValidity.CLOCK_ALLOWANCE).plusSeconds(1);

        EcpConfigurationException e = refusal(MetadataValidity.defaults(), tooFar);

        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).startsWith("doc: ").contains(tooFar.toString()).contains(NOW.toString())
                .contains("allowed, 14 days").contains("--metadata-max-validity").contains("idpMetadataMaxValidity");
    }

    @Test
    void checkWhenDefaultAndNoValidUntilThenMetadataInvalidSayingHowToAcceptIt() {
        EcpConfigurationException e = refusal(MetadataValidity.defaults(), null);

        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("without validUntil").contains("none");
    }

    @Test
    void checkWhenNotRequiredThenAnythingAccepted() throws Exception {
        MetadataValidity.notRequired().check(null, NOW, "doc");
        MetadataValidity.notRequired().check(NOW.plus(Duration.ofDays(3650)), NOW, "doc");
    }

    @Test
    void checkWhenRequiredWithinAnHourThenTwoHoursRefused() throws Exception {
        MetadataValidity hour = MetadataValidity.requiredWithin(Duration.ofHours(1));
        hour.check(NOW.plus(Duration.ofMinutes(60)), NOW, "doc");

        assertThat(refusal(hour, NOW.plus(Duration.ofHours(2))).error()).isEqualTo(EcpError.METADATA_INVALID);
    }

    @Test
    void checkWhenLimitIsPastTheEndOfTimeThenEveryValidUntilAcceptedWithoutOverflow() throws Exception {
        MetadataValidity forever = MetadataValidity.parse("PT9223372036854775807S", "opt");
        forever.check(Instant.MAX, NOW, "doc");
        MetadataValidity.requiredWithin(Duration.ofDays(400_000_000_000L)).check(NOW.plus(Duration.ofDays(3650)), NOW,
                "doc");
        assertThat(refusal(forever, null).error()).isEqualTo(EcpError.METADATA_INVALID);
    }

    @Test
    void checkWhenLimitInHoursThenMessageSaysHowFarAheadInHours() {
        EcpConfigurationException e = refusal(MetadataValidity.requiredWithin(Duration.ofHours(12)),
                NOW.plus(Duration.ofHours(20)));

        assertThat(e.getMessage()).contains("20 hours after the current time").contains("allowed, 12 hours");
    }

    @Test
    void parseWhenDurationOrNoneThenThatRuleElseIllegalArgumentNamingTheSetting() {
        assertThat(MetadataValidity.parse(" P30D ", "opt")).isEqualTo(MetadataValidity.requiredWithin(
                Duration.ofDays(30)));
        assertThat(MetadataValidity.parse("PT36H", "opt").maxValidity()).contains(Duration.ofHours(36));
        assertThat(MetadataValidity.parse("None", "opt")).isEqualTo(MetadataValidity.notRequired());
        assertThat(MetadataValidity.notRequired().required()).isFalse();
        assertThatThrownBy(() -> MetadataValidity.parse("14 days", "opt")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("opt").hasMessageContaining("P14D");
        assertThatThrownBy(() -> MetadataValidity.parse("PT0S", "opt")).hasMessageContaining("positive");
        assertThatThrownBy(() -> MetadataValidity.parse("-P1D", "opt")).hasMessageContaining("positive");
        assertThatThrownBy(() -> MetadataValidity.requiredWithin(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetadataValidity.requiredWithin(Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] signedIdp(Instant validUntil) throws Exception {
        byte[] xml = utf8(simpleIdp(IDP, "idp.example.org", signer));
        return validUntil == null ? MetadataSigning.signWithoutValidUntil(xml, signerKey, signer)
                : MetadataSigning.signValidUntil(xml, signerKey, signer, validUntil);
    }

    private static MetadataLoader.Builder loader() {
        return MetadataLoader.builder().clock(CLOCK).entityId(IDP).verifySignatureWith(List.of(signer));
    }

    @Test
    void loadWhenSignedWithoutValidUntilThenMetadataInvalidUnlessNoneRequired() throws Exception {
        byte[] xml = signedIdp(null);

        EcpConfigurationException e = catchThrowableOfType(() -> loader().build().load(xml, "signed"),
                EcpConfigurationException.class);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).startsWith("signed: signed metadata without validUntil");

        assertThat(loader().validity(MetadataValidity.notRequired()).build().load(xml, "signed").entityId())
                .isEqualTo(IDP);
    }

    @Test
    void loadWhenSignedValidForThirtyDaysThenMetadataInvalidUnlessTheLimitIsRaised() throws Exception {
        byte[] xml = signedIdp(NOW.plus(Duration.ofDays(30)));

        EcpConfigurationException e = catchThrowableOfType(() -> loader().build().load(xml, "signed"),
                EcpConfigurationException.class);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("30 days after the current time");

        assertThat(loader().validity(MetadataValidity.requiredWithin(Duration.ofDays(30))).build().load(xml, "s")
                .validUntil()).contains(NOW.plus(Duration.ofDays(30)));
    }

    @Test
    void loadWhenSignedAggregateHoldsValidUntilThenItCountsForTheEntityInside() throws Exception {
        byte[] xml = MetadataSigning.signValidUntil(utf8(aggregate("", simpleIdp(IDP, "idp.example.org", signer))),
                signerKey, signer, NOW.plus(Duration.ofDays(7)));

        assertThat(loader().build().load(xml, "aggregate").validUntil()).contains(NOW.plus(Duration.ofDays(7)));
    }

    @Test
    void loadWhenSignedEntityWithoutValidUntilWrappedInAnUnsignedAggregateWithOneThenStillRefused() throws Exception {
        // an attacker's unsigned wrapper cannot lend a replayed signed entity its fresh validUntil
        String signedEntity = new String(signedIdp(null), java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("^<\\?xml[^>]*>", "");
        byte[] wrapped = utf8(aggregate(" validUntil=\"" + NOW.plus(Duration.ofDays(1)) + "\"", signedEntity));

        EcpConfigurationException e = catchThrowableOfType(() -> loader().build().load(wrapped, "wrapped"),
                EcpConfigurationException.class);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("signed metadata without validUntil");

        String yearLong = new String(signedIdp(NOW.plus(Duration.ofDays(365))),
                java.nio.charset.StandardCharsets.UTF_8).replaceFirst("^<\\?xml[^>]*>", "");
        byte[] wrappedYear = utf8(aggregate(" validUntil=\"" + NOW.plus(Duration.ofDays(1)) + "\"", yearLong));
        assertThat(catchThrowableOfType(() -> loader().build().load(wrappedYear, "wrapped"),
                EcpConfigurationException.class).getMessage()).contains("365 days after the current time");
    }

    @Test
    void loadWhenSignedRoleDescriptorCarriesTheValidUntilThenItCounts() throws Exception {
        byte[] xml = MetadataSigning.signWithoutValidUntil(utf8(simpleIdp(IDP, "idp.example.org", signer)
                .replace("<md:IDPSSODescriptor ", "<md:IDPSSODescriptor validUntil=\"" + NOW.plus(Duration.ofDays(3))
                        + "\" ")), signerKey, signer);

        assertThat(loader().build().load(xml, "role").validUntil()).contains(NOW.plus(Duration.ofDays(3)));
    }

    @Test
    void loadWhenUnsignedWithoutValidUntilThenNotChecked() throws Exception {
        byte[] xml = utf8(simpleIdp(IDP, "idp.example.org", signer));

        assertThat(MetadataLoader.builder().clock(CLOCK).build().load(xml, "unsigned").entityId()).isEqualTo(IDP);
    }

    private static byte[] signedAggregate(Instant validUntil) throws Exception {
        byte[] xml = utf8(aggregate("", simpleIdp(IDP, "idp.example.org", signer)));
        return validUntil == null ? MetadataSigning.signWithoutValidUntil(xml, signerKey, signer)
                : MetadataSigning.signValidUntil(xml, signerKey, signer, validUntil);
    }

    private static MetadataAggregateReader.Builder reader() {
        return MetadataAggregateReader.builder().clock(CLOCK).verifySignatureWith(List.of(signer));
    }

    @Test
    void readWhenSignedAggregateWithoutValidUntilThenMetadataInvalidUnlessNoneRequired() throws Exception {
        byte[] xml = signedAggregate(null);

        EcpConfigurationException e = catchThrowableOfType(() -> reader().build().read(xml, "federation"),
                EcpConfigurationException.class);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).startsWith("federation: signed metadata without validUntil");

        assertThat(reader().validity(MetadataValidity.notRequired()).build().read(xml, "federation").size())
                .isEqualTo(1);
    }

    @Test
    void readWhenSignedAggregateValidForAYearThenMetadataInvalid() throws Exception {
        byte[] xml = signedAggregate(NOW.plus(Duration.ofDays(365)));

        EcpConfigurationException e = catchThrowableOfType(() -> reader().build().read(xml, "federation"),
                EcpConfigurationException.class);

        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("365 days after the current time");
        assertThat(reader().build().read(signedAggregate(NOW.plus(Duration.ofDays(5))), "federation").size())
                .isEqualTo(1);
    }

    @Test
    void readWhenUnsignedAggregateWithoutValidUntilThenNotChecked() throws Exception {
        byte[] xml = utf8(aggregate("", simpleIdp(IDP, "idp.example.org", signer)));

        assertThat(MetadataAggregateReader.builder().clock(CLOCK).unsigned().build().read(xml, "local").size())
                .isEqualTo(1);
    }
}
