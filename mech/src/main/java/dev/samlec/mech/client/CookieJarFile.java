package dev.samlec.mech.client;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.hc.client5.http.cookie.Cookie;
import org.apache.hc.client5.http.cookie.CookieStore;
import org.apache.hc.client5.http.impl.cookie.BasicClientCookie;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes cookies in the Netscape cookie-file format that curl ({@code -b}/{@code -c}), wget and
 * ciecplib use, so an ECP session can outlive one process.
 *
 * <pre>
 * # Netscape HTTP Cookie File
 * [#HttpOnly_][.]domain  TAB  includeSubdomains(TRUE|FALSE)  TAB  path  TAB  secure(TRUE|FALSE)  TAB
 *     expires(epoch seconds, 0 = session cookie)  TAB  name  TAB  value
 * </pre>
 *
 * <p>Session cookies are kept (the SP's session cookie usually is one). Expired cookies, per the injected clock,
 * are dropped on load and on save; malformed lines are skipped. The file holds live session secrets: it is
 * written atomically through a temporary file with owner-only permissions where the file system supports them.
 */
public final class CookieJarFile {
    private static final Logger LOG = LoggerFactory.getLogger(CookieJarFile.class);
    private static final String HTTP_ONLY = "#HttpOnly_";

    private final Path file;
    private final Clock clock;

    /** A cookie file at {@code file}; {@code clock} decides which cookies have expired. */
    public CookieJarFile(Path file, Clock clock) {
        this.file = Objects.requireNonNull(file, "file");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Adds the file's unexpired cookies to {@code store}; a missing file adds nothing.
     *
     * @return how many cookies were added
     * @throws EcpException {@code INVALID_CONFIGURATION} if the file exists but cannot be read
     */
    public int loadInto(CookieStore store) throws EcpException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new EcpException(EcpError.INVALID_CONFIGURATION,
                    "cookie file " + file + " cannot be read: " + e.getMessage(), e);
        }
        Instant now = clock.instant();
        int added = 0;
        int skipped = 0;
        for (String line : lines) {
            BasicClientCookie cookie = parse(line, now);
            if (cookie != null) {
                store.addCookie(cookie);
                added++;
            } else if (!line.isBlank() && (!line.startsWith("#") || line.startsWith(HTTP_ONLY))) {
                skipped++;
            }
        }
        LOG.debug("loaded {} cookies from {} ({} lines skipped)", added, file, skipped);
        return added;
    }

    private BasicClientCookie parse(String line, Instant now) {
        boolean httpOnly = line.startsWith(HTTP_ONLY);
        String text = httpOnly ? line.substring(HTTP_ONLY.length()) : line;
        if (text.isBlank() || text.startsWith("#")) {
            return null;
        }
        String[] f = text.split("\t", -1);
        if (f.length != 7 || f[0].isEmpty() || f[5].isEmpty()) {
            return null;
        }
        long expires;
        try {
            expires = Long.parseLong(f[4].strip());
        } catch (NumberFormatException e) {
            return null;
        }
        if (expires > Instant.MAX.getEpochSecond()) {
            return null; // beyond what a date can hold: as unreadable as any other malformed line
        }
        if (expires > 0 && !Instant.ofEpochSecond(expires).isAfter(now)) {
            return null;
        }
        String domain = f[0].startsWith(".") ? f[0].substring(1) : f[0];
        BasicClientCookie cookie = new BasicClientCookie(f[5], f[6]);
        cookie.setDomain(domain.toLowerCase(Locale.ROOT));
        if ("TRUE".equalsIgnoreCase(f[1])) {
            cookie.setAttribute(Cookie.DOMAIN_ATTR, domain);
        }
        cookie.setPath(f[2].isEmpty() ? "/" : f[2]);
        cookie.setSecure("TRUE".equalsIgnoreCase(f[3]));
        cookie.setHttpOnly(httpOnly);
        cookie.setCreationDate(now);
        if (expires > 0) {
            cookie.setExpiryDate(Instant.ofEpochSecond(expires));
        }
        return cookie;
    }

    /**
     * Replaces the file with the store's unexpired cookies.
     *
     * @throws EcpException {@code INVALID_CONFIGURATION} if the file cannot be written
     */
    public void saveFrom(CookieStore store) throws EcpException {
        Instant now = clock.instant();
        StringBuilder out = new StringBuilder("# Netscape HTTP Cookie File\n# Written by samlec. Holds session"
                + " secrets: keep it private.\n\n");
        for (Cookie c : store.getCookies()) {
            if (c.isExpired(now) || !storable(c)) {
                continue;
            }
            boolean subdomains = c.containsAttribute(Cookie.DOMAIN_ATTR);
            Instant expiry = c.getExpiryInstant();
            out.append(c.isHttpOnly() ? HTTP_ONLY : "").append(subdomains ? "." : "").append(c.getDomain())
                    .append('\t').append(subdomains ? "TRUE" : "FALSE")
                    .append('\t').append(c.getPath() == null ? "/" : c.getPath())
                    .append('\t').append(c.isSecure() ? "TRUE" : "FALSE")
                    .append('\t').append(expiry == null ? 0 : expiry.getEpochSecond())
                    .append('\t').append(c.getName()).append('\t').append(c.getValue()).append('\n');
        }
        write(out.toString());
    }

    private static boolean storable(Cookie c) {
        String all = c.getName() + c.getValue() + c.getDomain() + c.getPath();
        return c.getDomain() != null && c.getValue() != null && all.chars().noneMatch(ch -> ch == '\t'
                || ch == '\n' || ch == '\r');
    }

    private void write(String content) throws EcpException {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Path temp = Files.createTempFile(dir, ".samlec-cookies", ".tmp");
            try {
                restrict(temp);
                Files.writeString(temp, content, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new EcpException(EcpError.INVALID_CONFIGURATION,
                    "cookie file " + file + " cannot be written: " + e.getMessage(), e);
        }
    }

    private static void restrict(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            LOG.debug("no POSIX permissions on {}; the cookie file keeps the default permissions", path);
        }
    }
}
