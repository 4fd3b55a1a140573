package dev.samlec.mech.client;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.message.EcpNamespaces;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.message.SamlResponseBody;
import dev.samlec.mech.internal.validation.ConfirmationKeys;
import dev.samlec.mech.internal.xml.OpenSaml;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The client's check of the IdP's answer when it asked for holder-of-key: every readable assertion must be confirmed
 * by holder-of-key only, for the client's own key, before the Response goes to the service. Otherwise an IdP without
 * the profile, or a path that removed the request's {@code ecp:SubjectConfirmation} block, would turn the user's
 * holder-of-key login into a bearer assertion that anyone holding it can use, and the client would post it unasked.
 *
 * <p>The keys are read exactly as the service reads them ({@link ConfirmationKeys}: {@code ds:X509Certificate} and
 * {@code ds:KeyValue} of the confirmation's KeyInfos), and each confirmation must name at least one and only the
 * client's. An encrypted assertion cannot be read here: it is refused unless the caller accepts it unchecked
 * ({@code EcpHttpClient.Builder.acceptEncryptedHolderOfKeyAnswers()}), leaving the binding to the service.
 */
final class HolderOfKeyAnswer {
    private HolderOfKeyAnswer() {
    }

    /**
     * Refuses an answer whose assertions are not all holder-of-key bound to {@code mine}.
     *
     * @throws EcpException {@code invalid_subject_confirmation}, naming what the assertion is confirmed by
     */
    static void requireBoundTo(SamlResponseBody response, X509Certificate mine, boolean acceptEncrypted,
            EcpStepListener listener) throws EcpException {
        if (!response.isSuccess()) {
            return;
        }
        Element root = response.toDocument().getDocumentElement();
        List<Element> assertions = children(root, EcpNamespaces.SAML, "Assertion");
        if (assertions.isEmpty()) {
            if (!children(root, EcpNamespaces.SAML, "EncryptedAssertion").isEmpty()) {
                if (!acceptEncrypted) {
                    throw refused(mine, "an encrypted assertion, whose confirmation this client cannot read; nothing"
                            + " was sent to the service (accept it unchecked only for a service that accepts"
                            + " holder-of-key alone)");
                }
                listener.step("the IdP's assertion is encrypted: whether it is holder-of-key bound to your key is"
                        + " checked by the service only");
            }
            return;
        }
        byte[] key = mine.getPublicKey().getEncoded();
        for (Element assertion : assertions) {
            Set<String> problems = problems(assertion, key);
            if (!problems.isEmpty()) {
                throw refused(mine, String.join(", ", problems) + "; nothing was sent to the service (an IdP"
                        + " without the holder-of-key profile, or a path that removed the request's"
                        + " ecp:SubjectConfirmation block)");
            }
        }
        listener.step("the IdP's assertion is holder-of-key bound to your key alone");
    }

    private static EcpException refused(X509Certificate mine, String what) {
        return new EcpException(EcpError.INVALID_SUBJECT_CONFIRMATION, "asked the IdP for a holder-of-key assertion"
                + " bound to the key of " + Excerpts.clean(mine.getSubjectX500Principal().getName(), 200)
                + ", but its answer has " + what);
    }

    /** What keeps {@code assertion} from being bound to {@code key} alone; empty when it is. */
    private static Set<String> problems(Element assertion, byte[] key) throws EcpException {
        Set<String> problems = new LinkedHashSet<>();
        boolean bound = false;
        for (Element subject : children(assertion, EcpNamespaces.SAML, "Subject")) {
            for (Element confirmation : children(subject, EcpNamespaces.SAML, "SubjectConfirmation")) {
                String method = confirmation.getAttributeNS(null, "Method");
                if (!IdpRequest.HOLDER_OF_KEY.equals(method)) {
                    problems.add("a SubjectConfirmation with Method '" + Excerpts.clean(method, 120) + "'");
                    continue;
                }
                List<PublicKey> keys = keys(confirmation);
                if (keys.isEmpty()) {
                    problems.add("a holder-of-key SubjectConfirmation naming no readable key");
                } else if (keys.stream().allMatch(k -> Arrays.equals(k.getEncoded(), key))) {
                    bound = true;
                } else {
                    problems.add("a holder-of-key SubjectConfirmation naming " + (keys.stream()
                            .anyMatch(k -> Arrays.equals(k.getEncoded(), key)) ? "another key beside yours"
                                    : "another key"));
                }
            }
        }
        if (!bound && problems.isEmpty()) {
            problems.add("no SubjectConfirmation");
        }
        return problems;
    }

    /** The keys the confirmation's SubjectConfirmationData binds, read as the service reads them. */
    private static List<PublicKey> keys(Element confirmation) throws EcpException {
        List<PublicKey> keys = new ArrayList<>();
        for (Element data : children(confirmation, EcpNamespaces.SAML, "SubjectConfirmationData")) {
            OpenSaml.ensureInitialized();
            Unmarshaller unmarshaller = XMLObjectSupport.getUnmarshaller(data);
            try {
                if (unmarshaller != null && unmarshaller.unmarshall(data) instanceof SubjectConfirmationData read) {
                    keys.addAll(ConfirmationKeys.of(read));
                }
            } catch (UnmarshallingException | RuntimeException e) {
                throw new EcpException(EcpError.MALFORMED_MESSAGE, "the IdP's SubjectConfirmationData cannot be read"
                        + " as SAML 2.0 (" + Excerpts.clean(String.valueOf(e.getMessage()), 200) + ")", e);
            }
        }
        return keys;
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
}
