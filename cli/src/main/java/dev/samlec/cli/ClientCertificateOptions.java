package dev.samlec.cli;

import dev.samlec.mech.ConfigurationFiles;
import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.Pem;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.client.IdpCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code samlec curl}'s {@code --cert}, {@code --key}, {@code --cert-password-file} and {@code --holder-of-key}: a
 * TLS client certificate to log in at the IdP with (as IdPs of research and grid federations take personal
 * certificates), optionally also bound into the assertion (holder-of-key) and shown to the service.
 *
 * <p>The certificate comes as PEM (the certificate, then any intermediates, and its unencrypted PKCS#8 key in the
 * same file or in {@code --key}) or as a PKCS#12 file with one key entry, as curl's {@code --cert} takes them.
 */
final class ClientCertificateOptions {
    /** What a file of neither kind is told. */
    private static final String KINDS = "a PEM file (CERTIFICATE and PRIVATE KEY blocks) nor a PKCS#12 file";

    @Option(names = {"-E", "--cert"}, paramLabel = "FILE", description = "Log in at the IdP with this TLS client "
            + "certificate instead of a password: PEM (the certificate, intermediates after it, and its unencrypted "
            + "PKCS#8 key unless --key) or PKCS#12 with one key entry (its password: --cert-password-file). The IdP"
            + " must be https. Excludes -u, --password-stdin and --negotiate.")
    private Path cert;

    @Option(names = "--key", paramLabel = "PEM", description = "The --cert certificate's private key (unencrypted "
            + "PKCS#8 PEM), when it is not in the --cert file.")
    private Path key;

    @Option(names = "--cert-password-file", paramLabel = "FILE", description = "A file whose first line is the "
            + "password of a PKCS#12 --cert (default: an empty password).")
    private Path passwordFile;

    @Option(names = "--holder-of-key", description = "Ask the IdP for a holder-of-key assertion bound to the --cert"
            + " key (SAML V2.0 Holder-of-Key Assertion Profile, ECP 2.0) and show that certificate to the service"
            + " too, which then accepts the assertion only over a TLS connection with that key (an https service"
            + " that asks for client certificates). Needs --cert.")
    private boolean holderOfKey;

    @Option(names = "--accept-encrypted-assertion", description = "With --holder-of-key: post an assertion the IdP"
            + " encrypted to the service, whose holder-of-key binding this client cannot read (by default refused,"
            + " like a bearer one). Only for a service that accepts holder-of-key assertions alone.")
    private boolean acceptEncrypted;

    /** Whether {@code --cert} was given. */
    boolean present() {
        return cert != null;
    }

    /** Whether {@code --holder-of-key} was given (then {@link #present()} is true after {@link #check()}). */
    boolean holderOfKey() {
        return holderOfKey;
    }

    /** Whether {@code --accept-encrypted-assertion} was given (only with {@link #holderOfKey()}). */
    boolean acceptEncrypted() {
        return acceptEncrypted;
    }

    /** Refuses options given without the {@code --cert} they belong to. */
    void check() throws UsageException {
        if (acceptEncrypted && !holderOfKey) {
            throw new UsageException("--accept-encrypted-assertion needs --holder-of-key: it is about the binding"
                    + " of a holder-of-key assertion");
        }
        if (cert == null) {
            for (Object[] dependent : new Object[][] {{key, "--key"}, {passwordFile, "--cert-password-file"},
                    {holderOfKey ? Boolean.TRUE : null, "--holder-of-key"}}) {
                if (dependent[0] != null) {
                    throw new UsageException(dependent[1] + " needs --cert FILE: the client certificate it is about");
                }
            }
        }
    }

    /**
     * The certificate and its key as the IdP login's credentials.
     *
     * @throws EcpConfigurationException if a file cannot be read, is of neither kind, or the key is not the
     *     certificate's, each naming its option
     * @throws UsageException if {@code --key} or {@code --cert-password-file} does not fit the kind of file
     */
    IdpCredentials.ClientCertificate credentials() throws EcpConfigurationException, UsageException {
        refuseCurlPasswordSuffix();
        byte[] bytes = ConfigurationFiles.read(cert, ConfigurationFiles.KEY_STORE_MAX_BYTES, "option --cert");
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        return text.contains("-----BEGIN ") ? fromPem(text) : fromPkcs12(bytes);
    }

