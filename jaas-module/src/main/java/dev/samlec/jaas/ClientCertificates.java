package dev.samlec.jaas;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.client.IdpCredentials;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.login.LoginException;

/**
 * The user's TLS client certificate for the IdP: the key entry of the {@code keyStore} option, and the user name it
 * stands for (the certificate subject's CN, as IdPs that map certificates to accounts use it).
 */
final class ClientCertificates {
    private ClientCertificates() {
    }

    /** The client certificate credentials from the options' key store. */
    static IdpCredentials.ClientCertificate load(StoreFile file, Optional<String> alias) throws LoginException {
        KeyStore store = TrustMaterial.load(file, OptionNames.KEY_STORE, OptionNames.KEY_STORE_PASSWORD);
        char[] password = file.password().map(Secret::copy).orElse(new char[0]);
        try {
            IdpCredentials.ClientCertificate credentials = alias.isPresent()
                    ? IdpCredentials.clientCertificate(store, password, alias.get())
                    : IdpCredentials.clientCertificate(store, password);
            checkKeyOpens(store, keyAlias(credentials), password);
            return credentials;
        } catch (EcpConfigurationException e) {
            throw LoginFailures.option(alias.isPresent() ? OptionNames.KEY_ALIAS : OptionNames.KEY_STORE,
                    alias.map(Object.class::cast).orElse(file.path()), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The subject CN of the credentials' certificate (the whole subject DN if it has no CN). */
    static String userName(IdpCredentials.ClientCertificate credentials) throws LoginException {
        X509Certificate certificate = certificate(credentials);
        String subject = certificate.getSubjectX500Principal().getName();
        try {
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            // fall back to the whole subject
        }
        return subject;
    }

    /** Fails now, naming the option, if the password does not unlock the key (not only at the first TLS use). */
    private static void checkKeyOpens(KeyStore store, String alias, char[] password) throws LoginException {
        try {
            if (store.getKey(alias, password) == null) {
                throw new java.security.UnrecoverableKeyException("no key");
            }
        } catch (GeneralSecurityException e) {
            throw LoginFailures.option(OptionNames.KEY_STORE_PASSWORD, "[redacted]", "does not unlock the key '"
                    + alias + "'", null);
        }
    }

    /** The alias of the credentials' key entry: the configured one, or the only key entry. */
    private static String keyAlias(IdpCredentials.ClientCertificate credentials) {
        KeyStore store = credentials.keyStore();
        return credentials.alias().orElseGet(() -> {
            try {
                return Collections.list(store.aliases()).stream().filter(a -> isKey(store, a)).findFirst()
                        .orElseThrow();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the key store cannot be listed", e);
            }
        });
    }

    private static X509Certificate certificate(IdpCredentials.ClientCertificate credentials) throws LoginException {
        KeyStore store = credentials.keyStore();
        try {
            String alias = keyAlias(credentials);
            Certificate certificate = store.getCertificate(alias);
            if (certificate instanceof X509Certificate) {
                return (X509Certificate) certificate;
            }
            throw LoginFailures.option(OptionNames.KEY_STORE, alias, "holds no X.509 certificate for its key", null);
        } catch (GeneralSecurityException e) {
            throw LoginFailures.option(OptionNames.KEY_STORE, credentials, "cannot be read (" + e.getMessage() + ")",
                    e);
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
