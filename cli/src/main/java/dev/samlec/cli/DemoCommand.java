package dev.samlec.cli;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.client.EcpHttpClient;
import dev.samlec.mech.client.HttpResult;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.metadata.IdpMetadata;
import dev.samlec.mech.metadata.MetadataLoader;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.sp.DemoServiceProvider;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code samlec demo}: the whole ECP flow on one machine: the demo IdP with its directory, a protected resource
 * behind samlec's service side, and samlec's ECP client logging in as alice, each step printed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a complete ECP login on this machine (demo IdP + embedded ApacheDS directory, a "
                + "PAOS-protected resource, the ECP client) and print each step and the identity obtained.")
final class DemoCommand implements Callable<Integer> {
    private static final String USER = "alice";
    private static final String PASSWORD = "alicepw";

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("== starting the demo IdP (embedded ApacheDS directory, signing key for demos only)");
        out.flush();
        try (DemoIdp idp = DemoIdp.builder().start()) {
            out.println("   IdP " + idp.entityId() + ", ECP endpoint " + idp.ssoUrl());
            out.println("   directory " + idp.directory().ldapUrl());
            IdpMetadata metadata = MetadataLoader.builder().build().load(idp.metadataUrl());
            out.println("   IdP metadata read from " + idp.metadataUrl() + " (" + metadata.signingCertificates().size()
                    + " signing certificate)");
            try (DemoServiceProvider sp = DemoServiceProvider.builder().trust(metadata).start()) {
                idp.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
                out.println("== service " + sp.entityId() + " protects " + sp.resourceUrl());
                out.println("   registered at the IdP with PAOS ACS " + sp.acsUrl());
                login(out, idp, sp);
                wrongPassword(out, idp, sp);
            }
        }
        out.println("== demo finished");
        out.flush();
        return 0;
    }

    private void login(PrintWriter out, DemoIdp idp, DemoServiceProvider sp) throws EcpException {
        out.println("== ECP login as " + USER);
        try (EcpHttpClient client = client(out, idp, PASSWORD.toCharArray())) {
            HttpResult first = client.fetch(sp.resourceUrl());
            out.println("== HTTP " + first.status() + " from " + first.finalUri() + ":");
            first.bodyAsString().lines().forEach(line -> out.println("   | " + line));
            HttpResult again = client.fetch(sp.resourceUrl());
            out.println("== second request reuses the session: HTTP " + again.status()
                    + ", IdP requests so far: " + idp.requestCount());
        }
        out.flush();
    }

    private void wrongPassword(PrintWriter out, DemoIdp idp, DemoServiceProvider sp) throws EcpException {
        out.println("== the same login with a wrong password");
        try (EcpHttpClient client = client(out, idp, "not-the-password".toCharArray())) {
            client.fetch(sp.resourceUrl());
            out.println("   unexpected: the wrong password was accepted");
            throw new IllegalStateException("the demo IdP accepted a wrong password");
        } catch (EcpException e) {
            out.println("   refused as expected: " + e.describe());
        }
        out.flush();
    }

    private static EcpHttpClient client(PrintWriter out, DemoIdp idp, char[] password) throws EcpException {
        IdpEndpoint endpoint = IdpEndpoint.builder(idp.entityId(), idp.ssoUrl())
                .credentials(IdpCredentials.basic(USER, password))
                .allowInsecureHttp(true)
                .build();
        return EcpHttpClient.builder().idp(endpoint).allowInsecureHttp(true)
                .listener(step -> {
                    out.println("   * " + step);
                    out.flush();
                })
                .build();
    }
}
