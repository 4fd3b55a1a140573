package dev.samlec.cli;

import static dev.samlec.cli.MetadataTrustVerifyTest.FEDERATION;
import static dev.samlec.cli.MetadataTrustVerifyTest.pem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.metadata.TestFederation;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.testkit.DemoDirectory;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoTls;
import dev.samlec.testkit.sp.DemoServiceProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samlec idps} and {@code samlec curl --idp NAME} over a generated federation aggregate, signed with the
 * federation's key, holding two real demo IdPs (one directory behind both), an ECP IdP that is not running, an IdP
 * without ECP and a service provider; the demo service trusts both demo IdPs.
 */
@Timeout(180)
class IdpsAndCurlByNameTest {
    private static DemoDirectory directory;
    private static DemoIdp first;
    private static DemoIdp second;
    private static DemoServiceProvider sp;
    private static byte[] aggregate;

    @TempDir
    static Path dir;
    private static Path federation;
    private static Path federationCert;

    @BeforeAll
    static void start() throws Exception {
        directory = DemoDirectory.start();
        first = DemoIdp.builder().directory(directory).start();
        second = DemoIdp.builder().directory(directory).signingKey(TestCredentials.idp()).start();
        sp = DemoServiceProvider.builder().trust(IdpTrust.builder()
                .add(first.entityId(), List.of(first.signingCertificate()))
                .add(second.entityId(), List.of(second.signingCertificate())).build()).start();
        first.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
        second.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
        aggregate = TestFederation.aggregate(List.of(
                TestFederation.withDisplayName(first.metadata(), "en", "First University"),
                TestFederation.withDisplayName(TestFederation.withDisplayName(second.metadata(), "en",
                        "Second University"), "de", "Zweite Universität"),
                TestFederation.idp("https://idp.third.example.org/idp", "https://127.0.0.1:1/ecp",
                        TestCredentials.idp().certificate(), "Third College"),
                TestFederation.idp("https://web.second.example.org/idp", null, TestCredentials.idp().certificate(),
                        "Second Web Campus"),
                TestFederation.sp("https://sp.second.example.org/shibboleth")));
        federation = Files.write(dir.resolve("federation.xml"), TestFederation.signed(aggregate,
                FEDERATION.privateKey(), FEDERATION.certificate()));
        federationCert = Path.of(pem(dir, "federation.pem", FEDERATION.certificate()));
    }

    @AfterAll
    static void stop() throws Exception {
        sp.close();
        second.close();
        first.close();
        directory.close();
    }

    private static Cli.Result idps(String... extra) {
        List<String> args = new ArrayList<>(List.of("idps", "--metadata", federation.toString(),
                "--metadata-signing-cert", federationCert.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args);
    }

    private static Cli.Result curlByName(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("curl", "--allow-http", "--password-stdin", "-u", "alice",
                "--idp-metadata", federation.toString(), "--metadata-signing-cert", federationCert.toString(),
                "--idp", name));
        args.addAll(List.of(extra));
        args.add(sp.resourceUrl().toString());
        return Cli.runWithStdin("alicepw\n", args.toArray(String[]::new));
    }

