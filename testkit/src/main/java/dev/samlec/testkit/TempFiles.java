package dev.samlec.testkit;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporary directory trees for the demo servers and the benchmarks: made by {@link #createDirectory}, removed by
 * {@link #deleteRecursively} when their owner closes, and otherwise when the JVM shuts down (normal exit, Ctrl-C,
 * {@code kill}), so that a demo or a benchmark stopped by a signal leaves nothing in the temporary directory. A
 * {@code kill -9} runs no Java code: then the tree stays. Deletion is best effort.
 */
public final class TempFiles {
    private static final Logger LOG = LoggerFactory.getLogger(TempFiles.class);
    /** Directories made here and not deleted yet. */
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteLive, "samlec-temp-files"));
    }

    private TempFiles() {
    }

    /** A new directory in the system's temporary directory, deleted at JVM shutdown unless deleted before. */
    public static Path createDirectory(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        LIVE.add(dir);
        return dir;
    }

    /** Deletes the tree at {@code root} (nothing if null or absent); a failure is logged, not thrown. */
    public static void deleteRecursively(Path root) {
        if (root == null) {
            return;
        }
        LIVE.remove(root);
        delete(root);
    }

    private static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                    if (failure instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // removed meanwhile by its owner
                    }
                    throw failure;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("could not delete temporary directory {}: {}", root, e.toString());
        }
    }

    /** The shutdown hook: whatever is still live (its owner was never closed). */
    private static void deleteLive() {
        for (Path dir : List.copyOf(LIVE)) {
            delete(dir);
        }
    }
}
