package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.EcpRequestHeader;
import dev.samlec.mech.message.IdpEntry;
import dev.samlec.mech.message.PaosRequest;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.message.SamlResponseBody;
import dev.samlec.mech.message.SoapFault;
import dev.samlec.mech.testing.SamlResponseBuilder;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The HTTP-neutral PAOS service: ECP detection, the challenge, and consuming the client's PAOS response. */
class PaosServiceProviderTest {
    private static final String PAOS = "ver=\"urn:liberty:paos:2003-08\";"
            + "\"urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp\"";
    private static final String ECP_ACCEPT = "text/html, application/vnd.paos+xml";

    private final ServiceFixture fixture = new ServiceFixture();
    private final PaosServiceProvider service = new PaosServiceProvider(fixture.settings());
    private final SecureXmlParser parser = SecureXmlParser.withDefaultLimit();

    static Stream<Arguments> ecpHeaders() {
        return Stream.of(
                Arguments.of("comma list", ECP_ACCEPT, PAOS, true),
                Arguments.of("paos only", "application/vnd.paos+xml", PAOS, true),
                Arguments.of("with charset and q", "text/html;q=0.9, application/vnd.paos+xml;charset=utf-8", PAOS,
                        true),
                Arguments.of("upper case media type", "TEXT/HTML, Application/VND.PAOS+XML", PAOS, true),
                Arguments.of("spaces around", "  application/vnd.paos+xml  ,text/html", PAOS, true),
                Arguments.of("PAOS with extra services", ECP_ACCEPT, PAOS + ";\"urn:example:other\"", true),
                // cigetcert/requests-ecp quirk: not a valid list; the strict parser reads only text/html
                Arguments.of("semicolon-only quirk", "text/html; application/vnd.paos+xml", PAOS, false),
                Arguments.of("accept without paos", "text/html, */*", PAOS, false),
                Arguments.of("paos as a parameter", "text/html;type=application/vnd.paos+xml", PAOS, false),
                Arguments.of("paos media type prefix", "application/vnd.paos+xml2", PAOS, false),
                Arguments.of("missing PAOS header", ECP_ACCEPT, null, false),
                Arguments.of("missing Accept", null, PAOS, false),
                Arguments.of("PAOS without ECP service", ECP_ACCEPT, "ver=\"urn:liberty:paos:2003-08\"", false),
                Arguments.of("PAOS without version", ECP_ACCEPT,
                        "\"urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp\"", false),
                Arguments.of("single-quoted values", ECP_ACCEPT, "ver='urn:liberty:paos:2003-08';"
                        + "'urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp'", false),
                Arguments.of("unquoted values", ECP_ACCEPT, "ver=urn:liberty:paos:2003-08;"
                        + "urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ecpHeaders")
    void wantsEcpWhenHeadersThenAsTable(String name, String accept, String paos, boolean expected) {
        assertThat(PaosServiceProvider.wantsEcp(accept, paos)).isEqualTo(expected);
    }

    @Test
    void challengeWhenIssuedThenFieldsPointAtThisService() throws Exception {
        PaosRequest challenge = service.challenge(Optional.of("rs:42"));

        assertThat(challenge.responseConsumerUrl()).isEqualTo(TestSamlObjects.ACS);
        assertThat(challenge.messageId()).contains(challenge.authnRequest().id());
        assertThat(challenge.relayState()).contains("rs:42");
        assertThat(challenge.ecpRequest().issuer()).isEqualTo(TestSamlObjects.SP);
        assertThat(challenge.ecpRequest().idpList()).isEmpty();
        assertThat(challenge.authnRequest().assertionConsumerServiceUrl()).contains(TestSamlObjects.ACS);
        assertThat(challenge.authnRequest().protocolBinding()).contains(IssueOptions.BINDING_PAOS);
        assertThat(challenge.authnRequest().issuer()).contains(TestSamlObjects.SP);
        assertThat(((InMemoryRequestTracker) service.provider().requestTracker()).outstanding()).isEqualTo(1);
    }

    @Test
    void challengeWhenIssuedTwiceThenDistinctIds() throws Exception {
        PaosRequest first = service.challenge(Optional.empty());
        PaosRequest second = service.challenge(Optional.empty());

        assertThat(first.relayState()).isEmpty();
        assertThat(first.messageId()).isNotEqualTo(second.messageId());
    }

    @Test
    void challengeWhenParsedByClientThenSameContent() throws Exception {
        PaosRequest challenge = service.challenge(Optional.of("rs:1"));

        PaosRequest parsed = PaosRequest.parse(challenge.toBytes(), parser);

        assertThat(parsed.messageId()).isEqualTo(challenge.messageId());
        assertThat(parsed.responseConsumerUrl()).isEqualTo(TestSamlObjects.ACS);
        assertThat(parsed.relayState()).contains("rs:1");
    }

    @Test
    void challengeWhenProviderNameAndIdpListThenInEcpRequest() throws Exception {
        IssueOptions options = IssueOptions.builder().idpList(List.of(TestSamlObjects.IDP)).build();
        PaosServiceProvider named = new PaosServiceProvider(fixture.settings(), options, "Demo Service");

        PaosRequest challenge = named.challenge(Optional.empty());

        assertThat(challenge.ecpRequest().providerName()).contains("Demo Service");
        assertThat(challenge.ecpRequest().idpList()).extracting(IdpEntry::providerId)
                .containsExactly(TestSamlObjects.IDP);
    }

    @Test
    void consumeWhenResponseAnswersChallengeThenLogin() throws Exception {
        PaosRequest challenge = service.challenge(Optional.of("rs:resource-7"));

        PaosServiceProvider.Login login = service.consume(answer(challenge, idOf(challenge)));

        assertThat(login.identity().nameId().value()).isEqualTo(TestSamlObjects.NAME_ID);
        assertThat(login.identity().issuer()).isEqualTo(TestSamlObjects.IDP);
        assertThat(login.relayState()).contains("rs:resource-7");
        assertThat(((InMemoryRequestTracker) service.provider().requestTracker()).outstanding()).isZero();
    }

    @Test
    void consumeWhenRelayStateHasSpecialCharactersThenReturnedAsSent() throws Exception {
        String relayState = "cookie:a b&c<d>\"e'";
        PaosRequest challenge = service.challenge(Optional.of(relayState));

        assertThat(service.consume(answer(challenge, idOf(challenge))).relayState()).contains(relayState);
    }

    @Test
    void consumeWhenNoRelayStateThenEmpty() throws Exception {
        PaosRequest challenge = service.challenge(Optional.empty());

        assertThat(service.consume(answer(challenge, idOf(challenge))).relayState()).isEmpty();
    }

    @Test
    void consumeWhenRefToMessageIdDiffersFromInResponseToThenInvalidInResponseTo() throws Exception {
        PaosRequest answered = service.challenge(Optional.empty());
        PaosRequest other = service.challenge(Optional.empty());
        SamlResponseBody body = signedAnswering(idOf(answered));

        // The Response is valid for an issued, outstanding request: only the PAOS correlation is wrong.
        assertError(EcpError.INVALID_IN_RESPONSE_TO,
                () -> service.consume(PaosResponse.of(other, body).toBytes()));

        assertThat(service.consume(PaosResponse.of(answered, body).toBytes()).identity().nameId().value())
                .as("the same Response correctly wrapped is accepted").isEqualTo(TestSamlObjects.NAME_ID);
    }

    @Test
    void consumeWhenRefToMessageIdMissingThenMalformedMessage() throws Exception {
        PaosRequest challenge = service.challenge(Optional.empty());
        PaosRequest withoutMessageId = PaosRequest.builder(challenge.authnRequest(), TestSamlObjects.ACS,
                EcpRequestHeader.of(TestSamlObjects.SP)).build();
        byte[] envelope = PaosResponse.of(withoutMessageId, signedAnswering(idOf(challenge))).toBytes();
        assertThat(PaosResponse.parse(envelope, parser).refToMessageId()).isEmpty();

        assertError(EcpError.MALFORMED_MESSAGE, () -> service.consume(envelope));
    }

    @Test
    void consumeWhenPaosResponseNestedThousandsDeepThenXmlTooDeepAndTheChallengeStillAnswerable() throws Exception {
        PaosRequest challenge = service.challenge(Optional.empty());

        dev.samlec.mech.testing.SmallStack.call(() -> assertError(EcpError.XML_TOO_DEEP,
                () -> service.consume(dev.samlec.mech.testing.HostileXml.deepEnvelope())));

        byte[] envelope = PaosResponse.of(challenge, signedAnswering(idOf(challenge))).toBytes();
        assertThat(service.consume(envelope)).isNotNull();
    }

    @Test
    void consumeWhenClientSentSoapFaultThenIdpSoapFault() throws Exception {
        PaosRequest challenge = service.challenge(Optional.of("rs:1"));
        byte[] envelope = PaosResponse.fault(challenge, SoapFault.serverFault("AssertionConsumerServiceURL mismatch"))
                .toBytes();

        assertError(EcpError.IDP_SOAP_FAULT, () -> service.consume(envelope));
    }

    @Test
    void consumeWhenResponseAnswersRequestNeverIssuedThenInvalidInResponseTo() throws Exception {
        PaosRequest challenge = service.challenge(Optional.empty());
        // REQUEST_ID is outstanding in the fixture's own tracker, never in this provider's
        PaosRequest forged = PaosRequest.builder(challenge.authnRequest(), TestSamlObjects.ACS,
                EcpRequestHeader.of(TestSamlObjects.SP)).messageId(TestSamlObjects.REQUEST_ID).build();

        assertError(EcpError.INVALID_IN_RESPONSE_TO,
                () -> service.consume(answer(forged, TestSamlObjects.REQUEST_ID)));
    }

    @Test
    void consumeWhenResponseHasNoInResponseToThenInvalidInResponseTo() throws Exception {
        PaosRequest challenge = service.challenge(Optional.empty());
        SamlResponseBody unsolicited = SamlResponseBody.parse(
                TestSamlObjects.signedBoth().answering(null).bytes(), parser);

        assertError(EcpError.INVALID_IN_RESPONSE_TO,
                () -> service.consume(PaosResponse.of(challenge, unsolicited).toBytes()));
    }

    @Test
    void consumeWhenSamePaosResponseTwiceThenSecondRefused() throws Exception {
        PaosRequest challenge = service.challenge(Optional.of("rs:1"));
        byte[] envelope = answer(challenge, idOf(challenge));
        service.consume(envelope);

        assertError(EcpError.INVALID_IN_RESPONSE_TO, () -> service.consume(envelope));
    }

    @Test
    void consumeWhenResponseSignedByUntrustedKeyThenInvalidSignature() throws Exception {
        PaosRequest challenge = service.challenge(Optional.empty());
        SamlResponseBody forged = SamlResponseBody.parse(new SamlResponseBuilder()
                .signAssertionWith(TestCredentials.attacker())
                .answering(idOf(challenge)).bytes(), parser);

        assertError(EcpError.INVALID_SIGNATURE, () -> service.consume(PaosResponse.of(challenge, forged).toBytes()));
    }

    @Test
    void consumeWhenNotXmlThenMalformedXml() {
        byte[] garbage = "not a PAOS response".getBytes(StandardCharsets.UTF_8);

        assertError(EcpError.MALFORMED_XML, () -> service.consume(garbage));
    }

    @Test
    void consumeWhenResponseNamespacesAreDeclaredOnlyOnTheEnvelopeThenLoginWithBothSignaturesVerified()
            throws Exception {
        PaosRequest challenge = service.challenge(Optional.empty());
        byte[] response = TestSamlObjects.signedBoth().answering(idOf(challenge)).bytes();
        String envelope = new String(PaosResponse.of(challenge, SamlResponseBody.parse(response, parser)).toBytes(),
                StandardCharsets.UTF_8);
        String samlp = " xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\"";
        String open = envelope.substring(envelope.indexOf("<saml2p:Response"), envelope.indexOf('>',
                envelope.indexOf("<saml2p:Response")));
        assertThat(open).contains(samlp);
        String moved = envelope.replace(open, open.replace(samlp, "")).replaceFirst("<S:Envelope ",
                "<S:Envelope" + samlp + " ");

        PaosServiceProvider.Login login = service.consume(moved.getBytes(StandardCharsets.UTF_8));

        assertThat(login.identity().nameId().value()).isEqualTo(TestSamlObjects.NAME_ID);
    }

    @Test
    void consumeWhenBodyResponseHidesASecondAssertionThenInvalidStructureAsForAStandaloneResponse()
            throws Exception {
        PaosRequest challenge = service.challenge(Optional.empty());
        String signed = new String(TestSamlObjects.signedAssertion().answering(idOf(challenge)).bytes(),
                StandardCharsets.UTF_8);
        int start = signed.indexOf("<saml2:Assertion");
        int end = signed.indexOf("</saml2:Assertion>") + "</saml2:Assertion>".length();
        String twice = signed.substring(0, end) + signed.substring(start, end).replace("ID=\"", "ID=\"x")
                + signed.substring(end);
        byte[] envelope = PaosResponse.of(challenge, SamlResponseBody.parse(twice.getBytes(StandardCharsets.UTF_8),
                parser)).toBytes();

        assertError(EcpError.INVALID_STRUCTURE, () -> service.consume(envelope));
        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(twice.getBytes(StandardCharsets.UTF_8),
                ValidationContext.expect(idOf(challenge))));
    }

    /** A changed copy of the signed Assertion, with its ID, in a header block: never what the login reads. */
    @Test
    void consumeWhenHeaderHoldsAChangedCopyOfTheSignedAssertionThenLoginIsTheBodysAssertion() throws Exception {
        PaosRequest challenge = service.challenge(Optional.empty());
        String envelope = new String(answer(challenge, idOf(challenge)), StandardCharsets.UTF_8);
        String changed = assertionOf(envelope).replace(TestSamlObjects.NAME_ID, "mallory");

        PaosServiceProvider.Login login = service.consume(withHeaderBlock(envelope, changed));

        assertThat(login.identity().nameId().value()).isEqualTo(TestSamlObjects.NAME_ID);
    }

    /** The signed Assertion moved to a header block and a changed one in the Body, same ID and signature. */
    @Test
    void consumeWhenSignedAssertionHiddenInAHeaderAndBodyChangedThenInvalidSignature() throws Exception {
        PaosRequest challenge = service.challenge(Optional.empty());
        String envelope = new String(answer(challenge, idOf(challenge)), StandardCharsets.UTF_8);
        String original = assertionOf(envelope);
        String wrapped = new String(withHeaderBlock(envelope, original), StandardCharsets.UTF_8);
        int body = wrapped.lastIndexOf(original);
        String attack = wrapped.substring(0, body) + original.replace(TestSamlObjects.NAME_ID, "mallory")
                + wrapped.substring(body + original.length());

        assertError(EcpError.INVALID_SIGNATURE, () -> service.consume(attack.getBytes(StandardCharsets.UTF_8)));
    }

    private static String assertionOf(String envelope) {
        int start = envelope.indexOf("<saml2:Assertion");
        int end = envelope.indexOf("</saml2:Assertion>") + "</saml2:Assertion>".length();
        assertThat(start).as("the envelope holds a saml2:Assertion").isPositive();
        return envelope.substring(start, end);
    }

    /** The envelope with an extra, not must-understand, header block holding {@code content}. */
    private static byte[] withHeaderBlock(String envelope, String content) {
        String block = "<x:Kept xmlns:x=\"urn:example:x\" xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\""
                + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">" + content + "</x:Kept>";
        String result = envelope.replaceFirst("(<[A-Za-z0-9]+:Header[^>]*>)", "$1" + block.replace("$", "\\$"));
        assertThat(result).as("a header block was added").contains("<x:Kept");
        return result.getBytes(StandardCharsets.UTF_8);
    }

    private static String idOf(PaosRequest challenge) {
        return challenge.messageId().orElseThrow();
    }

    private SamlResponseBody signedAnswering(String requestId) throws Exception {
        return SamlResponseBody.parse(TestSamlObjects.signedAssertion().answering(requestId).bytes(), parser);
    }

    /** The client's PAOS response to {@code challenge} carrying a Response (signed by the IdP) to {@code requestId}. */
    private byte[] answer(PaosRequest challenge, String requestId) throws Exception {
        return PaosResponse.of(challenge, signedAnswering(requestId)).toBytes();
    }
}
