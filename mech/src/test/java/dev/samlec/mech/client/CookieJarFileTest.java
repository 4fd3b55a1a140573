package dev.samlec.mech.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.message.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.cookie.Cookie;
import org.apache.hc.client5.http.impl.cookie.BasicClientCookie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CookieJarFileTest {
    /** Real time: the cookie store itself drops cookies that are expired by the system clock. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static BasicClientCookie cookie(String name, String value, String domain, boolean subdomains) {
        BasicClientCookie c = new BasicClientCookie(name, value);
        c.setDomain(domain);
        c.setPath("/");
        if (subdomains) {
            c.setAttribute(Cookie.DOMAIN_ATTR, domain);
        }
        return c;
    }

    @Test
    void saveFromWhenLoadedBackThenSameCookies() throws Exception {
        BasicCookieStore store = new BasicCookieStore();
        BasicClientCookie session = cookie("_shibsession_x", "abc=123", "127.0.0.1", false);
        session.setHttpOnly(true);
        BasicClientCookie persistent = cookie("pref", "1", "example.org", true);
        persistent.setSecure(true);
        persistent.setPath("/app");
        persistent.setExpiryDate(NOW.plusSeconds(3600));
        store.addCookie(session);
        store.addCookie(persistent);
        Path file = dir.resolve("jar.txt");

        new CookieJarFile(file, CLOCK).saveFrom(store);
        BasicCookieStore loaded = new BasicCookieStore();
        int count = new CookieJarFile(file, CLOCK).loadInto(loaded);

        assertThat(count).isEqualTo(2);
        List<Cookie> cookies = loaded.getCookies().stream().sorted(Comparator.comparing(Cookie::getName)).toList();
        Cookie s = cookies.get(0);
        assertThat(s.getName()).isEqualTo("_shibsession_x");
        assertThat(s.getValue()).isEqualTo("abc=123");
        assertThat(s.getDomain()).isEqualTo("127.0.0.1");
        assertThat(s.containsAttribute(Cookie.DOMAIN_ATTR)).isFalse();
        assertThat(s.isHttpOnly()).isTrue();
        assertThat(s.getExpiryInstant()).isNull();
        Cookie p = cookies.get(1);
        assertThat(p.getDomain()).isEqualTo("example.org");
        assertThat(p.containsAttribute(Cookie.DOMAIN_ATTR)).isTrue();
        assertThat(p.isSecure()).isTrue();
        assertThat(p.getPath()).isEqualTo("/app");
        assertThat(p.getExpiryInstant()).isEqualTo(NOW.plusSeconds(3600));
    }

    @Test
    void saveFromWhenWrittenThenCurlFormatAndOwnerOnly() throws Exception {
        BasicCookieStore store = new BasicCookieStore();
        store.addCookie(cookie("a", "b", "example.org", true));
        Path file = dir.resolve("jar.txt");
        new CookieJarFile(file, CLOCK).saveFrom(store);

        assertThat(Files.readAllLines(file)).first().isEqualTo("# Netscape HTTP Cookie File");
        assertThat(Files.readString(file)).contains(".example.org\tTRUE\t/\tFALSE\t0\ta\tb\n");
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(file))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
    }

    @Test
    void loadIntoWhenCurlFileThenReadsHttpOnlyAndSkipsExpiredAndMalformedLines() throws Exception {
        Path file = dir.resolve("curl.txt");
        Files.writeString(file, "# Netscape HTTP Cookie File\n\n"
                + "#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\t_shibsession_1\tvalue1\n"
                + "sp.example\tFALSE\t/\tTRUE\t" + NOW.plusSeconds(60).getEpochSecond() + "\tkeep\tyes\n"
                + "sp.example\tFALSE\t/\tTRUE\t" + NOW.minusSeconds(60).getEpochSecond() + "\tgone\tno\n"
                + "broken line without tabs\n"
                + "sp.example\tFALSE\t/\tTRUE\tnot-a-number\tbad\tx\n");
        BasicCookieStore store = new BasicCookieStore();

        assertThat(new CookieJarFile(file, CLOCK).loadInto(store)).isEqualTo(2);
        assertThat(store.getCookies()).extracting(Cookie::getName).containsExactlyInAnyOrder("_shibsession_1", "keep");
        assertThat(store.getCookies()).filteredOn(c -> c.getName().equals("_shibsession_1"))
                .allMatch(Cookie::isHttpOnly);
    }

    @Test
    void saveFromWhenExpiredOrUnwritableCookieThenLeftOut() throws Exception {
        BasicCookieStore store = new BasicCookieStore();
        BasicClientCookie old = cookie("old", "x", "example.org", false);
        old.setExpiryDate(NOW.minusSeconds(1));
        store.addCookie(old);
        store.addCookie(cookie("tabbed", "a\tb", "example.org", false));
        store.addCookie(cookie("fine", "ok", "example.org", false));
        Path file = dir.resolve("jar.txt");
        new CookieJarFile(file, CLOCK).saveFrom(store);

        assertThat(Files.readString(file)).contains("\tfine\tok").doesNotContain("\told\t", "tabbed");
    }

    @Test
    void loadIntoWhenFileMissingThenNothing() throws Exception {
        assertThat(new CookieJarFile(dir.resolve("none.txt"), CLOCK).loadInto(new BasicCookieStore())).isZero();
    }

    @Test
    void loadIntoWhenPathIsADirectoryThenInvalidConfiguration() {
        Samples.assertError(EcpError.INVALID_CONFIGURATION,
                () -> new CookieJarFile(dir, CLOCK).loadInto(new BasicCookieStore()));
    }
}
