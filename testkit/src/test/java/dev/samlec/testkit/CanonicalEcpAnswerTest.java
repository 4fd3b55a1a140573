package dev.samlec.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlAttribute;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.internal.xml.OpenSaml;
import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.RequestTracker;
import dev.samlec.mech.service.ResponseValidator;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.mech.service.ValidationContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.xml.security.c14n.Canonicalizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The demo IdP's answer written as canonical text: samlec's validator accepts it, with the same identity as the
 * OpenSAML answer; the document is its own exclusive-c14n form (Santuario's canonicalization of the parsed
 * Response and Assertion gives back their bytes); hostile values are escaped, not interpreted; characters XML does
 * not allow are refused.
 */
class CanonicalEcpAnswerTest {
    private static final String IDP = "https://idp.example.org/idp";
    private static final SigningKey KEY = DemoKeys.idpSigningKey();
    private static final ServiceProviderRegistration SP = ServiceProviderRegistration.builder(EcpTestSupport.SP)
            .acsUrls(List.of(EcpTestSupport.ACS)).build();
    private static final DirectoryUser ALICE = new DirectoryUser("alice", "Alice Example", "alice@example.org",
            List.of("admins", "staff"));

    @BeforeAll
    static void initialise() {
        OpenSaml.ensureInitialized();
    }

    @Test
    void writeWhenPlainLoginThenValidatorAcceptsItWithTheIdentityOfTheOpenSamlAnswer() throws Exception {
        String id = "_req-canonical";
        EcpRequest request = read(id);
        Instant now = Instant.now();

        byte[] canonical = canonicalAnswer(request, now, true);
        byte[] openSaml = openSamlAnswer(request, now, true);

        SamlIdentity fromCanonical = validate(canonical, id);
        SamlIdentity fromOpenSaml = validate(openSaml, id);
        assertThat(fromCanonical.nameId()).isEqualTo(fromOpenSaml.nameId());
        assertThat(fromCanonical.issuer()).isEqualTo(IDP);
        assertThat(values(fromCanonical)).isEqualTo(values(fromOpenSaml)).containsEntry("groups",
                List.of("admins", "staff")).containsEntry("eduPersonPrincipalName", List.of("alice@example.org"));
        assertThat(fromCanonical.authnContextClassRef()).isEqualTo(fromOpenSaml.authnContextClassRef());
        assertThat(fromCanonical.authnInstant()).isEqualTo(fromOpenSaml.authnInstant());
        IdpResponse envelope = IdpResponse.parse(canonical, SecureXmlParser.withDefaultLimit());
        assertThat(envelope.assertionConsumerServiceUrl()).contains(EcpTestSupport.ACS);
        assertThat(envelope.requestAuthenticated()).isTrue();
    }

    @Test
    void writeWhenPlainLoginThenTheSameResponseAsOpenSamlsAfterC14nButForIdsAndSignatureValues() throws Exception {
        EcpRequest request = read("_req-same");
        Instant now = Instant.parse("2026-12-07T02:00:00Z");
        byte[] canonical = canonicalAnswer(request, now, false);
        byte[] openSaml = openSamlAnswer(request, now, false);

        assertThat(maskedResponse(canonical)).isEqualTo(maskedResponse(openSaml)).contains("2026-12-07T02:00:00.000Z");
    }

    @Test
    void demoIdpWhenPlainLoginThenAnswersCanonicallyAndWithOpenSamlWhenToldBothAccepted() throws Exception {
        try (DemoIdp canonical = DemoIdp.start(); DemoIdp openSaml = DemoIdp.builder().openSamlAnswers().start()) {
            for (DemoIdp idp : List.of(canonical, openSaml)) {
                idp.registerServiceProvider(EcpTestSupport.SP, List.of(EcpTestSupport.ACS));
                String id = "_req-" + idp.port();
                HttpResponse<byte[]> answer = EcpTestSupport.post(EcpTestSupport.client(), idp.ssoUrl(),
                        EcpTestSupport.request(id), "alice", "alicepw");
                assertThat(answer.statusCode()).isEqualTo(200);
                SamlIdentity identity = validate(answer.body(), id, idp.entityId(), idp.signingCertificate());
                assertThat(identity.nameId().value()).isEqualTo("alice");
                assertThat(identity.attribute("groups").orElseThrow().values()).containsExactly("admins", "staff");
            }
            assertThat(canonical.canonicalAnswerCount()).isEqualTo(1);
            assertThat(openSaml.canonicalAnswerCount()).isZero();
            assertThat(openSaml.assertionCount()).isEqualTo(1);
        }
    }

