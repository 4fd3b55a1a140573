package dev.samlec.sasl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.service.ConfirmationMethods;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.sasl.SamlecSasl;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The server's early holder-of-key decision on the client's {@code hok} flag. */
class HolderOfKeyRulesTest {
    private static final Optional<X509Certificate> CERTIFICATE =
            Optional.of(TestCredentials.spSigning().certificate());

    private static InitialResponse initial(boolean hok) {
        return new InitialResponse(InitialResponse.CbFlag.N, Optional.empty(), Optional.empty(), hok, false, false);
    }

    private static void assertRefused(InitialResponse initial, ConfirmationMethods methods,
            Optional<X509Certificate> certificate, String reason) {
        assertThatThrownBy(() -> HolderOfKeyRules.check(initial, methods, certificate))
                .isInstanceOfSatisfying(EcpException.class,
                        e -> assertThat(e.error()).isEqualTo(EcpError.INVALID_SUBJECT_CONFIRMATION))
                .hasMessageContaining(reason);
    }

    @Test
    void checkWhenHokOnBearerOnlyServiceThenRefused() {
        assertRefused(initial(true), ConfirmationMethods.BEARER, CERTIFICATE, "accepts bearer only");
    }

    @Test
    void checkWhenHokWithoutClientCertificateThenRefusedNamingTheProperty() {
        assertRefused(initial(true), ConfirmationMethods.BEARER_OR_HOLDER_OF_KEY, Optional.empty(),
                SamlecSasl.CLIENT_CERTIFICATE);
    }

    @Test
    void checkWhenNoHokOnHolderOfKeyOnlyServiceThenRefused() {
        assertRefused(initial(false), ConfirmationMethods.HOLDER_OF_KEY, CERTIFICATE, "did not offer holder-of-key");
    }

    @Test
    void checkWhenHokWithCertificateOrBearerAcceptedThenPasses() {
        assertThatCode(() -> HolderOfKeyRules.check(initial(true), ConfirmationMethods.HOLDER_OF_KEY, CERTIFICATE))
                .doesNotThrowAnyException();
        assertThatCode(() -> HolderOfKeyRules.check(initial(false), ConfirmationMethods.BEARER, Optional.empty()))
                .doesNotThrowAnyException();
    }
}
