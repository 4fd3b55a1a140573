package dev.samlec.jaas;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.Pem;
import dev.samlec.mech.client.TlsTrust;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.login.LoginException;

/**
 * Reads the TLS trust and key material the options name: PEM trust anchors, trust stores and key stores. Every
 * failure is a {@link LoginException} naming the option; passwords are wiped after use and never shown.
 */
final class TrustMaterial {
    private TrustMaterial() {
    }

    /** The IdP's TLS trust from {@code idpTrustAnchors} or {@code trustStore}; empty when neither is set. */
    static Optional<TlsTrust> idpTrust(InitiatorOptions o) throws LoginException {
        if (o.idpTrustAnchors().isPresent()) {
            try {
                return Optional.of(TlsTrust.pinned(Pem.readCertificates(o.idpTrustAnchors().get())));
            } catch (EcpConfigurationException e) {
                throw LoginFailures.option(OptionNames.IDP_TRUST_ANCHORS, o.idpTrustAnchors().get(), e);
            }
        }
        if (o.trustStore().isPresent()) {
            return Optional.of(TlsTrust.trustStore(load(o.trustStore().get(), OptionNames.TRUST_STORE,
                    OptionNames.TRUST_STORE_PASSWORD)));
        }
        return Optional.empty();
    }

    /** A key store file, opened with its password (or without one, if none is given). */
    static KeyStore load(StoreFile file, String option, String passwordOption) throws LoginException {
        KeyStore store;
        try {
            store = KeyStore.getInstance(file.type());
        } catch (GeneralSecurityException e) {
            throw LoginFailures.option(option + "Type", file.type(), "is not a key store type this JVM knows", e);
        }
        char[] password = file.password().map(Secret::copy).orElse(null);
        try (InputStream in = Files.newInputStream(file.path())) {
            store.load(in, password);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw LoginFailures.option(passwordOption, "[redacted]", "does not open " + file.path(), null);
            }
            throw LoginFailures.option(option, file.path(), "cannot be read as a " + file.type() + " key store ("
                    + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw LoginFailures.option(option, file.path(), "cannot be read as a " + file.type() + " key store ("
                    + e.getMessage() + ")", e);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** An SSL context that trusts exactly {@code trust} (for fetching metadata over https). */
    static SSLContext sslContext(TlsTrust trust) throws LoginException {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (trust instanceof TlsTrust.Pinned pinned) {
                factory.init(anchors(pinned.certificates()));
            } else if (trust instanceof TlsTrust.TrustStore store) {
                factory.init(store.keyStore());
            } else {
                factory.init((KeyStore) null);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw LoginFailures.option(OptionNames.IDP_TRUST_ANCHORS, trust, "cannot be used for TLS ("
                    + e.getMessage() + ")", e);
        }
    }

    private static KeyStore anchors(List<X509Certificate> certificates) throws GeneralSecurityException,
            IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < certificates.size(); i++) {
            store.setCertificateEntry("anchor-" + i, certificates.get(i));
        }
        return store;
    }
}
