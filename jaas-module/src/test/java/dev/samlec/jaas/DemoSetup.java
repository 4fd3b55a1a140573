package dev.samlec.jaas;

import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.ServiceProviderRegistration;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * A demo IdP (HTTP unless given another) with the SAML20EC service {@value #SERVICE_NAME} registered, a temporary
 * directory for option files, and helpers to build option maps, handlers and login modules.
 */
final class DemoSetup implements AutoCloseable {
    static final String SERVICE_ENTITY_ID = "https://kafka.localhost/samlec";
    static final String SERVICE_NAME = "kafka@localhost";

    final DemoIdp idp;
    final Path dir;

    DemoSetup(DemoIdp idp) {
        this.idp = idp;
        idp.registerServiceProvider(ServiceProviderRegistration.builder(SERVICE_ENTITY_ID)
                .acsUrls(List.of(SERVICE_NAME)).signingCertificate(TestCredentials.spSigning().certificate())
                .build());
        try {
            this.dir = Files.createTempDirectory("samlec-jaas-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A demo IdP over plain HTTP with its own directory. */
    static DemoSetup http() throws IOException {
        return new DemoSetup(DemoIdp.start());
    }

    /** Initiator options for the demo IdP by URL, with the credential check for the registered service. */
    Map<String, Object> clientOptions() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("idpUrl", idp.ssoUrl().toString());
        options.put("idpEntityId", idp.entityId());
        options.put("allowInsecureHttp", "true");
        options.put("responseTimeout", "PT20S");
        options.put("checkServiceEntityId", SERVICE_ENTITY_ID);
        options.put("checkServiceName", SERVICE_NAME);
        return options;
    }

    /** Acceptor options for the registered service, trusting the demo IdP through its metadata file. */
    Map<String, Object> acceptorOptions() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("isInitiator", "false");
        options.put("serviceEntityId", SERVICE_ENTITY_ID);
        options.put("serviceName", SERVICE_NAME);
        options.put("idpMetadata", write("idp-metadata.xml", idp.metadata()).toString());
        return options;
    }

    /** A new module, initialized. */
    static SamlecLoginModule module(Subject subject, CallbackHandler handler, Map<String, ?> shared,
            Map<String, ?> options) {
        SamlecLoginModule module = new SamlecLoginModule();
        module.initialize(subject, handler, shared, options);
        return module;
    }

    /** A new module with an empty shared state. */
    static SamlecLoginModule module(Subject subject, CallbackHandler handler, Map<String, ?> options) {
        return module(subject, handler, new HashMap<String, Object>(), options);
    }

    /** A handler answering the Name- and PasswordCallback. */
    static CallbackHandler handler(String user, String password) {
        return callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(user);
                } else if (callback instanceof PasswordCallback pw) {
                    pw.setPassword(password.toCharArray());
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        };
    }

    /** A handler that fails the test if it is asked anything. */
    static CallbackHandler noPrompt() {
        return callbacks -> {
            throw new AssertionError("the module prompted although it must not");
        };
    }

    /** An action that may throw. */
    interface Action {
        void run() throws Exception;
    }

    /**
     * Runs {@code action} with {@code java.security.auth.login.config} naming {@code jaasConf}, as an application
     * started with {@code -Djava.security.auth.login.config=...} would, then restores the property and the JVM's
     * configuration.
     */
    static void withJaasConfigFile(Path jaasConf, Action action) throws Exception {
        String property = "java.security.auth.login.config";
        String previous = System.getProperty(property);
        System.setProperty(property, jaasConf.toString());
        javax.security.auth.login.Configuration.setConfiguration(null);
        try {
            action.run();
        } finally {
            if (previous == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, previous);
            }
            javax.security.auth.login.Configuration.setConfiguration(null);
        }
    }

    /** Writes a file into the temporary directory. */
    Path write(String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes text into the temporary directory. */
    Path write(String name, String content) {
        return write(name, content.getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes certificates as PEM. */
    Path writePem(String name, List<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        Base64.Encoder encoder = Base64.getMimeEncoder(64, new byte[] {'\n'});
        for (X509Certificate certificate : certificates) {
            try {
                pem.append("-----BEGIN CERTIFICATE-----\n").append(encoder.encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return write(name, pem.toString());
    }

    /** Writes a key store file. */
    Path writeKeyStore(String name, KeyStore store, char[] password) {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        idp.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
