package dev.samlec.examples;

import dev.samlec.examples.standalone.ProgrammaticLogin;
import dev.samlec.jaas.SamlecLogin;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslProvider;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoTls;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import javax.security.auth.Subject;
import javax.security.auth.login.LoginException;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

/**
 * Programmatic login without {@code jaas.conf}: {@link SamlecLogin} logs alice in at the demo IdP (HTTPS, pinned
 * to its certificate authority) and returns a {@link Subject}; a SAML20EC client running as that Subject then
 * authenticates to a service (here an in-memory {@code SaslServer} for {@code imap@localhost}) without being asked
 * for anything. A wrong password fails {@code login()}; after logout the Subject can no longer log in anywhere.
 * Exits 0 on success. The demo IdP comes from samlec's testkit; the login and the exchange are the code to copy in
 * {@link ProgrammaticLogin}.
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; java -cp examples/target/samlec-examples.jar dev.samlec.examples.ProgrammaticLoginExample
 * </pre>
 */
public final class ProgrammaticLoginExample {
    static final String SERVICE_ENTITY_ID = "https://imap.example/samlec";
    static final String SERVICE_NAME = "imap@localhost";

    private ProgrammaticLoginExample() {
    }

    /** Runs the example; exits 0 when every step behaved as described. */
    public static void main(String[] args) {
        System.exit(run(System.out));
    }

    /** Runs the example, printing to {@code out}; returns the exit code. */
    public static int run(PrintStream out) {
        DemoTls tls = DemoTls.generate();
        boolean installed = SamlecSaslProvider.install();
        try (DemoIdp idp = DemoIdp.builder().https(tls.serverKeyStore(), DemoTls.password()).start()) {
            idp.registerServiceProvider(SERVICE_ENTITY_ID, List.of(SERVICE_NAME));
            out.println("== demo IdP at " + idp.ssoUrl());
            SamlecLogin login = ProgrammaticLogin.forService(IdpEndpoint.builder(idp.entityId(), idp.ssoUrl())
                    .pinnedCertificates(List.of(tls.caCertificate())).responseTimeout(Duration.ofSeconds(20))
                    .build(), SERVICE_ENTITY_ID, SERVICE_NAME);

            Subject subject = login.login("alice", "alicepw".toCharArray());
            out.println("-- logged in; the Subject's principals: " + List.copyOf(subject.getPrincipals()));

            SamlecAcceptor service = SamlecAcceptor.builder(ServiceProviderSettings.builder()
                    .entityId(SERVICE_ENTITY_ID).assertionConsumerServiceUrl(SERVICE_NAME)
                    .idpTrust(IdpTrust.of(idp.entityId(), List.of(idp.signingCertificate()))).build()).build();
            SaslServer server = authenticate(subject, service);
            SamlIdentity identity = (SamlIdentity) server.getNegotiatedProperty(SamlecSasl.IDENTITY);
            out.println("-- the service authenticated " + server.getAuthorizationID() + " (NameID from "
                    + identity.issuer() + ", mail " + identity.attribute("mail").flatMap(a -> a.firstValue())
                    .orElse("?") + ") without a prompt");

            boolean ok = "alice".equals(server.getAuthorizationID());
            try {
                login.login("alice", "wrong".toCharArray());
                out.println("UNEXPECTED: a wrong password logged in");
                ok = false;
            } catch (LoginException e) {
                out.println("-- wrong password refused as expected: " + e.getClass().getSimpleName() + ": "
                        + e.getMessage());
                ok &= e.getMessage().startsWith("idp_authentication_failed");
            }

            SamlecLogin.logout(subject);
            try {
                authenticate(subject, service);
                out.println("UNEXPECTED: the Subject still authenticates after logout");
                ok = false;
            } catch (SaslException e) {
                out.println("-- after logout the Subject no longer authenticates: " + e.getMessage());
            }
            out.println(ok ? "== example finished" : "UNEXPECTED outcome");
            return ok ? 0 : 1;
        } catch (Exception e) {
            out.println("UNEXPECTED failure: " + e);
            return 1;
        } finally {
            if (installed) {
                SamlecSaslProvider.uninstall();
            }
        }
    }

    private static SaslServer authenticate(Subject subject, SamlecAcceptor service) throws Exception {
        return ProgrammaticLogin.authenticate(subject, service, "imap", "localhost");
    }
}
