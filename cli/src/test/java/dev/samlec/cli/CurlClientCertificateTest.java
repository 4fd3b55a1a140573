package dev.samlec.cli;

import static dev.samlec.cli.MetadataTrustVerifyTest.pem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.Pem;
import dev.samlec.mech.service.ConfirmationMethods;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoTls;
import dev.samlec.testkit.sp.DemoServiceProvider;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samlec curl --cert}: alice logs in at an https demo IdP with her TLS client certificate (PEM, PEM with a
 * separate key, PKCS#12), never asked for a password; with {@code --holder-of-key} the assertion is bound to her key
 * and a service that accepts only holder-of-key assertions lets her in over a connection showing that key. Files
 * that are not one pair, a wrong PKCS#12 password and options without {@code --cert} are refused before any
 * connection to the IdP.
 */
@Timeout(120)
class CurlClientCertificateTest {
    private static DemoTls tls;
    private static DemoTls otherCa;
    private static DemoIdp idp;
    private static DemoServiceProvider bearerOnly;
    private static DemoServiceProvider holderOfKeyOnly;

    @TempDir
    static Path dir;
    private static String trust;
    /** alice's certificate, intermediates and key in one PEM file. */
    private static String alicePem;
    private static String aliceCertOnly;
    private static String aliceKeyOnly;
    private static String bobKeyOnly;
    private static String aliceP12;
    private static String p12Password;
    private static String strangerPem;

    @BeforeAll
    static void start() throws Exception {
        tls = DemoTls.generate();
        otherCa = DemoTls.generate();
        idp = DemoIdp.builder().https(tls.serverKeyStore(), DemoTls.password())
                .trustClientCertificates(List.of(tls.caCertificate())).start();
        IdpTrust idpTrust = IdpTrust.of(idp.entityId(), List.of(idp.signingCertificate()));
        bearerOnly = DemoServiceProvider.builder().trust(idpTrust).https(tls.serverKeyStore(), DemoTls.password())
                .start();
        holderOfKeyOnly = DemoServiceProvider.builder().trust(idpTrust)
                .https(tls.serverKeyStore(), DemoTls.password())
                .confirmationMethods(ConfirmationMethods.HOLDER_OF_KEY).start();
        for (DemoServiceProvider sp : List.of(bearerOnly, holderOfKeyOnly)) {
            idp.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
        }
        trust = pem(dir, "ca.pem", tls.caCertificate());
        KeyStore alice = tls.clientKeyStore("alice");
        alicePem = write("alice.pem", certificates(alice) + key(alice));
        aliceCertOnly = write("alice-cert.pem", certificates(alice));
        aliceKeyOnly = write("alice-key.pem", key(alice));
        bobKeyOnly = write("bob-key.pem", key(tls.clientKeyStore("bob")));
        aliceP12 = dir.resolve("alice.p12").toString();
        char[] p12Secret = "p12 secret".toCharArray();
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null); // one password for the file and its key, as openssl pkcs12 -export writes them
        p12.setKeyEntry("alice", alice.getKey(DemoTls.CLIENT_ALIAS, DemoTls.password()), p12Secret,
                alice.getCertificateChain(DemoTls.CLIENT_ALIAS));
        try (OutputStream out = Files.newOutputStream(Path.of(aliceP12))) {
            p12.store(out, p12Secret);
        }
        p12Password = write("p12-password", "p12 secret\n");
        KeyStore stranger = otherCa.clientKeyStore("alice");
        strangerPem = write("stranger.pem", certificates(stranger) + key(stranger));
    }

    @AfterAll
    static void stop() {
        holderOfKeyOnly.close();
        bearerOnly.close();
        idp.close();
    }

    private static Cli.Result curl(DemoServiceProvider sp, String... options) {
        List<String> args = new ArrayList<>(List.of("curl", "--idp", idp.ssoUrl().toString(), "--trust", trust));
        args.addAll(List.of(options));
        args.add(sp.resourceUrl().toString());
        // nothing on stdin: a password prompt would fail the login
        return Cli.runWithStdin("", args.toArray(String[]::new));
    }

    @Test
    void curlWhenPemWithCertificateAndKeyThenLoggedInWithoutPassword() {
        Cli.Result r = curl(bearerOnly, "--cert", alicePem);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).contains("nameId=alice");
    }

    @Test
    void curlWhenKeyInItsOwnFileThenLoggedIn() {
        Cli.Result r = curl(bearerOnly, "-E", aliceCertOnly, "--key", aliceKeyOnly);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).contains("nameId=alice");
    }

    @Test
    void curlWhenPkcs12WithItsPasswordThenLoggedIn() {
        Cli.Result r = curl(bearerOnly, "--cert", aliceP12, "--cert-password-file", p12Password);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).contains("nameId=alice");
    }

    @Test
    void curlWhenHolderOfKeyThenHolderOfKeyOnlyServiceAcceptsTheKeysConnection() {
        Cli.Result r = curl(holderOfKeyOnly, "--cert", alicePem, "--holder-of-key");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).contains("nameId=alice");
    }

    @Test
    void curlWhenNoHolderOfKeyThenHolderOfKeyOnlyServiceRefusesTheBearerAssertion() {
        Cli.Result r = curl(holderOfKeyOnly, "--cert", alicePem);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("samlec curl: sp_rejected_login: ").contains("invalid_subject_confirmation");
    }

    @Test
    void curlWhenHolderOfKeyAtBearerOnlyServiceThenRefused() {
        Cli.Result r = curl(bearerOnly, "--cert", alicePem, "--holder-of-key");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("samlec curl: sp_rejected_login: ").contains("invalid_subject_confirmation");
    }

    @Test
    void curlWhenKeyOfAnotherPairThenRefusedBeforeTheIdp() {
        long before = idp.requestCount();
        Cli.Result r = curl(bearerOnly, "--cert", aliceCertOnly, "--key", bobKeyOnly);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec curl: invalid_configuration: option --key: not the private key of"
                + " the certificate CN=alice").contains(bobKeyOnly);
        assertThat(idp.requestCount()).isEqualTo(before);
    }

    @Test
    void curlWhenPemHasNoKeyAndNoKeyOptionThenRefusedNamingKey() {
        Cli.Result r = curl(bearerOnly, "--cert", aliceCertOnly);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("invalid_configuration: option --cert: the file holds no PRIVATE KEY block;"
                + " give the key with --key");
    }

    @Test
    void curlWhenPkcs12PasswordWrongOrMissingThenRefusedNamingThePasswordFile() throws Exception {
        long before = idp.requestCount();
        Cli.Result missing = curl(bearerOnly, "--cert", aliceP12);
        Cli.Result wrong = curl(bearerOnly, "--cert", aliceP12, "--cert-password-file", write("wrong", "nope\n"));

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("option --cert: the PKCS#12 file does not open with an empty password"
                + " (give --cert-password-file)");
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.err()).contains("does not open with the password of --cert-password-file");
        assertThat(idp.requestCount()).isEqualTo(before);
    }

    @Test
    void curlWhenCertFileIsNeitherPemNorPkcs12ThenRefused() throws Exception {
        Cli.Result r = curl(bearerOnly, "--cert", write("garbage.bin", "\u0001\u0002 not a key store"));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec curl: invalid_configuration: option --cert: neither a PEM file");
    }

    @Test
    void curlWhenCertIsADeviceOrTooLargeThenRefusedWithoutReadingIt() throws Exception {
        Path big = dir.resolve("big.pem");
        try (var out = Files.newOutputStream(big)) {
            out.write(new byte[9 * 1024 * 1024]);
        }
        for (String[] options : new String[][] {{"--cert", "/dev/zero"}, {"--cert", dir.toString()},
                {"--cert", aliceCertOnly, "--key", "/dev/zero"}, {"--cert", aliceP12, "--cert-password-file",
                    "/dev/zero"}, {"--cert", big.toString()}}) {
            Cli.Result r = curl(bearerOnly, options);

            assertThat(r.exitCode()).as(String.join(" ", options)).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", options)).startsWith("samlec curl: invalid_configuration: option --")
                    .containsAnyOf("not a regular file", "larger than");
        }
    }

    @Test
    void curlWhenKeyBlockIsNotBase64ThenOneLineConfigurationError() throws Exception {
        Cli.Result r = curl(bearerOnly, "--cert", aliceCertOnly, "--key",
                write("bad-key.pem", "-----BEGIN PRIVATE KEY-----\nAAAA=AAA\n-----END PRIVATE KEY-----\n"));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec curl: invalid_configuration: option --key: ")
                .contains("a PRIVATE KEY block is not valid base64");
    }

    @Test
    void curlWhenPkcs12HoldsOnlyASecretKeyThenRefusedCountingPrivateKeys() throws Exception {
        KeyStore secret = KeyStore.getInstance("PKCS12");
        secret.load(null, null);
        secret.setEntry("sec", new KeyStore.SecretKeyEntry(new javax.crypto.spec.SecretKeySpec(new byte[16], "AES")),
                new KeyStore.PasswordProtection("p12 secret".toCharArray()));
        Path file = dir.resolve("secret.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            secret.store(out, "p12 secret".toCharArray());
        }

        Cli.Result r = curl(bearerOnly, "--cert", file.toString(), "--cert-password-file", p12Password);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec curl: invalid_configuration: option --cert: the PKCS#12 file must"
                + " hold exactly one private key entry, it holds 0");
    }

    @Test
    void curlWhenCurlsFilePasswordFormThenUsageErrorWithoutThePassword() {
        Cli.Result r = curl(bearerOnly, "--cert", aliceP12 + ":Sup3rUniqueP12pw");

        assertUsage(r, "curl's FILE:PASSWORD form is not supported");
        assertThat(r.err()).doesNotContain("Sup3rUniqueP12pw");
    }

    @Test
    void curlWhenIdpIgnoresTheHolderOfKeyRequestThenRefusedBeforeTheService() throws Exception {
        try (DemoIdp ignoring = DemoIdp.builder().https(tls.serverKeyStore(), DemoTls.password())
                .trustClientCertificates(List.of(tls.caCertificate())).ignoreHolderOfKeyRequests().start();
                DemoServiceProvider sp = DemoServiceProvider.builder()
                        .trust(IdpTrust.of(ignoring.entityId(), List.of(ignoring.signingCertificate())))
                        .https(tls.serverKeyStore(), DemoTls.password()).start()) {
            ignoring.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));

            Cli.Result r = Cli.runWithStdin("", "curl", "--idp", ignoring.ssoUrl().toString(), "--trust", trust,
                    "--cert", alicePem, "--holder-of-key", sp.resourceUrl().toString());

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).startsWith("samlec curl: invalid_subject_confirmation: asked the IdP for a"
                    + " holder-of-key assertion").contains("nothing was sent to the service");
            assertThat(r.out()).doesNotContain("nameId=");
        }
    }

    @Test
    void curlWhenTheIdpEncryptsTheAssertionThenRefusedUnlessAcceptEncryptedAssertion() throws Exception {
        dev.samlec.mech.SigningKey decryption = dev.samlec.testkit.GeneratedKeys.rsa("curl test encryption");
        try (DemoServiceProvider sp = DemoServiceProvider.builder()
                .trust(IdpTrust.of(idp.entityId(), List.of(idp.signingCertificate())))
                .https(tls.serverKeyStore(), DemoTls.password()).confirmationMethods(ConfirmationMethods.HOLDER_OF_KEY)
                .decryptionKey(decryption).start()) {
            idp.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()), decryption.certificate());

            Cli.Result checked = curl(sp, "--cert", alicePem, "--holder-of-key");
            Cli.Result unchecked = curl(sp, "--cert", alicePem, "--holder-of-key", "--accept-encrypted-assertion");

            assertThat(checked.exitCode()).isEqualTo(1);
            assertThat(checked.err()).contains("samlec curl: invalid_subject_confirmation: ", "an encrypted assertion");
            assertThat(unchecked.exitCode()).as(unchecked.err()).isZero();
            assertThat(unchecked.lines()).contains("nameId=alice");
        }
    }

    @Test
    void curlWhenCertificateOfAnotherCaThenTheIdpDoesNotLogIn() {
        Cli.Result r = curl(bearerOnly, "--cert", strangerPem);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).doesNotContain("nameId=");
        assertThat(r.err()).startsWith("samlec curl: idp_authentication_failed: ")
                .contains("refused the credentials (a TLS client certificate)");
    }

    @Test
    void curlWhenCertificateOptionsConflictThenUsageErrors() {
        assertUsage(curl(bearerOnly, "--holder-of-key"), "--holder-of-key needs --cert FILE");
        assertUsage(curl(bearerOnly, "--cert", alicePem, "--accept-encrypted-assertion"),
                "--accept-encrypted-assertion needs --holder-of-key");
        assertUsage(curl(bearerOnly, "--key", aliceKeyOnly), "--key needs --cert FILE");
        assertUsage(curl(bearerOnly, "--cert-password-file", p12Password), "--cert-password-file needs --cert");
        assertUsage(curl(bearerOnly, "--cert", alicePem, "-u", "alice"), "leave out -u");
        assertUsage(curl(bearerOnly, "--cert", alicePem, "--negotiate"), "leave out -u");
        assertUsage(curl(bearerOnly, "--cert", aliceP12, "--key", aliceKeyOnly), "--key is for a PEM --cert");
        assertUsage(curl(bearerOnly, "--cert", alicePem, "--cert-password-file", p12Password),
                "--cert-password-file is for a PKCS#12 --cert");
        Cli.Result http = Cli.runWithStdin("", "curl", "--idp", idp.ssoUrl().toString(), "--trust", trust,
                "--cert", alicePem, "--holder-of-key", "--allow-http", "http://127.0.0.1:9/resource");
        assertUsage(http, "--holder-of-key needs an https URL");
    }

    private static void assertUsage(Cli.Result r, String fragment) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(fragment);
    }

    private static String certificates(KeyStore store) throws Exception {
        StringBuilder text = new StringBuilder();
        for (Certificate certificate : store.getCertificateChain(DemoTls.CLIENT_ALIAS)) {
            text.append(Pem.encode((X509Certificate) certificate));
        }
        return text.toString();
    }

    private static String key(KeyStore store) throws Exception {
        Key key = store.getKey(DemoTls.CLIENT_ALIAS, DemoTls.password());
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    private static String write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.ISO_8859_1);
        return file.toString();
    }
}
