package dev.samlec.cli;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.client.EcpExchangeRecorder;
import dev.samlec.mech.message.PaosRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code samlec curl} saw of an ECP login: which messages came (so the command knows whether the service sent
 * a challenge at all) and, with {@code --save-dir DIR}, each message in its own file, owner-readable only since they
 * hold bearer assertions that can be replayed until they expire (the directory must be the user's own and writable
 * by nobody else; no password or cookie is saved):
 * <ul>
 *   <li>{@code 1-sp-challenge.xml}: the service's PAOS challenge (SOAP envelope with the AuthnRequest);</li>
 *   <li>{@code 2-idp-request.xml}: what was sent to the IdP;</li>
 *   <li>{@code 3-idp-response.xml}: the IdP's answer as received (give it to {@code samlec verify});</li>
 *   <li>{@code 4-sp-response.xml}: what was posted to the service (the Response, or a SOAP fault);</li>
 *   <li>{@code exchange.properties}: the values {@code samlec verify} needs for it ({@code sp-entity-id},
 *       {@code acs}, {@code in-response-to}, {@code received-at} for {@code --now}).</li>
 * </ul>
 * Files of an earlier run in DIR are removed first, so the directory always shows one exchange.
 */
final class ExchangeFiles implements EcpExchangeRecorder {
    static final Map<Message, String> NAMES = Map.of(Message.SP_CHALLENGE, "1-sp-challenge.xml",
            Message.IDP_REQUEST, "2-idp-request.xml", Message.IDP_RESPONSE, "3-idp-response.xml",
            Message.SP_RESPONSE, "4-sp-response.xml");
    static final String PROPERTIES = "exchange.properties";

    private final Optional<Path> directory;
    private final Clock clock;
    private final Set<Message> seen = EnumSet.noneOf(Message.class);
    private final StringBuilder properties = new StringBuilder();

    private ExchangeFiles(Optional<Path> directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** Keeps the messages in {@code directory} (created if needed), or only notes them when it is empty. */
    static ExchangeFiles in(Optional<Path> directory, Clock clock) throws IOException {
        if (directory.isPresent()) {
            Path dir = directory.get();
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir.toAbsolutePath().getParent());
                if (posix()) {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectory(dir);
                }
            }
            checkPrivate(dir);
            for (String name : NAMES.values()) {
                Files.deleteIfExists(dir.resolve(name));
            }
            Files.deleteIfExists(dir.resolve(PROPERTIES));
        }
        return new ExchangeFiles(directory, clock);
    }

    /** Whether the service sent an ECP challenge. */
    boolean challenged() {
        return seen.contains(Message.SP_CHALLENGE);
    }

    /** How many messages were saved (0 without a directory). */
    int saved() {
        return directory.isPresent() ? seen.size() : 0;
    }

    @Override
    public void record(Message message, byte[] bytes) {
        seen.add(message);
        if (message == Message.SP_CHALLENGE) {
            describeChallenge(bytes);
        } else if (message == Message.IDP_RESPONSE) {
            properties.append("received-at=").append(clock.instant()).append('\n');
        }
        if (directory.isEmpty()) {
            return;
        }
        try {
            write(directory.get().resolve(NAMES.get(message)), bytes);
            write(directory.get().resolve(PROPERTIES), properties.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("--save-dir: " + e.getMessage(), e);
        }
    }

    private void describeChallenge(byte[] bytes) {
        try {
            PaosRequest challenge = PaosRequest.parse(bytes, SecureXmlParser.withDefaultLimit());
            properties.append("# for: samlec verify --idp-metadata ... --sp-entity-id ... --acs ... --in-response-to"
                    + " ... --now ... 3-idp-response.xml\n");
            properties.append("sp-entity-id=").append(oneLine(challenge.ecpRequest().issuer())).append('\n');
            properties.append("acs=").append(oneLine(challenge.responseConsumerUrl())).append('\n');
            properties.append("in-response-to=").append(oneLine(challenge.authnRequest().id())).append('\n');
        } catch (EcpException e) {
            properties.append("# the challenge could not be read again: ").append(e.error().code()).append('\n');
        }
    }

    private static String oneLine(String value) {
        return value.replaceAll("[\\r\\n]", " ");
    }

    /**
     * The saved messages hold a bearer assertion that can be replayed until it expires, so the directory must be a
     * real directory (not a symbolic link) of this user that nobody else can write to: otherwise another user could
     * plant a file or a link under a name this command writes, and read or redirect what it saves.
     */
    private static void checkPrivate(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("--save-dir " + dir + " is not a directory (a symbolic link is refused too)");
        }
        if (!posix()) {
            return;
        }
        UserPrincipal me = FileSystems.getDefault().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        if (!Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).equals(me)) {
            throw new IOException("--save-dir " + dir + " belongs to " + Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS)
                    + ", not to you; the saved assertions could be read or replaced: use a directory of your own");
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("--save-dir " + dir + " can be written by other users ("
                    + PosixFilePermissions.toString(permissions) + "); the saved assertions could be read or replaced:"
                    + " use a private directory (chmod go-w, or a new one)");
        }
    }

    /** Writes through a new owner-only file moved into place, so an existing name or link is replaced, not followed. */
    private static void write(Path file, byte[] bytes) throws IOException {
        Path fresh = posix()
                ? Files.createTempFile(file.getParent(), ".samlec-", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(file.getParent(), ".samlec-", ".tmp");
        try {
            Files.write(fresh, bytes);
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(fresh);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