    @Test
    void writeWhenPlainLoginThenTheResponseAndTheAssertionAreTheirOwnCanonicalForm() throws Exception {
        byte[] answer = new CanonicalEcpAnswer(IDP, KEY, new SecureRandom(), null).write(read("_req-c14n"),
                EcpTestSupport.SP, EcpTestSupport.ACS, Authentication.password(ALICE), false, Instant.now());
        String text = new String(answer, StandardCharsets.UTF_8);
        Document document = parse(answer);

        for (String element : List.of("saml2p:Response", "saml2:Assertion")) {
            String ns = element.startsWith("saml2p") ? CanonicalEcpAnswer.SAMLP : CanonicalEcpAnswer.SAML;
            Element parsed = (Element) document.getElementsByTagNameNS(ns, element.substring(element.indexOf(':') + 1))
                    .item(0);
            String written = text.substring(text.indexOf("<" + element + " "),
                    text.indexOf("</" + element + ">") + element.length() + 3);
            ByteArrayOutputStream c14n = new ByteArrayOutputStream();
            Canonicalizer.getInstance(CanonicalSigner.EXC_C14N).canonicalizeSubtree(parsed, "xsd", c14n);
            assertThat(c14n.toString(StandardCharsets.UTF_8)).as(element).isEqualTo(written);
        }
    }

    @Test
    void writeWhenValuesHoldMarkupThenEscapedAndTheSignaturesStillVerify() throws Exception {
        String cn = "A<b>&amp; \"c\" 'd' ]]> \r\n\tend \uD83D\uDE00";
        DirectoryUser user = new DirectoryUser("alice", cn, "a&b@example.org", List.of("<admins/>", "x\"y"));
        String id = "_req-hostile";
        byte[] answer = new CanonicalEcpAnswer(IDP, KEY, new SecureRandom(), null).write(read(id),
                EcpTestSupport.SP, EcpTestSupport.ACS, Authentication.password(user), false, Instant.now());

        SamlIdentity identity = validate(answer, id);
        assertThat(identity.attribute("cn").orElseThrow().values()).containsExactly(cn);
        assertThat(identity.attribute("mail").orElseThrow().values()).containsExactly("a&b@example.org");
        assertThat(identity.attribute("groups").orElseThrow().values()).containsExactly("<admins/>", "x\"y");
        assertThat(new String(answer, StandardCharsets.UTF_8)).doesNotContain("<admins/>");
    }

    @Test
    void writeWhenAValueHoldsACharacterXmlForbidsThenServerFaultNamingIt() throws Exception {
        DirectoryUser user = new DirectoryUser("alice", "bell\u0007", null, List.of());
        CanonicalEcpAnswer writer = new CanonicalEcpAnswer(IDP, KEY, new SecureRandom(), null);
        EcpRequest request = read("_req-bell");

        assertThatThrownBy(() -> writer.write(request, EcpTestSupport.SP, EcpTestSupport.ACS,
                Authentication.password(user), false, Instant.now())).isInstanceOfSatisfying(SoapFaultException.class,
                        e -> assertThat(e.code()).isEqualTo(SoapFaultException.Code.Server))
                .hasMessageContaining("U+0007");
    }

    @Test
    void writeWhenRequestIdAcsAndEntityIdsHoldMarkupThenEscapedInAttributesAndTextAndVerified() throws Exception {
        String sp = "https://sp.example.org/a&b<c>'d'";
        String acs = "https://sp.example.org/ECP?a=1&b=2&c=%3C";
        EcpRequest request = new EcpRequestReader().read(EcpTestSupport.request("_a\"b' x=\"y\"<c&d>\te\nf", r -> {
            r.setAssertionConsumerServiceURL(acs);
            r.getIssuer().setValue(sp);
        }));
        String idp = "https://idp.example.org/i&d<p>";
        byte[] answer = new CanonicalEcpAnswer(idp, KEY, new SecureRandom(), null).write(request, sp, acs,
                Authentication.password(ALICE), false, Instant.now());

        assertThat(request.id()).contains("\"", "<", "&", "\t", "\n");
        SamlIdentity identity = validate(answer, request.id(), idp, KEY.certificate(), sp, acs);
        assertThat(identity.issuer()).isEqualTo(idp);
        Document document = parse(answer);
        Element response = (Element) document.getElementsByTagNameNS(CanonicalEcpAnswer.SAMLP, "Response").item(0);
        assertThat(response.getAttribute("InResponseTo")).isEqualTo(request.id());
        assertThat(response.getAttribute("Destination")).isEqualTo(acs);
        assertThat(response.getAttributes().getLength()).isEqualTo(6); // xmlns:samlp and the five named
        Element data = (Element) document.getElementsByTagNameNS(CanonicalEcpAnswer.SAML, "SubjectConfirmationData")
                .item(0);
        assertThat(data.getAttribute("InResponseTo")).isEqualTo(request.id());
        assertThat(data.getAttribute("Recipient")).isEqualTo(acs);
        assertThat(document.getElementsByTagNameNS(CanonicalEcpAnswer.SAML, "Audience").item(0).getTextContent())
                .isEqualTo(sp);
    }

