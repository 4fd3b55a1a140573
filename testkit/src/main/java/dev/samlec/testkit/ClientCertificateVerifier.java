package dev.samlec.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS client-certificate login for the demo IdP: which certificates identify a user, and as whom.
 *
 * <p>The TLS handshake only asks for a certificate ({@code wantClientAuth}) and lists the anchors as acceptable
 * issuers; it accepts any certificate chain the client proves it holds the key for, so that a certificate the IdP
 * does not trust leads to HTTP Basic (and a 401 without it) rather than to a failed handshake. The real check is
 * {@link #verifiedUid}, per request: PKIX path validation to one of the anchors at the IdP's clock (no revocation
 * checking), an extended key usage that allows client authentication if the extension is present, and exactly one
 * CN in the subject, which is the uid.
 */
final class ClientCertificateVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(ClientCertificateVerifier.class);
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private final List<X509Certificate> anchors;
    private final Set<TrustAnchor> trustAnchors;
    private final Clock clock;

    ClientCertificateVerifier(List<X509Certificate> anchors, Clock clock) {
        this.anchors = List.copyOf(anchors);
        this.trustAnchors = this.anchors.stream().map(a -> new TrustAnchor(a, null)).collect(Collectors.toSet());
        this.clock = clock;
    }

    /** The handshake trust manager: lists the anchors, checks nothing (see the class comment), never a client. */
    X509ExtendedTrustManager handshakeTrustManager() {
        return new HandshakeTrustManager(anchors.toArray(new X509Certificate[0]));
    }

    /**
     * The uid of the user whose verified client certificate the request came with; empty when the exchange is not
     * HTTPS, no certificate was presented, or it does not pass the checks (logged at INFO).
     */
    Optional<String> verifiedUid(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange)) {
            return Optional.empty();
        }
        Certificate[] presented;
        try {
            presented = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
        List<X509Certificate> chain = withoutAnchors(presented);
        if (chain.isEmpty()) {
            LOG.info("the client presented only a trust anchor as its certificate; not accepted");
            return Optional.empty();
        }
        X509Certificate leaf = chain.get(0);
        String subject = leaf.getSubjectX500Principal().getName(X500Principal.RFC2253);
        try {
            validate(chain);
            checkExtendedKeyUsage(leaf);
            String uid = commonName(leaf);
            LOG.info("TLS client certificate {} verified: uid {}", subject, uid);
            return Optional.of(uid);
        } catch (GeneralSecurityException | InvalidNameException e) {
            LOG.info("TLS client certificate {} not accepted ({}); falling back to HTTP Basic", subject,
                    e.getMessage());
            return Optional.empty();
        }
    }

    private List<X509Certificate> withoutAnchors(Certificate[] presented) {
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : presented) {
            if (certificate instanceof X509Certificate && !anchors.contains(certificate)) {
                chain.add((X509Certificate) certificate);
            }
        }
        return chain;
    }

    private void validate(List<X509Certificate> chain) throws GeneralSecurityException {
        PKIXParameters parameters = new PKIXParameters(trustAnchors);
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(clock.instant()));
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
    }

    private static void checkExtendedKeyUsage(X509Certificate leaf) throws CertificateException {
        List<String> usages = leaf.getExtendedKeyUsage();
        if (usages != null && !usages.contains(CLIENT_AUTH) && !usages.contains(ANY_EXTENDED_KEY_USAGE)) {
            throw new CertificateException("its extended key usage " + usages + " does not allow client"
                    + " authentication (" + CLIENT_AUTH + ")");
        }
    }

    private static String commonName(X509Certificate leaf) throws InvalidNameException {
        LdapName name = new LdapName(leaf.getSubjectX500Principal().getName(X500Principal.RFC2253));
        List<Object> values = new ArrayList<>();
        for (Rdn rdn : name.getRdns()) {
            if ("CN".equalsIgnoreCase(rdn.getType())) {
                values.add(rdn.getValue());
            }
        }
        if (values.size() != 1 || !(values.get(0) instanceof String) || ((String) values.get(0)).isBlank()) {
            throw new InvalidNameException("the subject must hold exactly one non-empty textual CN, found "
                    + values.size());
        }
        return (String) values.get(0);
    }

    /** Accepts every client chain at the handshake (checked per request instead) and refuses to act for a client. */
    private static final class HandshakeTrustManager extends X509ExtendedTrustManager {
        private final X509Certificate[] issuers;

        HandshakeTrustManager(X509Certificate[] issuers) {
            this.issuers = issuers;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // verified per request by verifiedUid
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // verified per request by verifiedUid
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // verified per request by verifiedUid
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the demo IdP's trust manager is for client certificates only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return Arrays.copyOf(issuers, issuers.length);
        }
    }
}
