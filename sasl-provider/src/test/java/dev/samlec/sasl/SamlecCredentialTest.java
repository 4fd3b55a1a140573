package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.testkit.DemoTls;
import java.net.URI;
import java.util.List;
import javax.security.auth.Subject;
import org.junit.jupiter.api.Test;

/** Which credential of a Subject the SAML20EC client uses. */
class SamlecCredentialTest {
    private static final DemoTls TLS = DemoTls.generate();

    private static SamlecCredential credential(String user) throws Exception {
        return new SamlecCredential(user, List.of(IdpEndpoint.builder("https://idp.example.org",
                URI.create("https://idp.example.org/ecp")).useSystemTrust().build()));
    }

    @Test
    void newestInWhenSeveralLoginsThenTheLastLiveOneAdded() throws Exception {
        Subject subject = new Subject();
        for (int i = 0; i < 20; i++) {
            subject.getPrivateCredentials().add(credential("user" + i));
        }
        assertThat(SamlecCredential.newestIn(subject)).get().extracting(SamlecCredential::user).isEqualTo("user19");

        SamlecCredential.newestIn(subject).get().destroy();

        assertThat(SamlecCredential.newestIn(subject)).get().extracting(SamlecCredential::user).isEqualTo("user18");
    }

    @Test
    void newestInWhenNoneLiveThenEmpty() throws Exception {
        Subject subject = new Subject();
        SamlecCredential gone = credential("alice");
        gone.destroy();
        subject.getPrivateCredentials().add(gone);
        subject.getPrivateCredentials().add("not a samlec credential");

        assertThat(SamlecCredential.newestIn(subject)).isEmpty();
    }

    @Test
    void holderOfKeyWhenEveryIdpLogsInWithThatCertificateThenBound() throws Exception {
        IdpCredentials.ClientCertificate alice = aliceCertificate();
        SamlecCredential credential = new SamlecCredential("alice", List.of(endpoint(alice)), alice);

        assertThat(credential.holderOfKey()).containsSame(alice);
        assertThat(credential("alice").holderOfKey()).isEmpty();
    }

    @Test
    void holderOfKeyWhenAnIdpLogsInOtherwiseThenRefused() throws Exception {
        IdpCredentials.ClientCertificate alice = aliceCertificate();
        IdpEndpoint password = endpoint(IdpCredentials.basic("alice", "alicepw".toCharArray()));
        IdpEndpoint otherCertificate = endpoint(aliceCertificate());

        for (IdpEndpoint other : List.of(password, otherCertificate)) {
            assertThatThrownBy(() -> new SamlecCredential("alice", List.of(endpoint(alice), other), alice))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be the TLS client certificate every identity provider is logged in"
                            + " with");
        }
    }

    private static IdpCredentials.ClientCertificate aliceCertificate() throws Exception {
        return IdpCredentials.clientCertificate(TLS.clientKeyStore("alice"), DemoTls.password());
    }

    private static IdpEndpoint endpoint(IdpCredentials credentials) throws Exception {
        return IdpEndpoint.builder("https://idp.example.org", URI.create("https://idp.example.org/ecp"))
                .useSystemTrust().credentials(credentials).build();
    }
}
