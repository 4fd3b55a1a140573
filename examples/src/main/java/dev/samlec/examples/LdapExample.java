package dev.samlec.examples;

import dev.samlec.apacheds.IdentityMapping;
import dev.samlec.apacheds.SamlecLdapMechanisms;
import dev.samlec.apacheds.WhoAmIRequest;
import dev.samlec.examples.standalone.AcceptorFiles;
import dev.samlec.examples.standalone.JndiSaml20EcBind;
import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecCallbackHandler;
import dev.samlec.testkit.DemoDirectory;
import dev.samlec.testkit.DemoIdp;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attributes;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.LdapContext;
import org.apache.directory.api.ldap.model.name.Dn;

/**
 * An LDAP server that accepts federated SAML logins, and a client that uses one, in one process on embedded
 * defaults: an ApacheDS directory (the demo users) serving LDAP with samlec's {@code SAML20EC} mechanism, the demo
 * IdP authenticating against that directory, and the JDK's own LDAP client (JNDI) binding with
 * {@code Context.SECURITY_AUTHENTICATION = "SAML20EC"} as alice. Prints what happens and exits 0 on success. The
 * demo peers come from samlec's testkit; the acceptor and the JNDI bind use the code to copy in
 * {@code dev.samlec.examples.standalone}.
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; java -jar examples/target/samlec-examples.jar
 * </pre>
 * (or {@code java -cp examples/target/samlec-examples.jar dev.samlec.examples.LdapExample}).
 */
public final class LdapExample {
    private static final String SERVICE = "ldap@127.0.0.1";
    private static final String SERVICE_ENTITY_ID = "https://ldap.example/samlec";

    private LdapExample() {
    }

    /** Runs the example; exits 0 when alice's SAML20EC bind succeeded, 1 otherwise. */
    public static void main(String[] args) {
        System.exit(run(System.out));
    }

    /** Runs the example, printing to {@code out}; returns the exit code. */
    public static int run(PrintStream out) {
        Path dir = null;
        try (DemoDirectory directory = DemoDirectory.start();
                DemoIdp idp = DemoIdp.builder().directory(directory).start()) {
            out.println("== LDAP server (ApacheDS) on " + directory.ldapUrl() + ", IdP at " + idp.ssoUrl());
            idp.registerServiceProvider(SERVICE_ENTITY_ID, List.of(SERVICE));
            dir = Files.createTempDirectory("samlec-ldap-example-");
            Path metadata = Files.write(dir.resolve("idp-metadata.xml"), idp.metadata());
            // from here on, what your own server does (see dev.samlec.examples.standalone.SamlLdapServer)
            SamlecAcceptor acceptor = AcceptorFiles.fromFiles(SERVICE_ENTITY_ID, SERVICE, metadata, null, null);
            Set<String> mechanisms = SamlecLdapMechanisms.install(directory.ldapServer(), acceptor,
                    IdentityMapping.byUid(new Dn(DemoDirectory.PEOPLE_DN)));
            SamlecLdapMechanisms.installWhoAmI(directory.ldapServer());
            out.println("== the server offers SASL " + mechanisms + " as service " + SERVICE
                    + "; identities map to (uid=<NameID>) under " + DemoDirectory.PEOPLE_DN);

            out.println("== JNDI bind with SAML20EC as alice");
            LdapContext context = bind(directory.ldapUrl(), idp, "alice", "alicepw");
            try {
                String identity = WhoAmIRequest.ask(context);
                out.println("   bound; Who am I? (RFC 4532) says: " + identity);
                if (!identity.equalsIgnoreCase("dn:uid=alice," + DemoDirectory.PEOPLE_DN)) {
                    out.println("   UNEXPECTED: not alice's entry");
                    return 1;
                }
                out.println("   alice's entry as she reads it: " + ownEntry(context));
            } finally {
                context.close();
            }

            out.println("== the same bind with a wrong password");
            try {
                bind(directory.ldapUrl(), idp, "alice", "wrong").close();
                out.println("   UNEXPECTED: the bind succeeded");
                return 1;
            } catch (NamingException e) {
                // JNDI's message is only the mechanism name when the client refuses; the reason is the root cause
                out.println("   refused as expected: " + (e.getRootCause() != null ? e.getRootCause().getMessage()
                        : e.getMessage()));
            }
            out.println("== example finished");
            return 0;
        } catch (Exception e) {
            out.println("example failed: " + e);
            return 1;
        } finally {
            KafkaExample.delete(dir);
        }
    }

    /** What an application does: name the mechanism and give a callback handler with the IdP and the credentials. */
    private static LdapContext bind(String url, DemoIdp idp, String user, String password) throws NamingException {
        IdpEndpoint endpoint;
        try {
            endpoint = IdpEndpoint.builder(idp.entityId(), idp.ssoUrl()).allowInsecureHttp(true).build();
        } catch (EcpConfigurationException e) {
            throw new IllegalStateException(e);
        }
        SamlecCallbackHandler handler = new SamlecCallbackHandler(List.of(endpoint), user, password.toCharArray());
        try {
            return JndiSaml20EcBind.bind(url, handler);
        } finally {
            handler.clear();
        }
    }

    private static String ownEntry(LdapContext context) throws NamingException {
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        controls.setReturningAttributes(new String[] {"cn", "mail"});
        NamingEnumeration<SearchResult> results = context.search(DemoDirectory.PEOPLE_DN, "(uid=alice)", controls);
        if (!results.hasMore()) {
            return "(not found)";
        }
        Attributes attributes = results.next().getAttributes();
        return "cn=" + attributes.get("cn").get() + ", mail=" + attributes.get("mail").get();
    }
}