    @Test
    void idpsWhenNoSearchThenEveryEcpIdpSortedByNameWithEntityIdAndSoapUrl() {
        Cli.Result r = idps();
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).containsExactly(
                "First University\t" + first.entityId() + "\t" + first.ssoUrl(),
                "Second University\t" + second.entityId() + "\t" + second.ssoUrl(),
                "Third College\thttps://idp.third.example.org/idp\thttps://127.0.0.1:1/ecp");
        assertThat(r.err()).contains("3 of 3 ECP IdPs of metadata file " + federation);
    }

    @Test
    void idpsWhenSearchThenOnlyMatchingEcpIdps() {
        Cli.Result r = idps("--search", "SECOND");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).containsExactly("Second University\t" + second.entityId() + "\t" + second.ssoUrl());
        assertThat(idps("--search", "univ").lines()).hasSize(2);
        assertThat(idps("--search", "zweite").lines()).hasSize(1);
    }

    @Test
    void idpsWhenJsonThenOneObjectPerIdp() {
        Cli.Result r = idps("--search", "second university", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).containsExactly("{\"entityId\":\"" + second.entityId() + "\",\"displayName\":"
                + "\"Second University\",\"displayNames\":{\"de\":\"Zweite Universität\",\"en\":\"Second University\"},"
                + "\"soapUrls\":[\"" + second.ssoUrl() + "\"]}");
    }

    @Test
    void idpsWhenNothingMatchesThenIdpNotFoundExit1() {
        Cli.Result r = idps("--search", "nowhere");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("samlec idps: idp_not_found: ").contains("'nowhere'");
    }

    @Test
    void idpsWhenSignedByAnotherKeyThenSignatureInvalid() throws Exception {
        Path forged = Files.write(dir.resolve("forged.xml"), TestFederation.signed(aggregate,
                TestCredentials.attacker().privateKey(), TestCredentials.attacker().certificate()));
        Cli.Result r = Cli.run("idps", "--metadata", forged.toString(), "--metadata-signing-cert",
                federationCert.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec idps: metadata_signature_invalid: ");
    }

    @Test
    void idpsWhenNoTrustChoiceThenUsageError() {
        Cli.Result r = Cli.run("idps", "--metadata", federation.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--metadata-signing-cert", "--unsigned-metadata");
    }

    @Test
    void idpsWhenUnsignedMetadataGivenThenListsWithoutSignatureCheck() throws Exception {
        Path plain = Files.write(dir.resolve("plain.xml"), aggregate);
        Cli.Result r = Cli.run("idps", "--metadata", plain.toString(), "--unsigned-metadata");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(3);
    }

    @Test
    void idpsWhenHttpsUrlWithUnsignedMetadataAndNoTrustThenRefusedAndNeverFetched() throws Exception {
        try (MetadataServer server = MetadataServer.https(DemoTls.generate(), aggregate)) {
            Cli.Result r = Cli.run("idps", "--metadata", server.url(), "--unsigned-metadata");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).startsWith("samlec idps: invalid_configuration: ").contains("trust choice");
            assertThat(server.requests()).isZero();
        }
    }

    @Test
    void idpsWhenHttpUrlWithAllowHttpThenFetchedAndListed() throws Exception {
        try (MetadataServer server = MetadataServer.http(TestFederation.signed(aggregate, FEDERATION.privateKey(),
                FEDERATION.certificate()))) {
            Cli.Result r = Cli.run("idps", "--metadata", server.url(), "--allow-http", "--metadata-signing-cert",
                    federationCert.toString(), "--search", "first");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.lines()).hasSize(1);
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void curlWhenIdpNamedByPartOfNameThenLogsInAtThatIdpOnly() {
        long firstBefore = first.requestCount();
        long secondBefore = second.requestCount();
        Cli.Result r = curlByName("second univ");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).contains("nameId=alice", "issuer=" + second.entityId());
        assertThat(r.errLines()).containsExactly("samlec curl: IdP 'Second University' (" + second.entityId()
                + ") from metadata file " + federation + ", matched 'second univ' (part of its name or entityID);"
                + " ECP endpoint " + second.ssoUrl());
        assertThat(second.requestCount()).isGreaterThan(secondBefore);
        assertThat(first.requestCount()).isEqualTo(firstBefore);
    }

    @Test
    void curlWhenIdpNamedByEntityIdThenLogsInThere() {
        long secondBefore = second.requestCount();
        Cli.Result r = curlByName(first.entityId());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).contains("issuer=" + first.entityId());
        assertThat(r.err()).contains("matched by entityID");
        assertThat(second.requestCount()).isEqualTo(secondBefore);
    }

    @Test
    void curlWhenNameAmbiguousThenIdpAmbiguousListingCandidatesAndNoIdpContacted() {
        long before = first.requestCount() + second.requestCount();
        Cli.Result r = curlByName("univ");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("samlec curl: idp_ambiguous: ").contains("'First University' ("
                + first.entityId() + ")", "'Second University' (" + second.entityId() + ")");
        assertThat(first.requestCount() + second.requestCount()).isEqualTo(before);
    }

    @Test
    void curlWhenNameUnknownThenIdpNotFound() {
        Cli.Result r = curlByName("Fourth Academy");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec curl: idp_not_found: ").contains("'Fourth Academy'");
    }

    @Test
    void curlWhenIdpOffersNoEcpThenIdpNotFound() {
        Cli.Result r = curlByName("https://web.second.example.org/idp");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec curl: idp_not_found: ").contains("does not offer ECP");
    }

    @Test
    void curlWhenNameAndEntityIdBothGivenThenUsageError() {
        Cli.Result r = curlByName("second", "--idp-entity-id", second.entityId());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--idp NAME and --idp-entity-id");
    }

    @Test
    void curlWhenNameFromConfigFileWithFederationThenLogsIn() throws Exception {
        Path config = Files.writeString(dir.resolve("config"), "idp-metadata=" + federation
                + "\nmetadata-signing-cert=" + federationCert + "\nidp=Zweite Universität\n");
        java.util.function.Function<String, String> saved = Defaults.environment;
        Defaults.environment = java.util.Map.of("SAMLEC_CONFIG", config.toString())::get;
        try {
            Cli.Result r = Cli.runWithStdin("alicepw\n", "curl", "--allow-http", "--password-stdin", "-u", "alice",
                    sp.resourceUrl().toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.lines()).contains("issuer=" + second.entityId());
            assertThat(r.err()).contains("matched 'Zweite Universität' (its DisplayName)");
        } finally {
            Defaults.environment = saved;
        }
    }
}
