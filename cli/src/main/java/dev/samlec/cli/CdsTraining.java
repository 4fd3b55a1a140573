package dev.samlec.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training run behind the launcher's class-data-sharing archive: {@code bin/samlec} runs this class once per
 * samlec jar and Java installation with {@code -XX:ArchiveClassesAtExit}, and later short commands start from the
 * archive the JVM writes at exit (the classes already parsed, verified and laid out).
 *
 * <p>It does what a short command does, offline and without side effects: it parses the command line model and
 * prints help, writes SP metadata, and runs {@code samlec verify} on a bundled Response (signed by the public test
 * key of samlec's own tests, never trusted anywhere else) as of its issue instant; all output goes to a null stream.
 * It never reads the user's files, never opens a socket and never writes outside a temporary directory it deletes.
 */
public final class CdsTraining {
    /** The bundled sample's audience, ACS and issue instant (the sample is valid at that instant only). */
    static final String SP_ENTITY_ID = "https://sp.example.com/shibboleth";
    static final String ACS = "https://sp.example.com/Shibboleth.sso/SAML2/ECP";
    static final String NOW = "2030-06-01T12:00:00Z";

    private CdsTraining() {
    }

    /** Runs the training; exits 0 when the bundled sample was accepted, else 1 (the launcher ignores the code). */
    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        int code;
        System.setOut(sink);
        System.setErr(sink);
        try {
            code = run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        System.exit(code == 0 ? 0 : 1);
    }

    /** The training itself: returns the exit code of {@code samlec verify} of the bundled sample. */
    static int run() throws IOException {
        Path dir = Files.createTempDirectory("samlec-cds-");
        try {
            Path metadata = copy("idp-metadata.xml", dir);
            Path response = copy("response.xml", dir);
            SamlecCommand.run("--help");
            SamlecCommand.run("verify", "--help");
            SamlecCommand.run("metadata", "--entity-id", SP_ENTITY_ID, "--acs", ACS, "-o",
                    dir.resolve("sp-metadata.xml").toString());
            return SamlecCommand.run("verify", "--idp-metadata", metadata.toString(), "--sp-entity-id", SP_ENTITY_ID,
                    "--acs", ACS, "--now", NOW, response.toString());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path copy(String resource, Path dir) throws IOException {
        try (InputStream in = CdsTraining.class.getResourceAsStream("cds/" + resource)) {
            if (in == null) {
                throw new IOException("training resource cds/" + resource + " is missing from the jar");
            }
            Path file = dir.resolve(resource);
            Files.copy(in, file);
            return file;
        }
    }
}