    private IdpCredentials.ClientCertificate fromPem(String text) throws EcpConfigurationException, UsageException {
        if (passwordFile != null) {
            throw new UsageException("--cert-password-file is for a PKCS#12 --cert; " + cert + " is PEM (its key must"
                    + " be unencrypted PKCS#8)");
        }
        List<X509Certificate> chain = Pem.parseCertificates(text, "option --cert (" + cert + ")");
        PrivateKey privateKey = key != null ? keyFile() : privateKeyInCertFile(text);
        SigningKey pair = KeyPairs.checked(privateKey, chain.get(0), key != null ? "--key" : "--cert",
                key != null ? key : cert);
        char[] password = randomPassword();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", pair.privateKey(), password, chain.toArray(X509Certificate[]::new));
            return IdpCredentials.clientCertificate(store, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new EcpConfigurationException("option --cert: the certificate and key cannot be held for TLS ("
                    + e.getMessage() + "; the certificates after the first must be its issuers, in order) (value: "
                    + cert + ")");
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private PrivateKey keyFile() throws EcpConfigurationException {
        try {
            return Pem.readPrivateKey(key);
        } catch (EcpConfigurationException e) {
            throw new EcpConfigurationException("option --key: " + e.getMessage());
        }
    }

    private PrivateKey privateKeyInCertFile(String text) throws EcpConfigurationException {
        if (!text.contains("PRIVATE KEY-----")) {
            throw new EcpConfigurationException("option --cert: the file holds no PRIVATE KEY block; give the key"
                    + " with --key (value: " + cert + ")");
        }
        return Pem.parsePrivateKey(text, "option --cert (" + cert + ")");
    }

    /**
     * curl's {@code --cert FILE:PASSWORD}: refused without repeating what follows the colon (a password would
     * otherwise land in the error line, and in logs of it).
     */
    private void refuseCurlPasswordSuffix() throws UsageException {
        String given = cert.toString();
        int colon = given.lastIndexOf(':');
        if (!Files.exists(cert) && colon > 0 && Files.exists(Path.of(given.substring(0, colon)))) {
            throw new UsageException("option --cert: curl's FILE:PASSWORD form is not supported; give the PKCS#12"
                    + " password in the first line of --cert-password-file (value: " + given.substring(0, colon)
                    + ":[hidden])");
        }
    }

    private IdpCredentials.ClientCertificate fromPkcs12(byte[] bytes) throws EcpConfigurationException,
            UsageException {
        if (key != null) {
            throw new UsageException("--key is for a PEM --cert; " + cert + " is not PEM (a PKCS#12 file holds its"
                    + " own key)");
        }
        char[] password = passwordFile == null ? new char[0] : firstLine(passwordFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), password);
            checkPkcs12Key(store, password);
            return IdpCredentials.clientCertificate(store, password);
        } catch (IOException e) {
            boolean wrongPassword = e.getCause() instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).contains("password");
            throw new EcpConfigurationException("option --cert: " + (wrongPassword
                    ? "the PKCS#12 file does not open with " + (passwordFile == null ? "an empty password (give"
                            + " --cert-password-file)" : "the password of --cert-password-file")
                    : "neither " + KINDS + " (" + e.getMessage() + ")") + " (value: " + cert + ")");
        } catch (GeneralSecurityException e) {
            throw new EcpConfigurationException("option --cert: the PKCS#12 file cannot be read (" + e.getMessage()
                    + ") (value: " + cert + ")");
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * The file holds exactly one private key entry (secret keys do not count: TLS cannot use them), with an X.509
     * certificate, opening with the store's password (the only one a PKCS#12 --cert is given), and its key.
     */
    private void checkPkcs12Key(KeyStore store, char[] password) throws EcpConfigurationException,
            GeneralSecurityException {
        List<String> keys = new java.util.ArrayList<>();
        for (String alias : java.util.Collections.list(store.aliases())) {
            if (store.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class)) {
                keys.add(alias);
            }
        }
        if (keys.size() != 1) {
            throw new EcpConfigurationException("option --cert: the PKCS#12 file must hold exactly one private key"
                    + " entry, it holds " + keys.size() + " (value: " + cert + ")");
        }
        PrivateKey privateKey = (PrivateKey) store.getKey(keys.get(0), password);
        if (!(store.getCertificate(keys.get(0)) instanceof X509Certificate leaf)) {
            throw new EcpConfigurationException("option --cert: the PKCS#12 key entry '" + keys.get(0)
                    + "' has no X.509 certificate (value: " + cert + ")");
        }
        KeyPairs.checked(privateKey, leaf, "--cert", cert);
    }

    private static char[] firstLine(Path file) throws EcpConfigurationException {
        String content = new String(ConfigurationFiles.read(file, ConfigurationFiles.PASSWORD_MAX_BYTES,
                "option --cert-password-file"), StandardCharsets.UTF_8);
        int end = content.indexOf('\n');
        String line = end < 0 ? content : content.substring(0, end);
        return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
    }

    /** The in-memory key store's password: never written anywhere, so any value; random so no constant appears. */
    private static char[] randomPassword() {
        SecureRandom random = new SecureRandom();
        char[] password = new char[24];
        for (int i = 0; i < password.length; i++) {
            password[i] = (char) ('a' + random.nextInt(26));
        }
        return password;
    }
}
