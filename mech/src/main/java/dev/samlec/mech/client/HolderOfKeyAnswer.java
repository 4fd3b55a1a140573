package dev.samlec.mech.client;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.message.EcpNamespaces;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.message.SamlResponseBody;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The client's check of the IdP's answer when it asked for holder-of-key: every readable assertion must be confirmed
 * by holder-of-key only, for the client's own key, before the Response goes to the service. Otherwise an IdP without
 * the profile, or a path that removed the request's {@code ecp:SubjectConfirmation} block, would turn the user's
 * holder-of-key login into a bearer assertion that anyone holding it can use, and the client would post it unasked.
 *
 * <p>Keys are compared as the service compares them: the SubjectPublicKeyInfo of each {@code ds:X509Certificate}
 * under the confirmation's KeyInfo. A KeyInfo of other forms only ({@code ds:KeyValue}) is left to the service. An
 * encrypted assertion cannot be read here; the service checks it (the step listener says so).
 */
final class HolderOfKeyAnswer {
    private HolderOfKeyAnswer() {
    }

    /**
     * Refuses an answer whose assertions are not all holder-of-key bound to {@code mine}.
     *
     * @throws EcpException {@code invalid_subject_confirmation}, naming what the assertion is confirmed by
     */
    static void requireBoundTo(SamlResponseBody response, X509Certificate mine, EcpStepListener listener)
            throws EcpException {
        if (!response.isSuccess()) {
            return;
        }
        Element root = response.toDocument().getDocumentElement();
        List<Element> assertions = children(root, EcpNamespaces.SAML, "Assertion");
        if (assertions.isEmpty()) {
            if (!children(root, EcpNamespaces.SAML, "EncryptedAssertion").isEmpty()) {
                listener.step("the IdP's assertion is encrypted: whether it is holder-of-key bound to your key is"
                        + " checked by the service only");
            }
            return;
        }
        byte[] key = mine.getPublicKey().getEncoded();
        for (Element assertion : assertions) {
            Set<String> problems = problems(assertion, key);
            if (!problems.isEmpty()) {
                throw new EcpException(EcpError.INVALID_SUBJECT_CONFIRMATION, "asked the IdP for a holder-of-key"
                        + " assertion bound to the key of " + mine.getSubjectX500Principal().getName() + ", but its"
                        + " assertion has " + String.join(", ", problems) + "; nothing was sent to the service (an"
                        + " IdP without the holder-of-key profile, or a path that removed the request's"
                        + " ecp:SubjectConfirmation block)");
            }
        }
        listener.step("the IdP's assertion is holder-of-key bound to your key");
    }

    /** What keeps {@code assertion} from being bound to {@code key} alone; empty when it is. */
    private static Set<String> problems(Element assertion, byte[] key) {
        Set<String> problems = new LinkedHashSet<>();
        boolean bound = false;
        for (Element subject : children(assertion, EcpNamespaces.SAML, "Subject")) {
            for (Element confirmation : children(subject, EcpNamespaces.SAML, "SubjectConfirmation")) {
                String method = confirmation.getAttributeNS(null, "Method");
                if (!IdpRequest.HOLDER_OF_KEY.equals(method)) {
                    problems.add("a SubjectConfirmation with Method '" + printable(method) + "'");
                } else if (boundTo(confirmation, key)) {
                    bound = true;
                } else {
                    problems.add("a holder-of-key SubjectConfirmation for another key");
                }
            }
        }
        if (!bound && problems.isEmpty()) {
            problems.add("no SubjectConfirmation");
        }
        return problems;
    }

    /** Whether the confirmation's X.509 certificates name {@code key}; true when it names keys in other forms only. */
    private static boolean boundTo(Element confirmation, byte[] key) {
        List<Element> certificates = new ArrayList<>();
        for (Element data : children(confirmation, EcpNamespaces.SAML, "SubjectConfirmationData")) {
            NodeList found = data.getElementsByTagNameNS(EcpNamespaces.DS, "X509Certificate");
            for (int i = 0; i < found.getLength(); i++) {
                certificates.add((Element) found.item(i));
            }
        }
        if (certificates.isEmpty()) {
            return true;
        }
        for (Element certificate : certificates) {
            try {
                byte[] der = Base64.getMimeDecoder().decode(certificate.getTextContent());
                X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der));
                if (Arrays.equals(parsed.getPublicKey().getEncoded(), key)) {
                    return true;
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // an unreadable certificate names no key of ours
            }
        }
        return false;
    }

    private static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    private static String printable(String s) {
        String cut = s.length() > 120 ? s.substring(0, 120) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
