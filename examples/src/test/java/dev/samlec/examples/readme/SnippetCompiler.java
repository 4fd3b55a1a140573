package dev.samlec.examples.readme;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles one README {@code ```java} block with {@code javax.tools}, against a class path, and reports each error
 * at its README line. A block that is a whole compilation unit (it starts with {@code package}, {@code import} or
 * a type declaration) is compiled as it is, after the preamble's imports; any other block is a method body:
 * <pre>
 * &lt;the preamble's import lines&gt;
 * class ReadmeBlock&lt;n&gt; {
 *     &lt;the preamble's other lines: fields such as "CallbackHandler handler;", helper methods&gt;
 *     void block() throws Exception {
 *         &lt;the block&gt;
 *     }
 * }
 * </pre>
 */
final class SnippetCompiler {
    private static final Pattern UNIT_START = Pattern.compile(
            "^(package |import |(public |final |abstract |sealed )*(class|interface|record|enum) ).*");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^public (final |abstract |sealed )*(class|interface|record|enum) (\\w+).*");

    private final String classPath;
    private final Path outputDirectory;

    SnippetCompiler(String classPath, Path outputDirectory) {
        this.classPath = classPath;
        this.outputDirectory = outputDirectory;
    }

    /** The errors of {@code block}, one message each, naming the README line; empty when it compiles. */
    List<String> compile(ReadmeBlock block) throws IOException {
        GeneratedSource source = generate(block);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK, not a JRE");
        }
        Path out = Files.createDirectories(outputDirectory.resolve("block" + block.number()));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of("-classpath", classPath, "-d", out.toString(), "-proc:none",
                    "-encoding", "UTF-8", "-nowarn", "-Xlint:none");
            compiler.getTask(null, files, diagnostics, options, null, List.of(source.file())).call();
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(block.where() + ": " + source.locate(d.getLineNumber()) + ": "
                        + d.getMessage(Locale.ROOT));
            }
        }
        return errors;
    }

    /** The source javac sees for {@code block}, each line tagged with its README line (0: generated). */
    static GeneratedSource generate(ReadmeBlock block) {
        List<String> imports = new ArrayList<>();
        List<Integer> importOrigins = new ArrayList<>();
        List<String> members = new ArrayList<>();
        List<Integer> memberOrigins = new ArrayList<>();
        for (int k = 0; k < block.preamble().size(); k++) {
            String line = block.preamble().get(k);
            boolean isImport = line.trim().startsWith("import ");
            (isImport ? imports : members).add(line);
            (isImport ? importOrigins : memberOrigins).add(block.preambleLine() + k);
        }
        GeneratedSource.Builder source = new GeneratedSource.Builder();
        String first = block.lines().stream().filter(l -> !l.isBlank()).findFirst().orElse("").trim();
        if (UNIT_START.matcher(first).matches()) {
            int k = 0;
            if (first.startsWith("package ")) {
                for (; k < block.lines().size() && !block.lines().get(k).trim().startsWith("package "); k++) {
                    source.add(block.lines().get(k), block.firstLine() + k);
                }
                source.add(block.lines().get(k), block.firstLine() + k);
                k++;
            }
            source.addAll(imports, importOrigins);
            source.addAll(members, memberOrigins);   // outside a class: javac reports it at the preamble's line
            for (; k < block.lines().size(); k++) {
                source.add(block.lines().get(k), block.firstLine() + k);
            }
            return source.build(publicTypeName(block).orElse("ReadmeBlock" + block.number()));
        }
        String className = "ReadmeBlock" + block.number();
        source.addAll(imports, importOrigins);
        source.add("class " + className + " {", 0);
        source.addAll(members, memberOrigins);
        source.add("void block() throws Exception {", 0);
        for (int k = 0; k < block.lines().size(); k++) {
            source.add(block.lines().get(k), block.firstLine() + k);
        }
        source.add("}", 0);
        source.add("}", 0);
        return source.build(className);
    }

    private static java.util.Optional<String> publicTypeName(ReadmeBlock block) {
        for (String line : block.lines()) {
            Matcher m = PUBLIC_TYPE.matcher(line.trim());
            if (m.matches()) {
                return java.util.Optional.of(m.group(3));
            }
        }
        return java.util.Optional.empty();
    }

    /** Generated Java source with, per line, the README line it came from. */
    record GeneratedSource(String className, List<String> lines, List<Integer> origins) {
        /** The source as a compiler input named after its class. */
        JavaFileObject file() {
            String text = String.join("\n", lines) + "\n";
            return new SimpleJavaFileObject(URI.create("string:///" + className + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return text;
                }
            };
        }

        /** Where generated line {@code line} (from 1) comes from, with its text. */
        String locate(long line) {
            if (line < 1 || line > lines.size()) {
                return "(no line)";
            }
            int index = (int) line - 1;
            int origin = origins.get(index);
            return (origin == 0 ? "the wrapper's line " + line + " (generated)" : "README.md line " + origin)
                    + " `" + lines.get(index).trim() + "`";
        }

        static final class Builder {
            private final List<String> lines = new ArrayList<>();
            private final List<Integer> origins = new ArrayList<>();

            void add(String line, int origin) {
                lines.add(line);
                origins.add(origin);
            }

            void addAll(List<String> more, List<Integer> moreOrigins) {
                lines.addAll(more);
                origins.addAll(moreOrigins);
            }

            GeneratedSource build(String className) {
                return new GeneratedSource(className, List.copyOf(lines), List.copyOf(origins));
            }
        }
    }
}
