package dev.samlec.bench.jmh;

import dev.samlec.mech.testing.TestCredentials;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The unit every other figure is divided by: one RSA-2048 / SHA-256 PKCS#1 v1.5 verification of a fixed 1 KB message
 * with {@link Signature} (the JDK's provider), the cost floor of checking one XML signature. Measured in the same run
 * as the others, because this machine's absolute speed drifts.
 */
@State(Scope.Thread)
public class RsaVerifyBaseline {
    private final byte[] message = new byte[1024];
    private PublicKey publicKey;
    private byte[] signature;
    private Signature verifier;

    /** Signs the message once. */
    @Setup
    public void sign() throws GeneralSecurityException {
        Arrays.fill(message, (byte) 'x');
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(TestCredentials.idp().privateKey());
        signer.update(message);
        signature = signer.sign();
        publicKey = TestCredentials.idp().certificate().getPublicKey();
        verifier = Signature.getInstance("SHA256withRSA");
    }

    /** One verification. */
    @Benchmark
    public boolean rsa2048Sha256Verify() throws GeneralSecurityException {
        verifier.initVerify(publicKey);
        verifier.update(message);
        if (!verifier.verify(signature)) {
            throw new IllegalStateException("the baseline signature does not verify");
        }
        return true;
    }
}
