package dev.samlec.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.bench.BenchMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A smoke run of {@code store-load}: its own redis-server, a row per store and kind, and no failed login. */
class StoreLoadTest {
    @Test
    void storeLoadWhenShortRunThenLoginAndRecordRowsForBothStoresWithoutFailures() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = BenchMain.run(new String[] {"store-load", "--seconds", "1", "--warmup", "1", "--threads", "1"},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        for (String row : new String[] {"login/memory", "login/redis", "record/memory", "record/redis"}) {
            assertThat(out).containsPattern(row + "\\s+N=1\\s+[0-9.]+/s.*failed 0");
        }
    }

    @Test
    void storeLoadWhenUnknownStoreThenExitTwo() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        assertThat(BenchMain.run(new String[] {"store-load", "--store", "memcached"},
                new PrintStream(bytes, true, StandardCharsets.UTF_8))).isEqualTo(2);
    }
}
