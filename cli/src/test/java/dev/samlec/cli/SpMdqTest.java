package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.SigningKey;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.testkit.DemoDirectory;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoMdq;
import dev.samlec.testkit.GeneratedKeys;
import dev.samlec.testkit.sp.DemoServiceProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code samlec sp --idp-mdq URL --metadata-signing-cert PEM} end to end: two running demo IdPs (one directory behind
 * both) described by a real loopback MDQ service in answers signed by a generated MDQ key, and {@code samlec curl}
 * logging in through them; an IdP the service does not know, or one outside --idp-entity-id, is refused.
 */
@Timeout(180)
class SpMdqTest {
    private static final SigningKey MDQ_SIGNER = GeneratedKeys.rsa("cli sp test mdq signer");
    private static DemoDirectory directory;
    private static DemoIdp first;
    private static DemoIdp second;
    private static DemoMdq mdq;
    private static String mdqPem;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        directory = DemoDirectory.start();
        first = DemoIdp.builder().directory(directory).start();
        second = DemoIdp.builder().directory(directory).signingKey(TestCredentials.idp()).start();
        mdq = DemoMdq.http();
        mdqPem = MetadataTrustVerifyTest.pem(dir, "mdq-signer.pem", MDQ_SIGNER.certificate());
    }

    @AfterAll
    static void stop() {
        mdq.close();
        second.close();
        first.close();
        directory.close();
    }

    private static void answer(DemoIdp idp) throws Exception {
        mdq.serve(idp.entityId(), MetadataTrustVerifyTest.signed(idp.metadata(), MDQ_SIGNER));
    }

    /** Starts {@code samlec sp} with the MDQ service and {@code more}, registered at both IdPs. */
    private static DemoServiceProvider sp(StringWriter printed, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--allow-http", "--idp-mdq", mdq.url(), "--metadata-signing-cert",
                mdqPem));
        args.addAll(List.of(more));
        SpCommand command = new SpCommand();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(printed));
        cli.parseArgs(args.toArray(String[]::new));
        DemoServiceProvider sp = command.start();
        first.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
        second.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
        return sp;
    }

    private static Cli.Result curl(DemoIdp idp, DemoServiceProvider sp) {
        return Cli.runWithStdin("bobpw\n", "curl", "--allow-http", "--password-stdin", "-u", "bob", "--idp",
                idp.ssoUrl().toString(), sp.resourceUrl().toString());
    }

    @Test
    void spWhenIdpMdqThenLoginThroughAnsweredIdpAcceptedAndUnknownIdpRefused() throws Exception {
        answer(first);
        mdq.forget(second.entityId());
        StringWriter printed = new StringWriter();
        try (DemoServiceProvider sp = sp(printed)) {
            assertThat(printed.toString()).contains("trusted IdP:        MDQ " + mdq.url());
            int before = mdq.paths().size();
            Cli.Result accepted = curl(first, sp);
            assertThat(accepted.exitCode()).as(accepted.err()).isZero();
            assertThat(accepted.lines()).contains("nameId=bob", "issuer=" + first.entityId());
            assertThat(mdq.paths().subList(before, mdq.paths().size()))
                    .containsExactly(DemoMdq.path(first.entityId()));

            Cli.Result refused = curl(second, sp);
            assertThat(refused.exitCode()).as(refused.err()).isEqualTo(1);
            assertThat(refused.err()).contains("samlec curl: sp_rejected_login: ", "login refused: invalid_issuer");
            assertThat(mdq.paths().subList(before, mdq.paths().size()))
                    .containsExactly(DemoMdq.path(first.entityId()), DemoMdq.path(second.entityId()));
        }
    }

    @Test
    void spWhenMdqAnswerValidLongerThanMetadataMaxValidityThenLoginRefused() throws Exception {
        answer(first); // valid for a week
        StringWriter printed = new StringWriter();
        try (DemoServiceProvider sp = sp(printed, "--metadata-max-validity", "P1D")) {
            Cli.Result refused = curl(first, sp);
            assertThat(refused.exitCode()).as(refused.err()).isEqualTo(1);
            assertThat(refused.err()).contains("samlec curl: sp_rejected_login: ", "metadata_unavailable");
        }
        try (DemoServiceProvider sp = sp(new StringWriter(), "--metadata-max-validity", "P8D")) {
            assertThat(curl(first, sp).exitCode()).isZero();
        }
    }

    @Test
    void spWhenSignedMetadataFileValidLongerThanMetadataMaxValidityThenNotStarted() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("sp-idp.xml"),
                MetadataTrustVerifyTest.signed(first.metadata(), MDQ_SIGNER));
        for (List<String> entity : List.of(List.of("--idp-entity-id", first.entityId()), List.<String>of())) {
            List<String> args = new ArrayList<>(List.of("--idp-metadata", file.toString(), "--metadata-signing-cert",
                    mdqPem, "--metadata-max-validity", "P1D"));
            args.addAll(entity);
            SpCommand command = new SpCommand();
            new CommandLine(command).parseArgs(args.toArray(String[]::new));
            assertThatThrownBy(command::start).isInstanceOf(dev.samlec.mech.EcpConfigurationException.class)
                    .hasMessageContaining("longest validity allowed, 1 day");
        }
        SpCommand bad = new SpCommand();
        new CommandLine(bad).parseArgs("--idp-metadata", file.toString(), "--metadata-max-validity", "P1D");
        assertThatThrownBy(bad::start).isInstanceOf(UsageException.class)
                .hasMessageContaining("--metadata-max-validity needs --metadata-signing-cert");
    }

    @Test
    void spWhenIdpMdqWithIdpEntityIdThenOtherIdpRefusedWithoutAskingForIt() throws Exception {
        answer(first);
        answer(second);
        StringWriter printed = new StringWriter();
        try (DemoServiceProvider sp = sp(printed, "--idp-entity-id", first.entityId())) {
            assertThat(printed.toString()).contains("trusted IdP:        " + first.entityId() + " (looked up at MDQ "
                    + mdq.url() + ")");
            long secondAsked = mdq.requests(second.entityId());
            Cli.Result refused = curl(second, sp);
            assertThat(refused.exitCode()).as(refused.err()).isEqualTo(1);
            assertThat(refused.err()).contains("samlec curl: sp_rejected_login: ", "login refused: invalid_issuer");
            assertThat(mdq.requests(second.entityId())).isEqualTo(secondAsked);

            Cli.Result accepted = curl(first, sp);
            assertThat(accepted.exitCode()).as(accepted.err()).isZero();
            assertThat(accepted.lines()).contains("nameId=bob", "issuer=" + first.entityId());
        }
    }

    @Test
    @Timeout(30) // a check removed would start the service, which runs until interrupted
    void spWhenIdpMdqUsageProblemsThenOneLineErrorsAndNothingAsked() throws Exception {
        int before = mdq.paths().size();
        assertOneLineError(Cli.run("sp", "--allow-http", "--idp-mdq", mdq.url()), 2, "--idp-mdq",
                "--metadata-signing-cert");
        assertOneLineError(Cli.run("sp", "--allow-http", "--idp-mdq", mdq.url(), "--metadata-signing-cert", mdqPem,
                "--idp-metadata", first.metadataUrl().toString()), 2, "--idp-mdq", "--idp-metadata");
        assertOneLineError(Cli.run("sp", "--idp-mdq", mdq.url(), "--metadata-signing-cert", mdqPem), 1,
                "samlec sp: invalid_configuration: option --idp-mdq: ", "--allow-http");
        assertThat(mdq.paths()).hasSize(before);
    }

    private static void assertOneLineError(Cli.Result r, int exitCode, String... fragments) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(exitCode);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("samlec sp: ").contains(fragments).doesNotContain("\tat ", "Caused by");
    }
}
