package dev.samlec.sasl;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The channel-binding data of one TLS connection, which {@code SAML20EC-PLUS} binds the assertion to.
 *
 * <ul>
 *   <li>{@value #TLS_EXPORTER} (RFC 9266): 32 bytes exported with label {@code EXPORTER-Channel-Binding} and no
 *       context. The default for TLS 1.3. It needs
 *       {@code ExtendedSSLSession.exportKeyingMaterialData}, which the JDK has from release 25 on; on older JDKs
 *       {@link #tlsExporter(SSLSession)} is empty and {@value #TLS_SERVER_END_POINT} is used.</li>
 *   <li>{@value #TLS_SERVER_END_POINT} (RFC 5929 section 4.1): a hash of the server's certificate, with the
 *       certificate's signature hash (MD5 and SHA-1 become SHA-256; a signature algorithm without a separate hash
 *       uses SHA-256, as the JDK's LDAP client does). Works on every TLS version and JDK, but binds only the server
 *       certificate, not the session.</li>
 * </ul>
 *
 * <p>Give the value to the SASL client or server in the property {@link SamlecSasl#CHANNEL_BINDING}; a server may
 * give a {@code List} of them (all the types its connection supports), and then accepts whichever the client
 * chose. {@code data} is the raw binding; a host that holds it with the RFC 5056 {@code type:} prefix (OpenLDAP's
 * form, {@code tls-server-end-point:<hash>}) may pass that: the prefix of this type is stripped once, and one of
 * another known type is refused. Either way samlec carries raw {@code cb-data} (design decision D1).
 *
 * @param type the channel-binding type name, {@value #TLS_EXPORTER} or {@value #TLS_SERVER_END_POINT}
 * @param data the binding data (copied)
 */
public record TlsChannelBinding(String type, byte[] data) {
    /** RFC 9266. */
    public static final String TLS_EXPORTER = "tls-exporter";
    /** RFC 5929 section 4. */
    public static final String TLS_SERVER_END_POINT = "tls-server-end-point";
    private static final String EXPORTER_LABEL = "EXPORTER-Channel-Binding";
    private static final int EXPORTER_LENGTH = 32;
    private static final String TLS13 = "TLSv1.3";
    private static final List<String> KNOWN_TYPES = List.of(TLS_EXPORTER, TLS_SERVER_END_POINT, "tls-unique");
    /** Types read from a prefix: not tls-unique, undefined on TLS 1.3 (RFC 9266), whose version raw bytes hide. */
    private static final List<String> PREFIXED_TYPES = List.of(TLS_EXPORTER, TLS_SERVER_END_POINT);

    /** Checks the type is a GS2 cb-name (1*(ALPHA / DIGIT / "." / "-")) and the data is not empty. */
    public TlsChannelBinding {
        Objects.requireNonNull(type, "type");
        if (!type.matches("[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException("channel-binding type must be 1*(ALPHA / DIGIT / \".\" / \"-\"), was '"
                    + type + "'");
        }
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("channel-binding data must not be empty");
        }
        data = withoutPrefix(type, data);
        if (data.length == 0) {
            throw new IllegalArgumentException("channel-binding data must not be empty after its '" + type
                    + ":' prefix");
        }
    }

    /**
     * A copy of {@code data} without its RFC 5056 {@code type:} prefix, stripped once when it names {@code type}
     * (OpenLDAP and the JDK's LDAP client hand GS2 mechanisms {@code tls-server-end-point:<hash>}).
     *
     * @throws IllegalArgumentException if the prefix names another known type
     */
    private static byte[] withoutPrefix(String type, byte[] data) {
        int length = prefixLength(data, type);
        if (length > 0) {
            return Arrays.copyOfRange(data, length, data.length);
        }
        for (String other : KNOWN_TYPES) {
            if (!other.equals(type) && prefixLength(data, other) > 0) {
                throw new IllegalArgumentException("channel-binding data of type " + type + " starts with the"
                        + " prefix '" + other + ":' of another type; pass the data of the type it names");
            }
        }
        return data.clone();
    }

    private static int prefixLength(byte[] data, String type) {
        byte[] prefix = (type + ":").getBytes(StandardCharsets.US_ASCII);
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length)
                ? prefix.length : 0;
    }

    /**
     * Binding data as a host application may hold it: {@code "type:" + data} (RFC 5056 prefix, the form OpenLDAP
     * gives GS2 mechanisms), the type read from the prefix.
     *
     * @throws IllegalArgumentException if {@code prefixed} does not start with {@value #TLS_EXPORTER} or
     *     {@value #TLS_SERVER_END_POINT} and a colon ({@code tls-unique:} is refused: the type is undefined on TLS 1.3
     *     and raw bytes do not say which version the connection has)
     */
    public static TlsChannelBinding ofPrefixed(byte[] prefixed) {
        for (String type : PREFIXED_TYPES) {
            if (prefixLength(prefixed, type) > 0) {
                return new TlsChannelBinding(type, prefixed);
            }
        }
        throw new IllegalArgumentException("channel-binding data without a type: expected raw data in a"
                + " TlsChannelBinding, or bytes starting with 'tls-server-end-point:' or 'tls-exporter:'");
    }

    /** The binding data; a copy. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** {@value #TLS_SERVER_END_POINT} for the server's certificate (the leaf, as sent in the handshake). */
    public static TlsChannelBinding tlsServerEndPoint(X509Certificate serverCertificate) {
        String hash = serverCertificate.getSigAlgName().toUpperCase(Locale.ROOT).replace("SHA", "SHA-");
        int with = hash.indexOf("WITH");
        hash = with > 0 ? hash.substring(0, with) : "SHA-256";
        if (hash.equals("MD5") || hash.equals("SHA-1")) {
            hash = "SHA-256";
        }
        try {
            return new TlsChannelBinding(TLS_SERVER_END_POINT,
                    MessageDigest.getInstance(hash).digest(serverCertificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalArgumentException("no tls-server-end-point binding for a certificate signed with "
                    + serverCertificate.getSigAlgName() + ": " + e.getMessage(), e);
        }
    }

    /** {@value #TLS_EXPORTER} of a TLS 1.3 session; empty on older TLS versions or when the JDK cannot export. */
    public static Optional<TlsChannelBinding> tlsExporter(SSLSession session) {
        if (!TLS13.equals(session.getProtocol()) || !(session instanceof ExtendedSSLSession)) {
            return Optional.empty();
        }
        Optional<Method> export = exporter();
        if (export.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] data = (byte[]) export.get().invoke(session, EXPORTER_LABEL, new byte[0], EXPORTER_LENGTH);
            return data == null || data.length == 0 ? Optional.empty()
                    : Optional.of(new TlsChannelBinding(TLS_EXPORTER, data));
        } catch (IllegalAccessException | InvocationTargetException e) {
            return Optional.empty();
        }
    }

    /**
     * The binding a client uses on {@code session}: {@value #TLS_EXPORTER} on TLS 1.3 where the JDK can export
     * keying material (RFC 9266 makes it the default), else {@value #TLS_SERVER_END_POINT} of the peer certificate.
     *
     * @throws IllegalArgumentException if the session has no verified X.509 server certificate
     */
    public static TlsChannelBinding forClient(SSLSession session) {
        return tlsExporter(session).orElseGet(() -> tlsServerEndPoint(leaf(peerCertificates(session))));
    }

    /**
     * Every binding a server can verify on {@code session}: {@value #TLS_EXPORTER} where available, and always
     * {@value #TLS_SERVER_END_POINT} of its own certificate, so that clients on any JDK can bind.
     *
     * @throws IllegalArgumentException if the session has no local X.509 certificate
     */
    public static List<TlsChannelBinding> forServer(SSLSession session) {
        List<TlsChannelBinding> result = new ArrayList<>();
        tlsExporter(session).ifPresent(result::add);
        result.add(tlsServerEndPoint(leaf(session.getLocalCertificates())));
        return List.copyOf(result);
    }

    /**
     * The binding the JDK's LDAP client passes in {@link SamlecSasl#JDK_TLS_CHANNEL_BINDING}
     * ({@code "tls-server-end-point:" + hash}); empty for anything else.
     */
    public static Optional<TlsChannelBinding> fromJdkProperty(Object value) {
        if (!(value instanceof byte[])) {
            return Optional.empty();
        }
        byte[] bytes = (byte[]) value;
        int prefix = prefixLength(bytes, TLS_SERVER_END_POINT);
        if (prefix == 0 || bytes.length == prefix) {
            return Optional.empty();
        }
        return Optional.of(new TlsChannelBinding(TLS_SERVER_END_POINT, bytes));
    }

    private static Certificate[] peerCertificates(SSLSession session) {
        try {
            return session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            throw new IllegalArgumentException("the TLS session has no verified server certificate", e);
        }
    }

    private static X509Certificate leaf(Certificate[] chain) {
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
            throw new IllegalArgumentException("the TLS session has no X.509 server certificate");
        }
        return (X509Certificate) chain[0];
    }

    private static Optional<Method> exporter() {
        try {
            return Optional.of(ExtendedSSLSession.class.getMethod("exportKeyingMaterialData", String.class,
                    byte[].class, int.class));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlsChannelBinding other && type.equals(other.type) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "TlsChannelBinding[" + type + ", " + data.length + " bytes]";
    }
}
