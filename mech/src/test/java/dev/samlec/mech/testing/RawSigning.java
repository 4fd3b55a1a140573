package dev.samlec.mech.testing;

import dev.samlec.mech.SigningKey;
import dev.samlec.mech.internal.xml.OpenSaml;
import java.io.ByteArrayOutputStream;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.transforms.params.XPathContainer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Real XML signatures in layouts OpenSAML's {@code Signer} never makes, for attack tests: any number of References
 * to any URI with any transforms ({@link #sign}), and a fresh SignatureValue over a SignedInfo edited by hand
 * ({@link #resign}), so that a test can hand the validator exactly the SignedInfo an attacker (or a confused IdP)
 * would, signed with the trusted key. Everything uses Santuario directly; RSA-SHA256 or ECDSA-SHA256 by key type.
 */
public final class RawSigning {
    /** The enveloped-signature transform. */
    public static final String ENVELOPED = Transforms.TRANSFORM_ENVELOPED_SIGNATURE;
    /** Exclusive canonicalization without comments. */
    public static final String EXC_C14N = Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS;
    /** The XPath filter transform ({@code ds:XPath} content given by {@link Ref#xpath}). */
    public static final String XPATH = Transforms.TRANSFORM_XPATH;
    /** The SHA-256 digest. */
    public static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";

    private RawSigning() {
    }

    /** One Reference: its URI and its transforms (in order). */
    public static final class Ref {
        final String uri;
        final List<String> transforms;
        final String xpath;

        private Ref(String uri, List<String> transforms, String xpath) {
            this.uri = uri;
            this.transforms = List.copyOf(transforms);
            this.xpath = xpath;
        }

        /** A Reference to {@code uri} with enveloped-signature + exclusive c14n, as SAML requires. */
        public static Ref saml(String uri) {
            return new Ref(uri, List.of(ENVELOPED, EXC_C14N), null);
        }

        /** A Reference to {@code uri} with exactly these transform algorithms. */
        public static Ref of(String uri, String... transforms) {
            return new Ref(uri, List.of(transforms), null);
        }

        /** A Reference to {@code uri} filtered by the XPath {@code expression}, then enveloped + exclusive c14n. */
        public static Ref xpath(String uri, String expression) {
            return new Ref(uri, List.of(XPATH, ENVELOPED, EXC_C14N), expression);
        }
    }

    /**
     * Signs with {@code key}: a new ds:Signature (certificate in KeyInfo) inserted into {@code parent} before
     * {@code before} (null: appended), with one Reference per entry of {@code refs}. Every unqualified {@code ID} and
     * {@code Id} attribute of the document is registered as an ID first, so that the URIs resolve.
     *
     * @return the ds:Signature element
     */
    public static Element sign(Element parent, Node before, SigningKey key, Ref... refs) {
        return sign(parent, before, key, null, refs);
    }

    /** Like {@link #sign(Element, Node, SigningKey, Ref...)}, with {@code Id="keyInfoId"} on the ds:KeyInfo. */
    public static Element sign(Element parent, Node before, SigningKey key, String keyInfoId, Ref... refs) {
        OpenSaml.ensureInitialized();
        try {
            Document doc = parent.getOwnerDocument();
            registerIds(doc.getDocumentElement());
            XMLSignature signature = new XMLSignature(doc, "", algorithm(key), EXC_C14N);
            parent.insertBefore(signature.getElement(), before);
            for (Ref ref : refs) {
                Transforms transforms = new Transforms(doc);
                for (String transform : ref.transforms) {
                    if (XPATH.equals(transform)) {
                        XPathContainer xpath = new XPathContainer(doc);
                        xpath.setXPath(ref.xpath);
                        transforms.addTransform(transform, xpath.getElementPlusReturns());
                    } else {
                        transforms.addTransform(transform);
                    }
                }
                signature.addDocument(ref.uri, transforms, SHA256);
            }
            signature.addKeyInfo(key.certificate());
            if (keyInfoId != null) {
                signature.getKeyInfo().setId(keyInfoId);
            }
            signature.sign(key.privateKey());
            return signature.getElement();
        } catch (Exception e) {
            throw new IllegalStateException("test signature could not be made: " + e, e);
        }
    }

    /**
     * Replaces the SignatureValue of {@code signature} by {@code key}'s signature over its current ds:SignedInfo
     * (exclusive c14n), whatever that SignedInfo now says: the References are not recomputed.
     */
    public static void resign(Element signature, SigningKey key) {
        OpenSaml.ensureInitialized();
        try {
            Element signedInfo = TestDom.child(signature, TestDom.DS, "SignedInfo");
            ByteArrayOutputStream c14n = new ByteArrayOutputStream();
            Canonicalizer.getInstance(EXC_C14N).canonicalizeSubtree(signedInfo, c14n);
            Signature signer = Signature.getInstance(key.isRsa() ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
            signer.initSign(key.privateKey());
            signer.update(c14n.toByteArray());
            TestDom.child(signature, TestDom.DS, "SignatureValue")
                    .setTextContent(Base64.getEncoder().encodeToString(signer.sign()));
        } catch (Exception e) {
            throw new IllegalStateException("test SignedInfo could not be signed: " + e, e);
        }
    }

    /** The ds:Reference elements of {@code signature}'s SignedInfo. */
    public static List<Element> references(Element signature) {
        return TestDom.children(TestDom.child(signature, TestDom.DS, "SignedInfo"), TestDom.DS, "Reference");
    }

    private static String algorithm(SigningKey key) {
        return key.isRsa() ? XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256 : XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256;
    }

    private static void registerIds(Element root) {
        List<Element> all = new ArrayList<>();
        all.add(root);
        NodeList list = root.getElementsByTagName("*");
        for (int i = 0; i < list.getLength(); i++) {
            all.add((Element) list.item(i));
        }
        for (Element e : all) {
            for (String name : List.of("ID", "Id")) {
                if (e.hasAttributeNS(null, name)) {
                    e.setIdAttributeNS(null, name, true);
                }
            }
        }
    }
}
