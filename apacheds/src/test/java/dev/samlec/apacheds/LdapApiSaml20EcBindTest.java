package dev.samlec.apacheds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.sasl.SamlecCredential;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SubjectAccess;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import org.apache.directory.api.ldap.model.message.BindResponse;
import org.apache.directory.api.ldap.model.message.ResultCodeEnum;
import org.apache.directory.ldap.client.api.LdapNetworkConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Apache Directory LDAP API client binds with SAML20EC: through its own {@code bind(SaslRequest)} (its SASL
 * callback handler knows only name, password and realm, so the IdP and credentials come from the JAAS Subject the
 * bind runs as, a {@link SamlecCredential} as samlec's LoginModule leaves it), and through generic SASL
 * BindRequests driven by a samlec SaslClient ({@link SaslBindLoop}).
 */
@Timeout(120)
class LdapApiSaml20EcBindTest {
    private static LdapFixture ldap;

    @BeforeAll
    static void start() throws Exception {
        ldap = new LdapFixture();
    }

    @AfterAll
    static void stop() {
        ldap.close();
    }

    private static Subject loggedIn(String user, String password) throws Exception {
        Subject subject = new Subject();
        subject.getPrivateCredentials().add(new SamlecCredential(user, List.of(ldap.endpoint().withCredentials(
                IdpCredentials.basic(user, password.toCharArray())))));
        return subject;
    }

    private static LdapNetworkConnection connect() {
        LdapNetworkConnection connection = new LdapNetworkConnection("127.0.0.1", ldap.directory.port());
        connection.setTimeOut(30_000);
        return connection;
    }

    @Test
    void saslRequestBindWhenRunAsSubjectWithSamlecCredentialThenWhoAmIIsEntry() throws Exception {
        try (LdapNetworkConnection connection = connect()) {
            BindResponse response = SubjectAccess.callAs(loggedIn("carol", "carolpw"),
                    () -> connection.bind(new Saml20EcSaslRequest()));

            assertThat(response.getLdapResult().getResultCode()).isEqualTo(ResultCodeEnum.SUCCESS);
            assertThat(connection.isAuthenticated()).isTrue();
            assertThat(WhoAmI.of(connection)).isEqualToIgnoringCase("dn:" + LdapFixture.CAROL);
        }
    }

    @Test
    void saslRequestBindWhenWrongPasswordThenInvalidCredentialsWithSamlecCode() throws Exception {
        try (LdapNetworkConnection connection = connect()) {
            // the client's own refusal: the LDAP API surfaces the mechanism's exception
            assertThatThrownBy(() -> SubjectAccess.callAs(loggedIn("carol", "wrong"),
                    () -> connection.bind(new Saml20EcSaslRequest())))
                    .hasMessageContaining("idp_authentication_failed: ").hasMessageContaining("user carol");
            assertThat(connection.isAuthenticated()).isFalse();
        }
    }

    @Test
    void bindLoopWhenIdpsInPropertiesAndOwnAuthzidThenBound() throws Exception {
        try (LdapNetworkConnection connection = connect()) {
            Map<String, Object> props = Map.of(SamlecSasl.IDPS, List.of(ldap.endpoint().withCredentials(
                    IdpCredentials.basic("bob", "bobpw".toCharArray()))));
            BindResponse response = SaslBindLoop.bind(connection, SamlecSasl.SAML20EC, "u:bob", props, null);

            assertThat(response.getLdapResult().getResultCode()).isEqualTo(ResultCodeEnum.SUCCESS);
            assertThat(WhoAmI.of(connection)).isEqualToIgnoringCase("dn:" + LdapFixture.BOB);
        }
    }

    @Test
    void bindLoopWhenAuthzidNamesAnotherEntryThenRefusedAndStillAnonymous() throws Exception {
        try (LdapNetworkConnection connection = connect()) {
            BindResponse response = SaslBindLoop.bind(connection, SamlecSasl.SAML20EC, "u:alice", Map.of(),
                    ldap.user("bob", "bobpw"));

            assertThat(response.getLdapResult().getResultCode()).isEqualTo(ResultCodeEnum.INVALID_CREDENTIALS);
            assertThat(response.getLdapResult().getDiagnosticMessage()).contains("authorization_refused");
            assertThat(WhoAmI.of(connection)).isEmpty();
        }
    }
}
