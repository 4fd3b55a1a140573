package dev.samlec.redis.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A self-signed key and certificate for 127.0.0.1/localhost, made at run time with the openssl command. */
public record TestCertificates(Path key, Path certificate) {
    public static TestCertificates create(Path dir, String commonName) throws Exception {
        Files.createDirectories(dir);
        Path key = dir.resolve(commonName + ".key");
        Path cert = dir.resolve(commonName + ".crt");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=" + commonName, "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(commonName + ".log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl failed: " + Files.readString(dir.resolve(commonName + ".log")));
        }
        return new TestCertificates(key, cert);
    }
}
