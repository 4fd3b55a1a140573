package dev.samlec.bench.load;

import dev.samlec.bench.Hello;
import dev.samlec.bench.Options;
import dev.samlec.bench.fixtures.BenchResponses;
import dev.samlec.mech.metadata.MetadataLoader;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.TempFiles;
import dev.samlec.testkit.sp.DemoServiceProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold start as whole processes, in one run, each repeated N times (median and min): a hello-world JVM (one class in
 * a directory), {@code samlec verify} of one doubly signed Response file, and {@code samlec curl} of the demo service
 * through the demo IdP (both started in this JVM, which is not measured). samlec runs through the launcher
 * {@code bin/samlec} with {@code SAMLEC_JAR} (what a user runs), or {@code java -jar} when the launcher is absent.
 * The launcher's class-data-sharing archive lives in a cache directory of this run ({@code XDG_CACHE_HOME}): the first
 * {@code samlec verify}, which makes it, is timed once on its own, and {@code verify} also runs without the archive
 * ({@code SAMLEC_CDS=off}). Each process must exit 0.
 */
public final class ColdStart {
    private static final long PROCESS_TIMEOUT_SECONDS = 60;

    private ColdStart() {
    }

    /** Runs ({@code --runs}, {@code --samlec-jar}, {@code --launcher}); returns 0, or 1 when a process failed. */
    public static int run(Options options, PrintStream out) throws Exception {
        int runs = options.integer("runs", 5);
        Path jar = Path.of(options.text("samlec-jar", "cli/target/samlec.jar")).toAbsolutePath();
        Path launcher = Path.of(options.text("launcher", "bin/samlec")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            out.println("no " + jar + ": build it first (mvn -B -o -pl cli -am package -DskipTests)");
            return 1;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path dir = TempFiles.createDirectory("samlec-bench-cold-");
        try (DemoIdp idp = DemoIdp.start();
                DemoServiceProvider sp = DemoServiceProvider.builder()
                        .trust(MetadataLoader.builder().build().load(idp.metadataUrl())).start()) {
            idp.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
            Path metadata = Files.writeString(dir.resolve("idp-metadata.xml"), testIdpMetadata());
            Path response = Files.write(dir.resolve("response.xml"), BenchResponses.doublySignedBytes());
            List<String> samlec = Files.isRegularFile(launcher) ? List.of("sh", launcher.toString())
                    : List.of(java, "-jar", jar.toString());
            // The launcher's class-data-sharing archive goes to a cache of this run only; the first samlec command
            // makes it (a training run), so it is timed apart and the repeated runs all start from the archive.
            // The launcher runs the harness's own Java (JAVA_HOME), the one the hello-world JVM runs.
            String home = System.getProperty("java.home");
            Map<String, String> env = Map.of("JAVA_HOME", home, "SAMLEC_JAR", jar.toString(), "XDG_CACHE_HOME",
                    dir.resolve("cache").toString());
            Map<String, String> noArchive = Map.of("JAVA_HOME", home, "SAMLEC_JAR", jar.toString(),
                    "SAMLEC_CDS", "off");
            List<String> verify = concat(samlec, "verify", "--idp-metadata", metadata.toString(), "--sp-entity-id",
                    TestSamlObjects.SP, "--acs", TestSamlObjects.ACS, "--now", TestSamlObjects.NOW.toString(),
                    response.toString());
            double first = new Command(verify, null, env).time(dir);
            Map<String, Command> commands = new LinkedHashMap<>();
            commands.put("hello-world JVM", new Command(List.of(java, "-cp", helloClassPath(dir).toString(),
                    Hello.class.getName()), null, env));
            commands.put("samlec verify (1 file)", new Command(verify, null, env));
            commands.put("samlec verify, SAMLEC_CDS=off", new Command(verify, null, noArchive));
            commands.put("samlec curl (demo SP+IdP)", new Command(concat(samlec, "curl", "--idp",
                    idp.ssoUrl().toString(), "-u", "alice", "--password-stdin", "--allow-http", "-o",
                    dir.resolve("page.html").toString(), sp.resourceUrl().toString()), "alicepw\n", env));
            Map<String, List<Double>> times = new LinkedHashMap<>();
            commands.keySet().forEach(k -> times.put(k, new ArrayList<>()));
            for (int i = 0; i < runs; i++) {
                for (Map.Entry<String, Command> c : commands.entrySet()) {
                    times.get(c.getKey()).add(c.getValue().time(dir));
                }
            }
            out.printf(Locale.ROOT, "cold start, whole processes, %d runs each, interleaved (%s, %s)%n", runs,
                    String.join(" ", samlec), System.getProperty("java.vm.version"));
            out.printf(Locale.ROOT, "%-30s %6.3f s (once: the launcher's training run makes the archive)%n",
                    "first samlec verify", first);
            double hello = median(times.get("hello-world JVM"));
            for (Map.Entry<String, List<Double>> t : times.entrySet()) {
                double median = median(t.getValue());
                out.printf(Locale.ROOT, "%-30s median %6.3f s  min %6.3f s  %5.1f x hello%n", t.getKey(), median,
                        Collections.min(t.getValue()), median / hello);
            }
            return 0;
        } catch (ProcessFailure e) {
            out.println(e.getMessage());
            return 1;
        } finally {
            TempFiles.deleteRecursively(dir);
        }
    }

    private record Command(List<String> argv, String stdin, Map<String, String> env) {
        double time(Path dir) throws IOException, InterruptedException {
            ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.to(dir.resolve("stderr.txt").toFile()));
            builder.environment().putAll(env);
            long begin = System.nanoTime();
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ProcessFailure(String.join(" ", argv) + ": no exit within " + PROCESS_TIMEOUT_SECONDS
                        + " s");
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            if (process.exitValue() != 0) {
                throw new ProcessFailure(String.join(" ", argv) + ": exit " + process.exitValue() + "; stderr: "
                        + Files.readString(dir.resolve("stderr.txt")).strip());
            }
            return seconds;
        }
    }

    private static final class ProcessFailure extends IOException {
        private static final long serialVersionUID = 1L;

        ProcessFailure(String message) {
            super(message);
        }
    }

    /** A class directory holding only {@link Hello}: the baseline loads nothing from a large jar. */
    private static Path helloClassPath(Path dir) throws IOException {
        Path classes = dir.resolve("hello");
        Path file = classes.resolve(Hello.class.getName().replace('.', '/') + ".class");
        Files.createDirectories(file.getParent());
        try (InputStream in = Hello.class.getResourceAsStream("Hello.class")) {
            Files.copy(in, file);
        }
        return classes;
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Metadata for the mech test IdP ({@link TestSamlObjects#IDP}) with its RSA certificate. */
    private static String testIdpMetadata() throws CertificateEncodingException {
        return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
                + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" + TestSamlObjects.IDP + "\">"
                + "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>"
                + Base64.getEncoder().encodeToString(TestCredentials.idp().certificate().getEncoded())
                + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:SOAP\""
                + " Location=\"https://idp.example.org/idp/profile/SAML2/SOAP/ECP\"/>"
                + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    }
}
