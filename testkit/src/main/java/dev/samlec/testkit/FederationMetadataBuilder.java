package dev.samlec.testkit;

import dev.samlec.mech.SigningKey;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Generates federation metadata for tests and benchmarks, FOR TESTS AND DEMOS ONLY: an {@code md:EntitiesDescriptor}
 * aggregate of any number of IdPs ({@link Idp}), raw extra entities (SPs), nested groups, with {@code validUntil},
 * {@code cacheDuration} and entity attributes on the root, signed by a federation key (RSA-SHA256 or ECDSA-SHA256,
 * SHA-256 digest, exclusive c14n, enveloped, the certificate in KeyInfo) or left unsigned.
 *
 * <p>The document is built as a string (fast enough for 10,000 IdPs: reuse a few keys across many IdPs) and signed
 * once: it is parsed, the JDK's XML signature API computes the enveloped signature, and the serialized
 * {@code ds:Signature} is spliced into the text right after the signed element's start tag, so the rest of the
 * document stays byte for byte as built. Real running {@link DemoIdp}s go in with {@link Idp#of(DemoIdp)}.
 *
 * <pre>{@code
 * SigningKey federation = GeneratedKeys.rsa("test federation");
 * byte[] xml = FederationMetadataBuilder.aggregate("urn:test:federation")
 *         .validUntil(Instant.now().plus(Duration.ofDays(7)))
 *         .add(FederationMetadataBuilder.Idp.of(demoIdp).scope("example.org").displayName("en", "Example"))
 *         .add(FederationMetadataBuilder.idp("https://idp2.example.org/idp").signingCertificate(cert))
 *         .signedWith(federation)
 *         .toBytes();
 * }</pre>
 */
public final class FederationMetadataBuilder {
    /** {@code urn:oasis:names:tc:SAML:2.0:metadata}. */
    public static final String MD_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
    /** The SAML 2.0 protocol, the usual {@code protocolSupportEnumeration}. */
    public static final String SAML2_PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
    /** The SAML 1.1 protocol (an IdP offering only this is not a SAML 2.0 IdP). */
    public static final String SAML11_PROTOCOL = "urn:oasis:names:tc:SAML:1.1:protocol";
    /** The SOAP binding of an ECP SingleSignOnService. */
    public static final String SOAP_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:SOAP";
    /** The HTTP-Redirect binding (a browser-only SingleSignOnService). */
    public static final String REDIRECT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
    /** The entity category attribute name. */
    public static final String ENTITY_CATEGORY = "http://macedir.org/entity-category";
    /** The validity of a signed root whose {@code validUntil} was not set, as federations publish. */
    public static final Duration DEFAULT_SIGNED_VALIDITY = Duration.ofDays(7);
    /** The REFEDS Research and Scholarship category. */
    public static final String REFEDS_RS = "http://refeds.org/category/research-and-scholarship";
    private static final String ROOT_NAMESPACES = " xmlns:md=\"" + MD_NS + "\""
            + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\""
            + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\""
            + " xmlns:shibmd=\"urn:mace:shibboleth:metadata:1.0\""
            + " xmlns:mdui=\"urn:oasis:names:tc:SAML:metadata:ui\""
            + " xmlns:mdrpi=\"urn:oasis:names:tc:SAML:metadata:rpi\""
            + " xmlns:mdattr=\"urn:oasis:names:tc:SAML:metadata:attribute\"";

    private final String name;
    private final List<Object> members = new ArrayList<>();
    private final List<String[]> entityAttributes = new ArrayList<>();
    private String id = "_aggregate";
    private Instant validUntil;
    private boolean validUntilSet;
    private Duration cacheDuration;
    private SigningKey signingKey;

    private FederationMetadataBuilder(String name) {
        this.name = name;
    }

    /** An aggregate with this {@code Name} (may be null: no Name attribute). */
    public static FederationMetadataBuilder aggregate(String name) {
        return new FederationMetadataBuilder(name);
    }

    /** A new IdP description (add at least one signing certificate for it to count). */
    public static Idp idp(String entityId) {
        return new Idp(entityId);
    }

    /** The root's {@code ID} (default {@code _aggregate}); the signature references it. */
    public FederationMetadataBuilder id(String value) {
        this.id = Objects.requireNonNull(value, "id");
        return this;
    }

    /**
     * The root's {@code validUntil}; {@code null} for none. Unset, a signed root is valid for
     * {@link #DEFAULT_SIGNED_VALIDITY} from {@link #toXml()} (signed metadata without one is refused by default).
     */
    public FederationMetadataBuilder validUntil(Instant value) {
        this.validUntil = value;
        this.validUntilSet = true;
        return this;
    }

    /** The root's {@code cacheDuration}. */
    public FederationMetadataBuilder cacheDuration(Duration value) {
        this.cacheDuration = value;
        return this;
    }

    /** An {@code mdattr:EntityAttributes} value on the root (it applies to every entity inside). */
    public FederationMetadataBuilder entityAttribute(String attributeName, String value) {
        entityAttributes.add(new String[] {attributeName, value});
        return this;
    }

    /** Adds an IdP. */
    public FederationMetadataBuilder add(Idp idp) {
        members.add(Objects.requireNonNull(idp, "idp"));
        return this;
    }

    /** Adds a running demo IdP as it describes itself ({@link Idp#of(DemoIdp)}). */
    public FederationMetadataBuilder add(DemoIdp demo) {
        return add(Idp.of(demo));
    }

    /**
     * Adds an entity as raw XML (an SP, or anything a test wants to smuggle in); the {@code md}, {@code ds},
     * {@code saml}, {@code shibmd}, {@code mdui}, {@code mdrpi} and {@code mdattr} prefixes are declared on the root.
     */
    public FederationMetadataBuilder rawEntity(String xml) {
        members.add(new Raw(Objects.requireNonNull(xml, "xml")));
        return this;
    }

    /** A minimal SP entity ({@code SPSSODescriptor} with one PAOS ACS) as raw XML. */
    public static String serviceProvider(String entityId, String acsUrl) {
        return "<md:EntityDescriptor entityID=\"" + escape(entityId) + "\"><md:SPSSODescriptor "
                + "protocolSupportEnumeration=\"" + SAML2_PROTOCOL + "\"><md:AssertionConsumerService Binding=\""
                + "urn:oasis:names:tc:SAML:2.0:bindings:PAOS\" Location=\"" + escape(acsUrl)
                + "\" index=\"1\"/></md:SPSSODescriptor></md:EntityDescriptor>";
    }

    /** Nests another aggregate as an inner {@code md:EntitiesDescriptor} (its own key, if any, is ignored). */
    public FederationMetadataBuilder group(FederationMetadataBuilder inner) {
        if (inner == this) {
            throw new IllegalArgumentException("a group cannot contain itself");
        }
        members.add(Objects.requireNonNull(inner, "inner"));
        return this;
    }

    /** Signs the root with this key (RSA: RSA-SHA256, EC: ECDSA-SHA256); without it the document is unsigned. */
    public FederationMetadataBuilder signedWith(SigningKey key) {
        this.signingKey = Objects.requireNonNull(key, "key");
        return this;
    }

    /** Leaves the root unsigned (the default). */
    public FederationMetadataBuilder unsigned() {
        this.signingKey = null;
        return this;
    }

    /** The document, UTF-8. */
    public byte[] toBytes() {
        return toXml().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the document to {@code file} and returns it. */
    public Path writeTo(Path file) throws IOException {
        Files.write(file, toBytes());
        return file;
    }

    /** The document as text: signed as configured (the root, and any {@link Idp#signedWith} entity). */
    public String toXml() {
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        List<Signing> signings = new ArrayList<>();
        Map<X509Certificate, String> encoded = new HashMap<>();
        render(out, true, signings, encoded, new int[] {0});
        if (signings.isEmpty()) {
            return out.toString();
        }
        return sign(out.toString(), signings);
    }

    private void render(StringBuilder out, boolean root, List<Signing> signings, Map<X509Certificate, String> encoded,
            int[] counter) {
        out.append("<md:EntitiesDescriptor");
        if (root) {
            out.append(ROOT_NAMESPACES);
        }
        String elementId = root ? id : "_group" + (++counter[0]);
        out.append(" ID=\"").append(escape(elementId)).append('"');
        if (name != null) {
            out.append(" Name=\"").append(escape(name)).append('"');
        }
        Instant until = validUntil;
        if (root && signingKey != null && !validUntilSet) {
            until = Instant.now().plus(DEFAULT_SIGNED_VALIDITY);
        }
        times(out, until, cacheDuration);
        out.append('>');
        if (root && signingKey != null) {
            signings.add(new Signing(elementId, signingKey, out.length()));
        }
        if (!entityAttributes.isEmpty()) {
            out.append("\n<md:Extensions>");
            appendEntityAttributes(out, entityAttributes);
            out.append("</md:Extensions>");
        }
        // EntitiesDescriptor and EntityDescriptor children may mix in any order (a choice in the schema).
        for (Object member : members) {
            out.append('\n');
            if (member instanceof Idp) {
                ((Idp) member).render(out, signings, encoded, counter);
            } else if (member instanceof Raw) {
                out.append(((Raw) member).xml);
            } else {
                ((FederationMetadataBuilder) member).render(out, false, signings, encoded, counter);
            }
        }
        out.append("\n</md:EntitiesDescriptor>\n");
    }

    private static void times(StringBuilder out, Instant validUntil, Duration cacheDuration) {
        if (validUntil != null) {
            out.append(" validUntil=\"").append(validUntil).append('"');
        }
        if (cacheDuration != null) {
            out.append(" cacheDuration=\"").append(cacheDuration).append('"');
        }
    }

    private static void appendEntityAttributes(StringBuilder out, List<String[]> attributes) {
        out.append("<mdattr:EntityAttributes>");
        Map<String, List<String>> byName = new java.util.LinkedHashMap<>();
        for (String[] a : attributes) {
            byName.computeIfAbsent(a[0], k -> new ArrayList<>()).add(a[1]);
        }
        for (Map.Entry<String, List<String>> e : byName.entrySet()) {
            out.append("<saml:Attribute Name=\"").append(escape(e.getKey()))
                    .append("\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:uri\">");
            for (String value : e.getValue()) {
                out.append("<saml:AttributeValue>").append(escape(value)).append("</saml:AttributeValue>");
            }
            out.append("</saml:Attribute>");
        }
        out.append("</mdattr:EntityAttributes>");
    }

    /**
     * Signs the elements named in {@code signings} (inner ones first, so the root's signature covers theirs) in a
     * parsed copy, then splices each serialized Signature into the text at its recorded offset.
     */
    private static String sign(String xml, List<Signing> signings) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            Map<String, Element> byId = new HashMap<>();
            index(document.getDocumentElement(), byId);
            List<Signing> order = new ArrayList<>(signings);
            order.sort((a, b) -> Integer.compare(b.offset, a.offset)); // inner (later start) first
            Map<Signing, String> serialized = new HashMap<>();
            for (Signing s : order) {
                Element element = byId.get(s.elementId);
                if (element == null) {
                    throw new IllegalStateException("no element with ID " + s.elementId);
                }
                serialized.put(s, serialize(signElement(element, s.elementId, s.key)));
            }
            StringBuilder result = new StringBuilder(xml.length() + 4096 * signings.size());
            List<Signing> byOffset = new ArrayList<>(signings);
            byOffset.sort((a, b) -> Integer.compare(a.offset, b.offset));
            int from = 0;
            for (Signing s : byOffset) {
                result.append(xml, from, s.offset).append(serialized.get(s));
                from = s.offset;
            }
            return result.append(xml, from, xml.length()).toString();
        } catch (GeneralSecurityException | javax.xml.crypto.MarshalException
                | javax.xml.crypto.dsig.XMLSignatureException | IOException | org.xml.sax.SAXException
                | javax.xml.parsers.ParserConfigurationException | javax.xml.transform.TransformerException e) {
            throw new IllegalStateException("the federation metadata cannot be signed: " + e, e);
        }
    }

    /** Registers the IDs of EntitiesDescriptors and EntityDescriptors (the only elements signed here). */
    private static void index(Element element, Map<String, Element> byId) {
        if (!MD_NS.equals(element.getNamespaceURI())) {
            return;
        }
        if (element.hasAttributeNS(null, "ID")) {
            element.setIdAttributeNS(null, "ID", true);
            byId.put(element.getAttributeNS(null, "ID"), element);
        }
        if ("EntitiesDescriptor".equals(element.getLocalName())) {
            NodeList children = element.getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element) {
                    index((Element) children.item(i), byId);
                }
            }
        }
    }

    private static Element signElement(Element element, String elementId, SigningKey key)
            throws GeneralSecurityException, javax.xml.crypto.MarshalException,
            javax.xml.crypto.dsig.XMLSignatureException {
        XMLSignatureFactory signatures = XMLSignatureFactory.getInstance("DOM");
        Reference reference = signatures.newReference("#" + elementId,
                signatures.newDigestMethod(DigestMethod.SHA256, null),
                List.of(signatures.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                        signatures.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                null, null);
        SignedInfo signedInfo = signatures.newSignedInfo(
                signatures.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                signatures.newSignatureMethod(key.isRsa() ? SignatureMethod.RSA_SHA256 : SignatureMethod.ECDSA_SHA256,
                        null),
                List.of(reference));
        KeyInfoFactory keyInfos = signatures.getKeyInfoFactory();
        KeyInfo keyInfo = keyInfos.newKeyInfo(List.of(keyInfos.newX509Data(List.of(key.certificate()))));
        DOMSignContext context = new DOMSignContext(key.privateKey(), element, element.getFirstChild());
        context.setDefaultNamespacePrefix("ds");
        signatures.newXMLSignature(signedInfo, keyInfo).sign(context);
        Node first = element.getFirstChild();
        while (first != null && !(first instanceof Element)) {
            first = first.getNextSibling();
        }
        return (Element) first;
    }

    private static String serialize(Element signature) throws javax.xml.transform.TransformerException {
        if (!signature.hasAttribute("xmlns:ds")) {
            signature.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:ds",
                    "http://www.w3.org/2000/09/xmldsig#");
        }
        Transformer transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        StringWriter text = new StringWriter();
        transformer.transform(new DOMSource(signature), new StreamResult(text));
        return text.toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '"': out.append("&quot;"); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }

    private static String base64(X509Certificate certificate, Map<X509Certificate, String> encoded) {
        return encoded.computeIfAbsent(certificate, c -> {
            try {
                return Base64.getEncoder().encodeToString(c.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("a certificate cannot be encoded", e);
            }
        });
    }

    private static final class Raw {
        final String xml;

        Raw(String xml) {
            this.xml = xml;
        }
    }

    private static final class Signing {
        final String elementId;
        final SigningKey key;
        final int offset;

        Signing(String elementId, SigningKey key, int offset) {
            this.elementId = elementId;
            this.key = key;
            this.offset = offset;
        }
    }

    /** One IdP entity of the aggregate: an EntityDescriptor with an IDPSSODescriptor. Mutable, not thread-safe. */
    public static final class Idp {
        private final String entityId;
        private final List<X509Certificate> signing = new ArrayList<>();
        private final List<X509Certificate> unspecified = new ArrayList<>();
        private final List<X509Certificate> encryption = new ArrayList<>();
        private final List<String[]> sso = new ArrayList<>();
        private final List<String[]> displayNames = new ArrayList<>();
        private final List<String[]> roleScopes = new ArrayList<>();
        private final List<String[]> entityScopes = new ArrayList<>();
        private final List<String[]> entityAttributes = new ArrayList<>();
        private String protocols = SAML2_PROTOCOL;
        private String registrationAuthority;
        private Instant validUntil;
        private Duration cacheDuration;
        private Instant roleValidUntil;
        private SigningKey signingKey;
        private String extraRoleXml = "";
        private boolean wantAuthnRequestsSigned;

        private Idp(String entityId) {
            this.entityId = Objects.requireNonNull(entityId, "entityId");
        }

        /**
         * A running demo IdP as it describes itself: its entityID, its signing certificate, its ECP (SOAP) endpoint,
         * its scope as {@code shibmd:Scope} when it issues scoped attributes, and {@code WantAuthnRequestsSigned}
         * when it {@linkplain DemoIdp#requireSignedRequests() requires signed requests}.
         */
        public static Idp of(DemoIdp demo) {
            Idp idp = new Idp(demo.entityId()).signingCertificate(demo.signingCertificate()).ecp(demo.ssoUrl());
            demo.scope().ifPresent(idp::scope);
            idp.wantAuthnRequestsSigned(demo.requireSignedRequests());
            return idp;
        }

        /** The entityID. */
        public String entityId() {
            return entityId;
        }

        /** A {@code KeyDescriptor use="signing"} holding {@code certificate}. */
        public Idp signingCertificate(X509Certificate certificate) {
            signing.add(Objects.requireNonNull(certificate, "certificate"));
            return this;
        }

        /** A {@code KeyDescriptor} without {@code use} (signing and encryption) holding {@code certificate}. */
        public Idp unspecifiedUseCertificate(X509Certificate certificate) {
            unspecified.add(Objects.requireNonNull(certificate, "certificate"));
            return this;
        }

        /** A {@code KeyDescriptor use="encryption"} holding {@code certificate} (it must never verify anything). */
        public Idp encryptionCertificate(X509Certificate certificate) {
            encryption.add(Objects.requireNonNull(certificate, "certificate"));
            return this;
        }

        /** A SOAP SingleSignOnService (the ECP endpoint). */
        public Idp ecp(URI location) {
            sso.add(new String[] {SOAP_BINDING, location.toString()});
            return this;
        }

        /** A SingleSignOnService with another binding (e.g. {@link #REDIRECT_BINDING}: a browser-only IdP). */
        public Idp singleSignOnService(String binding, String location) {
            sso.add(new String[] {binding, location});
            return this;
        }

        /** An {@code mdui:DisplayName} with {@code xml:lang} (null: none). */
        public Idp displayName(String lang, String text) {
            displayNames.add(new String[] {lang, text});
            return this;
        }

        /** A literal {@code shibmd:Scope} on the IDPSSODescriptor. */
        public Idp scope(String scope) {
            roleScopes.add(new String[] {scope, "false"});
            return this;
        }

        /** A {@code shibmd:Scope regexp="true"} on the IDPSSODescriptor. */
        public Idp scopeRegexp(String expression) {
            roleScopes.add(new String[] {expression, "true"});
            return this;
        }

        /** A literal {@code shibmd:Scope} in the EntityDescriptor's own Extensions. */
        public Idp entityScope(String scope) {
            entityScopes.add(new String[] {scope, "false"});
            return this;
        }

        /** The {@code mdrpi:RegistrationInfo registrationAuthority}. */
        public Idp registrationAuthority(String authority) {
            this.registrationAuthority = authority;
            return this;
        }

        /** An {@code mdattr:EntityAttributes} value, e.g. {@link #ENTITY_CATEGORY} = {@link #REFEDS_RS}. */
        public Idp entityAttribute(String attributeName, String value) {
            entityAttributes.add(new String[] {attributeName, value});
            return this;
        }

        /** The IDPSSODescriptor's {@code protocolSupportEnumeration} (default SAML 2.0). */
        public Idp protocols(String enumeration) {
            this.protocols = Objects.requireNonNull(enumeration, "enumeration");
            return this;
        }

        /** The EntityDescriptor's {@code validUntil}. */
        public Idp validUntil(Instant value) {
            this.validUntil = value;
            return this;
        }

        /** The IDPSSODescriptor's {@code validUntil}. */
        public Idp roleValidUntil(Instant value) {
            this.roleValidUntil = value;
            return this;
        }

        /** The EntityDescriptor's {@code cacheDuration}. */
        public Idp cacheDuration(Duration value) {
            this.cacheDuration = value;
            return this;
        }

        /** Signs this EntityDescriptor itself (the signature a test expects the reader to ignore or not). */
        public Idp signedWith(SigningKey key) {
            this.signingKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /** The IDPSSODescriptor's {@code WantAuthnRequestsSigned} (default: the attribute is left out, i.e. false). */
        public Idp wantAuthnRequestsSigned(boolean value) {
            this.wantAuthnRequestsSigned = value;
            return this;
        }

        /** Raw XML appended inside the IDPSSODescriptor after the SingleSignOnServices (for odd tests). */
        public Idp extraRoleXml(String xml) {
            this.extraRoleXml = Objects.requireNonNull(xml, "xml");
            return this;
        }

        void render(StringBuilder out, List<Signing> signings, Map<X509Certificate, String> encoded, int[] counter) {
            out.append("<md:EntityDescriptor entityID=\"").append(escape(entityId)).append('"');
            String elementId = null;
            if (signingKey != null) {
                elementId = "_entity" + (++counter[0]);
                out.append(" ID=\"").append(elementId).append('"');
            }
            times(out, validUntil, cacheDuration);
            out.append('>');
            if (signingKey != null) {
                signings.add(new Signing(elementId, signingKey, out.length()));
            }
            if (registrationAuthority != null || !entityAttributes.isEmpty() || !entityScopes.isEmpty()) {
                out.append("<md:Extensions>");
                if (registrationAuthority != null) {
                    out.append("<mdrpi:RegistrationInfo registrationAuthority=\"")
                            .append(escape(registrationAuthority)).append("\"/>");
                }
                if (!entityAttributes.isEmpty()) {
                    appendEntityAttributes(out, entityAttributes);
                }
                scopes(out, entityScopes);
                out.append("</md:Extensions>");
            }
            out.append("<md:IDPSSODescriptor protocolSupportEnumeration=\"").append(escape(protocols)).append('"');
            if (wantAuthnRequestsSigned) {
                out.append(" WantAuthnRequestsSigned=\"true\"");
            }
            times(out, roleValidUntil, null);
            out.append('>');
            if (!roleScopes.isEmpty() || !displayNames.isEmpty()) {
                out.append("<md:Extensions>");
                scopes(out, roleScopes);
                if (!displayNames.isEmpty()) {
                    out.append("<mdui:UIInfo>");
                    for (String[] d : displayNames) {
                        out.append("<mdui:DisplayName");
                        if (d[0] != null) {
                            out.append(" xml:lang=\"").append(escape(d[0])).append('"');
                        }
                        out.append('>').append(escape(d[1])).append("</mdui:DisplayName>");
                    }
                    out.append("</mdui:UIInfo>");
                }
                out.append("</md:Extensions>");
            }
            keys(out, signing, " use=\"signing\"", encoded);
            keys(out, unspecified, "", encoded);
            keys(out, encryption, " use=\"encryption\"", encoded);
            out.append("<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>");
            List<String[]> endpoints = sso.isEmpty() ? List.<String[]>of(new String[] {REDIRECT_BINDING,
                "https://" + hostOf(entityId) + "/idp/profile/SAML2/Redirect/SSO"}) : sso;
            for (String[] s : endpoints) {
                out.append("<md:SingleSignOnService Binding=\"").append(escape(s[0])).append("\" Location=\"")
                        .append(escape(s[1])).append("\"/>");
            }
            out.append(extraRoleXml);
            out.append("</md:IDPSSODescriptor></md:EntityDescriptor>");
        }

        private static String hostOf(String entityId) {
            try {
                String host = URI.create(entityId).getHost();
                return host == null ? "idp.invalid" : host;
            } catch (IllegalArgumentException e) {
                return "idp.invalid";
            }
        }

        private static void scopes(StringBuilder out, List<String[]> scopes) {
            for (String[] s : scopes) {
                out.append("<shibmd:Scope regexp=\"").append(s[1]).append("\">").append(escape(s[0]))
                        .append("</shibmd:Scope>");
            }
        }

        private static void keys(StringBuilder out, List<X509Certificate> certificates, String use,
                Map<X509Certificate, String> encoded) {
            for (X509Certificate c : certificates) {
                out.append("<md:KeyDescriptor").append(use).append("><ds:KeyInfo><ds:X509Data><ds:X509Certificate>")
                        .append(base64(c, encoded))
                        .append("</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>");
            }
        }
    }
}
