package dev.samlec.apacheds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.testkit.DemoDirectory;
import javax.naming.AuthenticationException;
import javax.naming.ldap.LdapContext;
import org.apache.directory.api.ldap.model.entry.DefaultEntry;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.server.core.api.DirectoryService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The configurable parts of {@link IdentityMapping}, through real JNDI binds: mapping by a SAML attribute instead of
 * the NameID, "exactly one entry", and the proxy group that lets its members bind with another entry's authzid.
 * Each test installs its own mapping (tests in a class run one after another).
 */
@Timeout(120)
class IdentityMappingBindTest {
    private static final String STAFF = "cn=staff," + DemoDirectory.GROUPS_DN;
    private static final String ADMINS = "cn=admins," + DemoDirectory.GROUPS_DN;
    private static LdapFixture ldap;

    @BeforeAll
    static void start() throws Exception {
        ldap = new LdapFixture();
    }

    @AfterAll
    static void stop() {
        ldap.close();
    }

    private static String whoAmIAfterBind(String user, String authzid) throws Exception {
        LdapContext context = JndiSaml20EcBindTest.bind(ldap, user, user + "pw", authzid);
        try {
            return WhoAmI.of(context);
        } finally {
            context.close();
        }
    }

    private static Dn dn(String name) throws Exception {
        return new Dn(name);
    }

    @Test
    void bindWhenMappedBySamlMailAttributeThenEntryWithThatMail() throws Exception {
        ldap.install(IdentityMapping.bySamlAttribute(dn(DemoDirectory.PEOPLE_DN), "mail", "mail"));

        assertThat(whoAmIAfterBind("alice", null)).isEqualToIgnoringCase("dn:" + LdapFixture.ALICE);
    }

    @Test
    void bindWhenMappingSamlAttributeMissingOrMultiValuedThenRefused() throws Exception {
        ldap.install(IdentityMapping.bySamlAttribute(dn(DemoDirectory.PEOPLE_DN), "cn", "groups"));

        assertThatThrownBy(() -> whoAmIAfterBind("carol", null)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("authorization_refused").hasMessageContaining("it has 0");
        assertThatThrownBy(() -> whoAmIAfterBind("alice", null)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("authorization_refused").hasMessageContaining("it has 2");
    }

    @Test
    void bindWhenNameIdMatchesNoEntryThenRefused() throws Exception {
        ldap.install(IdentityMapping.byUid(dn(DemoDirectory.GROUPS_DN)));

        assertThatThrownBy(() -> whoAmIAfterBind("alice", null)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("49").hasMessageContaining("authorization_refused")
                .hasMessageContaining("maps to no entry");
    }

    @Test
    void bindWhenNameIdMatchesTwoEntriesThenRefused() throws Exception {
        DirectoryService service = ldap.directory.ldapServer().getDirectoryService();
        String twin = "uid=bob,ou=groups," + DemoDirectory.BASE_DN;
        if (!service.getAdminSession().exists(twin)) {
            service.getAdminSession().add(new DefaultEntry(service.getSchemaManager(), twin,
                    "objectClass: inetOrgPerson", "uid: bob", "cn: Bob Twin", "sn: Twin"));
        }
        ldap.install(IdentityMapping.byUid(dn(DemoDirectory.BASE_DN)));

        assertThatThrownBy(() -> whoAmIAfterBind("bob", null)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("authorization_refused").hasMessageContaining("more than one entry");
    }

    @Test
    void bindWhenProxyGroupMemberNamesAnotherEntryThenBoundAsIt() throws Exception {
        ldap.install(IdentityMapping.byUid(dn(DemoDirectory.PEOPLE_DN)).withProxyGroup(dn(ADMINS)));

        assertThat(whoAmIAfterBind("alice", "dn:" + LdapFixture.BOB)).isEqualToIgnoringCase("dn:" + LdapFixture.BOB);
        assertThat(whoAmIAfterBind("alice", "u:carol")).isEqualToIgnoringCase("dn:" + LdapFixture.CAROL);
    }

    @Test
    void bindWhenProxyGroupOfNamesMemberNamesAnotherEntryThenBoundAsIt() throws Exception {
        ldap.install(IdentityMapping.byUid(dn(DemoDirectory.PEOPLE_DN)).withProxyGroup(dn(STAFF)));

        assertThat(whoAmIAfterBind("bob", "dn:" + LdapFixture.CAROL)).isEqualToIgnoringCase("dn:" + LdapFixture.CAROL);
    }

    @Test
    void bindWhenNotInProxyGroupThenOtherAuthzidRefused() throws Exception {
        ldap.install(IdentityMapping.byUid(dn(DemoDirectory.PEOPLE_DN)).withProxyGroup(dn(ADMINS)));

        assertThatThrownBy(() -> whoAmIAfterBind("bob", "dn:" + LdapFixture.ALICE))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("authorization_refused");
        assertThat(whoAmIAfterBind("bob", null)).as("bob himself still binds").isEqualToIgnoringCase(
                "dn:" + LdapFixture.BOB);
    }

    @Test
    void bindWhenProxyGroupMemberNamesNoEntryThenRefused() throws Exception {
        ldap.install(IdentityMapping.byUid(dn(DemoDirectory.PEOPLE_DN)).withProxyGroup(dn(ADMINS)));

        assertThatThrownBy(() -> whoAmIAfterBind("alice", "dn:uid=nobody," + DemoDirectory.PEOPLE_DN))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("names no entry");
        assertThatThrownBy(() -> whoAmIAfterBind("alice", "dn:uid=alice,dc=elsewhere,dc=org"))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("names no entry");
        assertThatThrownBy(() -> whoAmIAfterBind("alice", "dn:not a dn"))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("names no entry");
        assertThatThrownBy(() -> whoAmIAfterBind("alice", "u:nobody"))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("does not name exactly one");
    }

    @Test
    void proxyGroupWhenGroupMissingThenNobodyIsMember() throws Exception {
        ldap.install(IdentityMapping.byUid(dn(DemoDirectory.PEOPLE_DN))
                .withProxyGroup(dn("cn=nosuchgroup," + DemoDirectory.GROUPS_DN)));

        assertThatThrownBy(() -> whoAmIAfterBind("alice", "dn:" + LdapFixture.BOB))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("authorization_refused");
    }
}
