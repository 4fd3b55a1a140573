package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.sp.DemoServiceProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code samlec sp} prints where it runs, and {@code samlec curl} logs in to it through the demo IdP. */
@Timeout(120)
class SpCommandTest {
    @Test
    void spWhenStartedThenPrintedResourceAcceptsEcpLogin() throws Exception {
        try (DemoIdp idp = DemoIdp.builder().start()) {
            SpCommand command = new SpCommand();
            CommandLine cli = new CommandLine(command);
            StringWriter printed = new StringWriter();
            cli.setOut(new PrintWriter(printed));
            cli.parseArgs("--allow-http", "--idp-metadata", idp.metadataUrl().toString());
            try (DemoServiceProvider sp = command.start()) {
                assertThat(printed.toString()).contains("protected resource: " + sp.resourceUrl(),
                        "ACS (PAOS):         " + sp.acsUrl(), "trusted IdP:        " + idp.entityId());
                idp.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
                Cli.Result r = Cli.runWithStdin("bobpw\n", "curl", "--allow-http", "--password-stdin", "-u", "bob",
                        "--idp", idp.ssoUrl().toString(), sp.resourceUrl().toString());
                assertThat(r.exitCode()).isZero();
                assertThat(r.lines()).contains("nameId=bob", "attribute groups=staff");
            }
        }
    }

    @Test
    void spWhenMetadataMissingThenUsageError() {
        Cli.Result r = Cli.run("sp");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--idp-metadata is required");
    }
}
