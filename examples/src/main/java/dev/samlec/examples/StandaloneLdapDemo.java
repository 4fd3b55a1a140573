package dev.samlec.examples;

import dev.samlec.apacheds.WhoAmIRequest;
import dev.samlec.examples.standalone.JndiSaml20EcBind;
import dev.samlec.examples.standalone.LdapServerSettings;
import dev.samlec.examples.standalone.SamlLdapServer;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.testkit.DemoIdp;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.naming.NamingException;
import javax.naming.ldap.LdapContext;

/**
 * The demo harness for the standalone LDAP server ({@link SamlLdapServer}, code to copy): it starts the demo IdP
 * (testkit), writes the files a real deployment would have (the IdP's metadata, the users' LDIF, the server's
 * properties), starts the server from those files, and binds with the JDK's LDAP client as alice: JNDI with
 * {@code SAML20EC}, her name and password in {@code SECURITY_PRINCIPAL}/{@code SECURITY_CREDENTIALS}; then a
 * wrong password, refused. Exits 0 on success.
 *
 * <pre>
 * java -cp examples/target/samlec-examples.jar dev.samlec.examples.StandaloneLdapDemo
 * </pre>
 */
public final class StandaloneLdapDemo {
    static final String SERVICE_ENTITY_ID = "https://ldap.example.org/samlec";
    /** The service name: {@code ldap@} and the host the client connects to. */
    static final String SERVICE_NAME = "ldap@127.0.0.1";
    static final String PEOPLE_DN = "ou=people,dc=example,dc=org";

    private StandaloneLdapDemo() {
    }

    /** Runs the demo; exits 0 when alice's bind succeeded and the wrong password was refused. */
    public static void main(String[] args) {
        System.exit(run(System.out));
    }

    /** Runs the demo, printing to {@code out}; returns the exit code. */
    public static int run(PrintStream out) {
        Path dir = null;
        try (DemoIdp idp = DemoIdp.start()) {
            dir = Files.createTempDirectory("samlec-standalone-ldap-");
            idp.registerServiceProvider(SERVICE_ENTITY_ID, List.of(SERVICE_NAME));
            Path properties = writeServerFiles(dir, idp.metadata(), "");
            out.println("== demo IdP at " + idp.ssoUrl() + "; its metadata in " + dir.resolve("idp-metadata.xml"));
            try (SamlLdapServer server = SamlLdapServer.start(LdapServerSettings.read(properties))) {
                String url = "ldap://127.0.0.1:" + server.port();
                out.println("== standalone LDAP server on " + url + " offering SASL " + server.mechanisms());
                IdpEndpoint endpoint = IdpEndpoint.builder(idp.entityId(), idp.ssoUrl())
                        .allowInsecureHttp(true).build();   // the demo IdP speaks plain http on loopback

                out.println("== JNDI bind with SAML20EC as alice (SECURITY_PRINCIPAL/SECURITY_CREDENTIALS)");
                LdapContext context = JndiSaml20EcBind.bind(url, endpoint, "alice", "alicepw".toCharArray());
                try {
                    String identity = WhoAmIRequest.ask(context);
                    out.println("   bound; Who am I? (RFC 4532) says: " + identity);
                    if (!identity.equalsIgnoreCase("dn:uid=alice," + PEOPLE_DN)) {
                        out.println("   UNEXPECTED: not alice's entry");
                        return 1;
                    }
                } finally {
                    context.close();
                }

                out.println("== the same bind with a wrong password");
                try {
                    JndiSaml20EcBind.bind(url, endpoint, "alice", "wrong".toCharArray()).close();
                    out.println("   UNEXPECTED: the bind succeeded");
                    return 1;
                } catch (NamingException e) {
                    // JNDI's message is only the mechanism name when the client refuses; the reason is the root cause
                    out.println("   refused as expected: " + (e.getRootCause() != null
                            ? e.getRootCause().getMessage() : e.getMessage()));
                }
            }
            out.println("== example finished");
            return 0;
        } catch (Exception e) {
            out.println("UNEXPECTED failure: " + e);
            return 1;
        } finally {
            if (dir != null) {
                KafkaExample.delete(dir);
            }
        }
    }

    /**
     * Writes {@code idp-metadata.xml}, {@code people.ldif} and {@code server.properties} (LDAP on a free port of
     * 127.0.0.1) into {@code dir}; {@code extraProperties} is appended to the properties (e.g. signing key, LDAPS).
     *
     * @return the properties file
     */
    static Path writeServerFiles(Path dir, byte[] idpMetadata, String extraProperties) throws IOException {
        Files.write(dir.resolve("idp-metadata.xml"), idpMetadata);
        try (InputStream ldif = SamlLdapServer.class.getResourceAsStream("people.ldif")) {
            Files.copy(ldif, dir.resolve("people.ldif"));
        }
        String properties = String.join("\n",
                "suffix=dc=example,dc=org",
                "ldif=people.ldif",
                "peopleDn=" + PEOPLE_DN,
                "host=127.0.0.1",
                "port=0",
                "serviceEntityId=" + SERVICE_ENTITY_ID,
                "serviceName=" + SERVICE_NAME,
                "idpMetadata=idp-metadata.xml",
                "workDirectory=work",
                extraProperties);
        return Files.writeString(dir.resolve("server.properties"), properties, StandardCharsets.UTF_8);
    }
}
