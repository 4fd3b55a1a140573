package dev.samlec.sasl.internal;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The SAML20EC client's first message (draft-ietf-kitten-sasl-saml-ec-20 section 4.2):
 *
 * <pre>
 * initresp = gs2-cb-flag "," [gs2-authzid] "," [hok] "," [mut] "," [del]
 * gs2-cb-flag = ("p=" cb-name) / "n" / "y"          (RFC 5801; no "F," non-standard flag)
 * gs2-authzid = "a=" saslname                       ("," written "=2C", "=" written "=3D")
 * </pre>
 *
 * <p>Always four commas; the shortest message is {@code n,,,,}. {@link #gs2Header()} is the part up to the
 * second comma, which {@code SAML20EC-PLUS} binds together with the TLS data.
 *
 * @param flag the channel-binding flag
 * @param cbName the channel-binding type, present exactly when {@code flag} is {@link CbFlag#P}
 * @param authzid the requested authorization identity, unescaped
 * @param hok the client can do holder-of-key confirmation
 * @param mut the client asks for mutual authentication (a signed AuthnRequest)
 * @param del the client asks for a delegated assertion
 */
public record InitialResponse(CbFlag flag, Optional<String> cbName, Optional<String> authzid, boolean hok,
        boolean mut, boolean del) {
    /** Holder-of-key confirmation method. */
    public static final String HOK = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key";
    /** ECP 2.0 "want signed request" option: mutual authentication. */
    public static final String MUT = "urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp:2.0:WantAuthnRequestsSigned";
    /** Delegation. */
    public static final String DEL = "urn:oasis:names:tc:SAML:2.0:conditions:delegation";
    /** Longest initial response accepted: four URIs and a generous authzid. */
    public static final int MAX_BYTES = 4096;

    /** The gs2-cb-flag. */
    public enum CbFlag {
        /** The client does not support channel binding. */
        N,
        /** The client supports channel binding but thinks the server does not. */
        Y,
        /** The client uses channel binding of type {@code cbName}. */
        P
    }

    /** Checks that cbName is present exactly with {@code p}, and the authzid is not empty. */
    public InitialResponse {
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(cbName, "cbName");
        Objects.requireNonNull(authzid, "authzid");
        if ((flag == CbFlag.P) != cbName.isPresent()) {
            throw new IllegalArgumentException("a cb-name goes with the p flag, and only with it");
        }
        if (cbName.isPresent() && !cbName.get().matches("[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException("cb-name must be 1*(ALPHA / DIGIT / \".\" / \"-\")");
        }
        if (authzid.isPresent() && authzid.get().isEmpty()) {
            throw new IllegalArgumentException("an authzid must not be empty; leave it out instead");
        }
    }

    /**
     * Parses an initial response.
     *
     * @throws EcpException {@link EcpError#MALFORMED_GS2_HEADER} naming the broken field, or
     *     {@link EcpError#MESSAGE_TOO_LARGE}
     */
    public static InitialResponse parse(byte[] message) throws EcpException {
        if (message.length > MAX_BYTES) {
            throw new EcpException(EcpError.MESSAGE_TOO_LARGE, "the SAML20EC initial response is " + message.length
                    + " bytes; at most " + MAX_BYTES + " are accepted");
        }
        String text = utf8(message);
        String[] fields = text.split(",", -1);
        if (fields.length != 5) {
            throw malformed("it must have exactly four commas (gs2-cb-flag,[authzid],[hok],[mut],[del]), found "
                    + (fields.length - 1));
        }
        CbFlag flag;
        Optional<String> cbName = Optional.empty();
        if (fields[0].equals("n")) {
            flag = CbFlag.N;
        } else if (fields[0].equals("y")) {
            flag = CbFlag.Y;
        } else if (fields[0].startsWith("p=") && fields[0].substring(2).matches("[A-Za-z0-9.-]+")) {
            flag = CbFlag.P;
            cbName = Optional.of(fields[0].substring(2));
        } else {
            throw malformed("gs2-cb-flag must be n, y or p=<cb-name>, was '" + printable(fields[0]) + "'"
                    + (fields[0].equals("F") ? " (the GS2 non-standard flag F is not part of SAML20EC)" : ""));
        }
        Optional<String> authzid = Optional.empty();
        if (!fields[1].isEmpty()) {
            if (!fields[1].startsWith("a=") || fields[1].length() == 2) {
                throw malformed("the second field must be empty or a=<saslname>, was '" + printable(fields[1]) + "'");
            }
            authzid = Optional.of(SaslName.decode(fields[1].substring(2)));
        }
        return new InitialResponse(flag, cbName, authzid, option(fields[2], HOK, "hok"), option(fields[3], MUT, "mut"),
                option(fields[4], DEL, "del"));
    }

    /** The message bytes (UTF-8). */
    public byte[] toBytes() {
        return (gs2HeaderText() + (hok ? HOK : "") + "," + (mut ? MUT : "") + "," + (del ? DEL : ""))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The GS2 header: {@code gs2-cb-flag "," [gs2-authzid] ","}, as the bytes the client sent. */
    public byte[] gs2Header() {
        return gs2HeaderText().getBytes(StandardCharsets.UTF_8);
    }

    private String gs2HeaderText() {
        String cb = switch (flag) {
            case N -> "n";
            case Y -> "y";
            case P -> "p=" + cbName.orElseThrow();
        };
        return cb + "," + authzid.map(a -> "a=" + SaslName.encode(a)).orElse("") + ",";
    }

    private static boolean option(String field, String constant, String name) throws EcpException {
        if (field.isEmpty()) {
            return false;
        }
        if (field.equals(constant)) {
            return true;
        }
        throw malformed("the " + name + " field must be empty or " + constant + ", was '" + printable(field) + "'");
    }

    private static String utf8(byte[] message) throws EcpException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(message)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("it is not valid UTF-8");
        }
    }

    static EcpException malformed(String problem) {
        return new EcpException(EcpError.MALFORMED_GS2_HEADER, "SAML20EC initial response: " + problem);
    }

    /** At most 80 characters, control characters replaced: safe in an error message. */
    static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]", "?");
    }
}
