package dev.samlec.jaas;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.metadata.IdpMetadata;
import dev.samlec.mech.metadata.MetadataAggregate;
import dev.samlec.mech.metadata.MetadataAggregateReader;
import dev.samlec.mech.metadata.MetadataLoader;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import javax.security.auth.login.LoginException;

/** Where SAML metadata comes from: a local file or an http(s) URL (option {@code idpMetadata}). */
sealed interface MetadataLocation {

    /**
     * Reads an option value: {@code http://} or {@code https://} URLs are URLs, anything without a scheme is a file.
     *
     * @throws IllegalArgumentException for another scheme or a malformed URL
     */
    static MetadataLocation parse(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            URI url = URI.create(value);
            if (url.getHost() == null) {
                throw new IllegalArgumentException("the URL has no host");
            }
            return new Url(url);
        }
        if (value.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
            throw new IllegalArgumentException("must be a file path or an http(s) URL");
        }
        return new File(Path.of(value));
    }

    /** Whether this is a plain-http URL. */
    default boolean isInsecureHttp() {
        return this instanceof Url url && "http".equalsIgnoreCase(url.url().getScheme());
    }

    /**
     * Loads the metadata with {@code loader}.
     *
     * @throws LoginException naming the option {@code idpMetadata}, with the loader's error code first
     */
    default IdpMetadata load(MetadataLoader loader) throws LoginException {
        try {
            return this instanceof Url url ? loader.load(url.url()) : loader.load(((File) this).path());
        } catch (EcpConfigurationException e) {
            throw LoginFailures.option(OptionNames.IDP_METADATA, this, e);
        }
    }

    /**
     * Reads the document as a federation aggregate with {@code reader}.
     *
     * @throws LoginException naming the option {@code idpMetadata}, with the reader's error code first
     */
    default MetadataAggregate read(MetadataAggregateReader reader) throws LoginException {
        try {
            return this instanceof Url url ? reader.read(url.url()) : reader.read(((File) this).path());
        } catch (EcpConfigurationException e) {
            throw LoginFailures.option(OptionNames.IDP_METADATA, this, e);
        }
    }

    /** A metadata file. */
    record File(Path path) implements MetadataLocation {
        /** Checks for null. */
        public File {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /** A metadata URL. */
    record Url(URI url) implements MetadataLocation {
        /** Checks for null. */
        public Url {
            Objects.requireNonNull(url, "url");
        }

        @Override
        public String toString() {
            return url.toString();
        }
    }
}
