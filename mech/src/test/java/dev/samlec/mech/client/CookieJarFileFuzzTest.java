package dev.samlec.mech.client;

import static dev.samlec.mech.testing.FuzzContract.holdsWithCodes;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.testing.FuzzContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz target for the cookie-jar reader (issue 10, part 8): {@link CookieJarFile#loadInto} on any file content
 * adds the well-formed cookies and skips the rest; only an unreadable file (here: bytes that are not UTF-8) is an
 * {@code invalid_configuration} error. What was loaded can be saved and loaded again. Seeds in
 * {@code CookieJarFileFuzzTestInputs/<method>/}.
 */
class CookieJarFileFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-06-01T12:00:00Z"), ZoneOffset.UTC);
    @TempDir
    static Path dir;

    @FuzzTest
    @Timeout(FuzzContract.TIMEOUT_SECONDS)
    void loadIntoWhenFuzzedThenCookiesOrInvalidConfiguration(byte[] input) throws IOException {
        Path fuzzed = Files.write(dir.resolve("fuzzed.txt"), input);
        CookieJarFile resaved = new CookieJarFile(dir.resolve("resaved.txt"), CLOCK);
        holdsWithCodes(Set.of(EcpError.INVALID_CONFIGURATION), () -> {
            BasicCookieStore store = new BasicCookieStore();
            new CookieJarFile(fuzzed, CLOCK).loadInto(store);
            resaved.saveFrom(store);
            resaved.loadInto(new BasicCookieStore());
        });
    }
}
