package dev.samlec.mech.internal.validation;

import static dev.samlec.mech.testing.TestDom.DS;
import static dev.samlec.mech.testing.TestDom.SAML;
import static dev.samlec.mech.testing.TestDom.assertion;
import static dev.samlec.mech.testing.TestDom.child;
import static dev.samlec.mech.testing.TestDom.first;
import static dev.samlec.mech.testing.TestDom.signature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.internal.validation.DirectSignatureCheck.Outcome;
import dev.samlec.mech.internal.xml.OpenSaml;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestDom;
import dev.samlec.mech.testing.TestSamlObjects;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.xml.security.signature.XMLSignature;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * {@link DirectSignatureCheck} against Santuario's {@code XMLSignature.checkSignatureValue} on the same parsed
 * documents: a valid signature, a wrong key and a list of edits to signed and unsigned parts must get the same
 * verdict from both; shapes it does not handle are {@link Outcome#NOT_HANDLED}.
 */
class DirectSignatureCheckTest {
    private static final SecureXmlParser PARSER = SecureXmlParser.withDefaultLimit();
    private static final List<X509Certificate> IDP = List.of(TestCredentials.idp().certificate());
    /** The edits that leave the signed octets as they were. */
    private static final java.util.Set<String> UNSIGNED_EDITS = java.util.Set.of("none", "unused namespace declared",
            "KeyInfo removed (not signed)", "Response attribute (outside the assertion)");

    @BeforeAll
    static void initialise() {
        OpenSaml.ensureInitialized();
    }

    @Test
    void verifyWhenEditedThenSameVerdictAsSantuario() throws Exception {
        Map<String, Consumer<Document>> edits = new LinkedHashMap<>();
        edits.put("none", d -> { });
        edits.put("NameID text", d -> first(assertion(d), SAML, "NameID").setTextContent("admin"));
        edits.put("NameID text with markup characters", d -> first(assertion(d), SAML, "NameID")
                .setTextContent("alice<x/>&amp;"));
        edits.put("IssueInstant", d -> assertion(d).setAttributeNS(null, "IssueInstant", "2031-01-01T00:00:00Z"));
        edits.put("attribute added", d -> assertion(d).setAttributeNS(null, "Extra", "1"));
        edits.put("unused namespace declared", d -> assertion(d).setAttributeNS("http://www.w3.org/2000/xmlns/",
                "xmlns:unused", "urn:unused"));
        edits.put("whitespace in Subject", d -> first(assertion(d), SAML, "Subject")
                .appendChild(d.createTextNode("\n  ")));
        edits.put("element removed", d -> {
            Element statement = first(assertion(d), SAML, "AuthnStatement");
            statement.getParentNode().removeChild(statement);
        });
        edits.put("NameID prefix changed, same namespace", d -> {
            Element nameId = first(assertion(d), SAML, "NameID");
            d.renameNode(nameId, SAML, "other:NameID");
        });
        edits.put("NameID moved to another namespace", d -> {
            Element nameId = first(assertion(d), SAML, "NameID");
            d.renameNode(nameId, "urn:not-saml", nameId.getNodeName());
        });
        edits.put("SignatureValue", d -> {
            Element value = child(signature(assertion(d)), DS, "SignatureValue");
            String text = value.getTextContent().trim();
            value.setTextContent((text.charAt(0) == 'A' ? "B" : "A") + text.substring(1));
        });
        edits.put("DigestValue", d -> {
            Element value = first(signature(assertion(d)), DS, "DigestValue");
            String text = value.getTextContent().trim();
            value.setTextContent((text.charAt(0) == 'A' ? "B" : "A") + text.substring(1));
        });
        edits.put("KeyInfo removed (not signed)", d -> {
            Element keyInfo = child(signature(assertion(d)), DS, "KeyInfo");
            keyInfo.getParentNode().removeChild(keyInfo);
        });
        edits.put("SignedInfo attribute added", d -> child(signature(assertion(d)), DS, "SignedInfo")
                .setAttributeNS(null, "Id", "x"));
        edits.put("Response attribute (outside the assertion)", d -> d.getDocumentElement()
                .setAttributeNS(null, "Consent", "urn:x"));
        for (Map.Entry<String, Consumer<Document>> edit : edits.entrySet()) {
            Document original = TestSamlObjects.signedAssertion().build();
            edit.getValue().accept(original);
            Document document = PARSER.parse(TestDom.bytes(original), "edited Response");
            Element signed = assertion(document);
            signed.setIdAttributeNS(null, "ID", true);
            boolean santuario = santuarioVerifies(signed);
            boolean direct = directVerifies(signed, IDP);
            assertThat(direct).as(edit.getKey()).isEqualTo(santuario);
            assertThat(santuario).as(edit.getKey() + " (Santuario)").isEqualTo(UNSIGNED_EDITS.contains(edit.getKey()));
        }
    }

    @Test
    void verifyWhenBothSignedThenEachSignatureVerifiedDirectly() throws Exception {
        Document document = PARSER.parse(TestDom.bytes(TestSamlObjects.signedBoth().build()), "Response");
        Element response = document.getDocumentElement();
        Element assertion = assertion(document);
        response.setIdAttributeNS(null, "ID", true);
        assertion.setIdAttributeNS(null, "ID", true);

        assertThat(DirectSignatureCheck.verify(response, signature(response), IDP, "Response signature"))
                .isEqualTo(Outcome.VERIFIED);
        assertThat(DirectSignatureCheck.verify(assertion, signature(assertion), IDP, "Assertion signature"))
                .isEqualTo(Outcome.VERIFIED);
    }

    @Test
    void verifyWhenOtherKeyThenInvalidSignatureNamingTheKeysTried() throws Exception {
        Element signed = parsedSignedAssertion();

        EcpException e = org.junit.jupiter.api.Assertions.assertThrows(EcpException.class,
                () -> DirectSignatureCheck.verify(signed, signature(signed),
                        List.of(TestCredentials.attacker().certificate(), TestCredentials.idpEc().certificate()),
                        "Assertion signature"));
        assertThat(e.error()).isEqualTo(EcpError.INVALID_SIGNATURE);
        assertThat(e.getMessage()).contains("any of the 1 configured RSA signing certificate(s) of the issuer "
                + "(2 configured in all)");
        assertThat(DirectSignatureCheck.verify(signed, signature(signed),
                List.of(TestCredentials.attacker().certificate(), TestCredentials.idp().certificate()),
                "Assertion signature")).isEqualTo(Outcome.VERIFIED);
    }

    @Test
    void verifyWhenShapeIsNotTheCommonOneThenNotHandled() throws Exception {
        Map<String, Consumer<Element>> shapes = new LinkedHashMap<>();
        shapes.put("transforms swapped", signature -> {
            Element transforms = first(signature, DS, "Transforms");
            transforms.insertBefore(TestDom.children(transforms, DS, "Transform").get(1), transforms.getFirstChild());
        });
        shapes.put("enveloped transform only", signature -> {
            Element transforms = first(signature, DS, "Transforms");
            transforms.removeChild(TestDom.children(transforms, DS, "Transform").get(1));
        });
        shapes.put("enveloped transform with content", signature -> TestDom.children(first(signature, DS,
                "Transforms"), DS, "Transform").get(0).appendChild(signature.getOwnerDocument().createElementNS(DS,
                "ds:XPath")));
        shapes.put("ECDSA signature method", signature -> first(signature, DS, "SignatureMethod")
                .setAttributeNS(null, "Algorithm", "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"));
        shapes.put("inclusive c14n of SignedInfo", signature -> first(signature, DS, "CanonicalizationMethod")
                .setAttributeNS(null, "Algorithm", "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"));
        shapes.put("empty Reference URI", signature -> first(signature, DS, "Reference")
                .setAttributeNS(null, "URI", ""));
        shapes.put("comment in the signed content", signature -> first(signature.getOwnerDocument(), SAML, "NameID")
                .appendChild(signature.getOwnerDocument().createComment("c")));
        for (Map.Entry<String, Consumer<Element>> shape : shapes.entrySet()) {
            Element signed = parsedSignedAssertion();
            shape.getValue().accept(signature(signed));
            assertThat(DirectSignatureCheck.verify(signed, signature(signed), IDP, "Assertion signature"))
                    .as(shape.getKey()).isEqualTo(Outcome.NOT_HANDLED);
        }
    }

    @Test
    void verifyWhenTrustedRsaKeyShorterThan1024BitsThenNotHandled() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(512);
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=short");
        X509Certificate shortKey = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                name, BigInteger.ONE, new Date(0), new Date(4102444800000L), name, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        X509Certificate idp = TestCredentials.idp().certificate();
        Element signed = parsedSignedAssertion();

        assertThat(DirectSignatureCheck.verify(signed, signature(signed), List.of(idp, shortKey),
                "Assertion signature")).isEqualTo(Outcome.NOT_HANDLED);
    }

    private static Element parsedSignedAssertion() throws EcpException {
        Document document = PARSER.parse(TestDom.bytes(TestSamlObjects.signedAssertion().build()), "Response");
        Element signed = assertion(document);
        signed.setIdAttributeNS(null, "ID", true);
        return signed;
    }

    private static boolean santuarioVerifies(Element signed) {
        try {
            return new XMLSignature(signature(signed), "", true)
                    .checkSignatureValue(TestCredentials.idp().certificate().getPublicKey());
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean directVerifies(Element signed, List<X509Certificate> trusted) {
        try {
            Outcome outcome = DirectSignatureCheck.verify(signed, signature(signed), trusted, "Assertion signature");
            assertThat(outcome).isEqualTo(Outcome.VERIFIED);
            return true;
        } catch (EcpException e) {
            assertThat(e.error()).isEqualTo(EcpError.INVALID_SIGNATURE);
            return false;
        }
    }
}
