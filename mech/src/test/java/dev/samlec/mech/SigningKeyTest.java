package dev.samlec.mech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.testing.TestCredentials;
import org.junit.jupiter.api.Test;

class SigningKeyTest {
    @Test
    void keyMatchesCertificateWhenOnePairThenTrue() {
        assertThat(TestCredentials.idp().keyMatchesCertificate()).isTrue();
        assertThat(TestCredentials.idpEc().keyMatchesCertificate()).isTrue();
    }

    @Test
    void keyMatchesCertificateWhenKeyOfAnotherPairThenFalse() {
        SigningKey rsa = new SigningKey(TestCredentials.attacker().privateKey(), TestCredentials.idp().certificate());
        SigningKey ec = new SigningKey(TestCredentials.spSigningEc().privateKey(),
                TestCredentials.idpEc().certificate());

        assertThat(rsa.keyMatchesCertificate()).isFalse();
        assertThat(ec.keyMatchesCertificate()).isFalse();
    }

    @Test
    void constructorWhenAlgorithmsDifferThenRefusedNamingBoth() {
        assertThatThrownBy(() -> new SigningKey(TestCredentials.idpEc().privateKey(),
                TestCredentials.idp().certificate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("private key is EC")
                .hasMessageContaining("holds a RSA key");
    }

    @Test
    void toStringWhenPrintedThenNoKeyMaterial() {
        SigningKey key = TestCredentials.idp();

        assertThat(key.toString()).startsWith("SigningKey[RSA, ").doesNotContain(
                java.util.Base64.getEncoder().encodeToString(key.privateKey().getEncoded()).substring(0, 40));
    }
}