    @Test
    void handlesWhenEncryptionHolderOfKeyChannelBindingsSessionKeyOrEcKeyThenNot() throws Exception {
        Authentication login = Authentication.password(ALICE);
        ServiceProviderRegistration encrypting = ServiceProviderRegistration.builder(EcpTestSupport.SP)
                .acsUrls(List.of(EcpTestSupport.ACS)).encryptionCertificate(KEY.certificate()).build();

        assertThat(CanonicalEcpAnswer.handles(SP, login, Optional.empty(), Optional.empty())).isTrue();
        assertThat(CanonicalEcpAnswer.handles(encrypting, login, Optional.empty(), Optional.empty())).isFalse();
        assertThat(CanonicalEcpAnswer.handles(SP, login.boundTo(KEY.certificate()), Optional.empty(),
                Optional.empty())).isFalse();
        ChannelBindingValue binding = new ChannelBindingValue("tls-unique", new byte[] {1, 2});
        assertThat(CanonicalEcpAnswer.handles(SP, login, Optional.of(binding), Optional.empty())).isFalse();
        assertThat(CanonicalEcpAnswer.handles(SP, login, Optional.empty(), Optional.of(new byte[16]))).isFalse();
        assertThatThrownBy(() -> new CanonicalEcpAnswer(IDP, GeneratedKeys.ec("ec idp"), new SecureRandom(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RSA");
    }

    /** alice's answer from an IdP with scope example.org, written as canonical text. */
    private static byte[] canonicalAnswer(EcpRequest request, Instant now, boolean requestAuthenticated)
            throws Exception {
        return new CanonicalEcpAnswer(IDP, KEY, new SecureRandom(), "example.org").write(request, EcpTestSupport.SP,
                EcpTestSupport.ACS, Authentication.password(ALICE), requestAuthenticated, now);
    }

    /** The same answer built with OpenSAML. */
    private static byte[] openSamlAnswer(EcpRequest request, Instant now, boolean requestAuthenticated)
            throws Exception {
        ResponseIssuer.IssuedResponse issued = new ResponseIssuer(IDP, KEY, new SecureRandom(), "example.org")
                .success(request, SP, EcpTestSupport.ACS, Authentication.password(ALICE), Optional.empty(),
                        Optional.empty(), now);
        return SoapMessages.ecpResponse(EcpTestSupport.ACS, issued, requestAuthenticated, Optional.empty());
    }

    private static EcpRequest read(String id) throws Exception {
        return new EcpRequestReader().read(EcpTestSupport.request(id));
    }

    private static SamlIdentity validate(byte[] envelope, String requestId) throws EcpException {
        return validate(envelope, requestId, IDP, KEY.certificate());
    }

    private static SamlIdentity validate(byte[] envelope, String requestId, String idp, X509Certificate certificate)
            throws EcpException {
        return validate(envelope, requestId, idp, certificate, EcpTestSupport.SP, EcpTestSupport.ACS);
    }

    private static SamlIdentity validate(byte[] envelope, String requestId, String idp, X509Certificate certificate,
            String sp, String acs) throws EcpException {
        ServiceProviderSettings settings = ServiceProviderSettings.builder().entityId(sp)
                .assertionConsumerServiceUrl(acs).idpTrust(IdpTrust.of(idp, List.of(certificate))).build();
        RequestTracker tracker = RequestTracker.forSettings(settings);
        tracker.track(requestId);
        byte[] response = IdpResponse.parse(envelope, SecureXmlParser.withDefaultLimit()).response().orElseThrow()
                .toBytes();
        return new ResponseValidator(settings, tracker).validate(response, ValidationContext.expect(requestId));
    }

    private static Map<String, List<String>> values(SamlIdentity identity) {
        return identity.attributes().stream().collect(Collectors.toMap(
                a -> a.friendlyName().orElse(a.name()), SamlAttribute::values, (a, b) -> a));
    }

    /** The Response's exclusive c14n, its IDs, digests, signature values and certificates masked. */
    private static String maskedResponse(byte[] envelope) throws Exception {
        Element response = (Element) parse(envelope).getElementsByTagNameNS(CanonicalEcpAnswer.SAMLP, "Response")
                .item(0);
        ByteArrayOutputStream c14n = new ByteArrayOutputStream();
        Canonicalizer.getInstance(CanonicalSigner.EXC_C14N).canonicalizeSubtree(response, "xsd", c14n);
        // OpenSAML declares xsd on the Response, the canonical answer on each AttributeValue; Santuario puts line
        // breaks between the ds:Signature's elements
        return c14n.toString(StandardCharsets.UTF_8).replaceAll("_[0-9a-f]{32}", "_ID")
                .replaceAll("<ds:(DigestValue|SignatureValue|X509Certificate)>[^<]*<", "<ds:$1>masked<")
                .replace(" xmlns:xsd=\"" + CanonicalEcpAnswer.XSD + "\"", "").replaceAll(">\\s+<", "><");
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }
}
