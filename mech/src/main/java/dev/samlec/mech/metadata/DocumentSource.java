package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.metadata.MetadataFetcher.HttpValidators;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Where a refreshed metadata document comes from, asked each time whether it changed since the last good copy: an
 * http(s) URL (a conditional GET with that copy's ETag and Last-Modified; 304 means unchanged) or a file (its
 * modification time and size are the validator).
 */
interface DocumentSource {
    /**
     * The document, or {@code null} when it has not changed since {@code since}.
     *
     * @param since the version of the last good copy; {@code null} at the first load
     * @throws EcpConfigurationException when it cannot be fetched or read (the code says why)
     */
    Document fetch(HttpValidators since) throws EcpConfigurationException;

    /** Names the source in log lines and messages, e.g. {@code metadata from https://mds.example.org/}. */
    String describe();

    /** A document and its version (the validators to send next time; may be null). */
    record Document(byte[] bytes, HttpValidators version) {
    }

    /** The document at an http(s) URL, fetched with {@code fetcher}. */
    static DocumentSource url(URI url, MetadataFetcher fetcher) throws EcpConfigurationException {
        MetadataFetcher.checkHttpUrl(url, "metadata URL");
        return new DocumentSource() {
            @Override
            public Document fetch(HttpValidators since) throws EcpConfigurationException {
                MetadataFetcher.Answer answer = fetcher.fetch(url, since);
                if (answer.status() == 304) {
                    return null;
                }
                if (answer.status() != 200) {
                    throw new EcpConfigurationException(EcpError.METADATA_INVALID, "metadata URL " + answer.from()
                            + " answered HTTP " + answer.status() + "; expected 200 with a metadata document");
                }
                return new Document(answer.body(), answer.validators());
            }

            @Override
            public String describe() {
                return "metadata from " + url;
            }
        };
    }

    /** The document in a file, re-read when its modification time or size changes; at most {@code maxBytes}. */
    static DocumentSource file(Path file, int maxBytes) {
        Objects.requireNonNull(file, "file");
        return new DocumentSource() {
            @Override
            public Document fetch(HttpValidators since) throws EcpConfigurationException {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    HttpValidators version = new HttpValidators(
                            "file:" + attributes.lastModifiedTime().toMillis() + ":" + attributes.size(), null);
                    if (version.equals(since)) {
                        return null;
                    }
                    if (attributes.size() > maxBytes) {
                        throw new EcpConfigurationException(EcpError.METADATA_INVALID, "metadata file " + file
                                + " is " + attributes.size() + " bytes, more than the limit of " + maxBytes
                                + " bytes");
                    }
                    return new Document(Files.readAllBytes(file), version);
                } catch (IOException e) {
                    throw new EcpConfigurationException(EcpError.METADATA_INVALID,
                            "metadata file " + file + " cannot be read (" + e + ")", e);
                }
            }

            @Override
            public String describe() {
                return "metadata file " + file;
            }
        };
    }
}
