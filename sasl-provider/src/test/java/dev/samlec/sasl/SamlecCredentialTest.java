package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.client.IdpEndpoint;
import java.net.URI;
import java.util.List;
import javax.security.auth.Subject;
import org.junit.jupiter.api.Test;

/** Which credential of a Subject the SAML20EC client uses. */
class SamlecCredentialTest {
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
}
