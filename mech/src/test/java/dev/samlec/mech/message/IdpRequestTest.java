package dev.samlec.mech.message;

import static dev.samlec.mech.message.Samples.assertError;
import static dev.samlec.mech.message.Samples.parser;
import static dev.samlec.mech.message.Samples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.ChannelBinding;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class IdpRequestTest {

    @Test
    void ofWhenSampleChallengeThenNoHeaderAndTheAuthnRequestUnchanged() throws EcpException {
        PaosRequest challenge = PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), parser());
        IdpRequest request = IdpRequest.of(challenge.authnRequest());
        String xml = new String(request.toBytes(), StandardCharsets.UTF_8);

        assertThat(xml).startsWith("<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\"><S:Body>")
                .doesNotContain("Header", "paos", "RelayState", "ecp:", "\n");
        Document sent = Canonical.dom(request.toBytes());
        Document original = Canonical.dom(Samples.bytes(Samples.SP_REQUEST));
        assertThat(Canonical.of(Canonical.bodyChild(sent))).isEqualTo(Canonical.of(Canonical.bodyChild(original)));
        assertThat(request.authnRequest().id()).isEqualTo(Samples.REQUEST_ID);
    }

    @Test
    void ofWhenComparedWithWhatCurlSentThenSameCanonicalBody() throws EcpException {
        PaosRequest challenge = PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), parser());
        Document ours = Canonical.dom(IdpRequest.of(challenge.authnRequest()).toBytes());
        Document curls = Canonical.dom(Samples.bytes(Samples.IDP_REQUEST));
        assertThat(Canonical.of(Canonical.bodyChild(ours))).isEqualTo(Canonical.of(Canonical.bodyChild(curls)));
    }

    @Test
    void parseWhenSampleThenAuthnRequestRead() throws EcpException {
        IdpRequest request = IdpRequest.parse(Samples.bytes(Samples.IDP_REQUEST), parser());
        assertThat(request.authnRequest().id()).isEqualTo(Samples.REQUEST_ID);
        assertThat(request.toBytes()).isEqualTo(Samples.bytes(Samples.IDP_REQUEST));
    }

    /** {@code of} keeps the facts it wrote instead of parsing its output: each shape must parse back the same. */
    @Test
    void parseWhenEveryShapeRoundTrippedThenEqualFieldByField() throws EcpException {
        PaosRequest challenge = PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), parser());
        Optional<ChannelBinding> binding = Optional.of(new ChannelBinding(ChannelBinding.TLS_EXPORTER,
                "p=tls-exporter,,0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        for (IdpRequest request : java.util.List.of(IdpRequest.of(challenge.authnRequest()),
                IdpRequest.of(challenge.authnRequest(), binding), IdpRequest.of(challenge.authnRequest(), binding, true),
                IdpRequest.of(challenge.authnRequest(), Optional.empty(), true))) {
            IdpRequest again = IdpRequest.parse(request.toBytes(), parser());
            assertThat(again).usingRecursiveComparison().withEqualsForType(IdpRequestTest::sameRequest,
                    AuthnRequestBody.class).isEqualTo(request);
            assertThat(again.toBytes()).isEqualTo(request.toBytes());
            assertThat(IdpRequest.of(again.authnRequest(), again.channelBinding(), again.holderOfKeyRequested())
                    .toBytes()).isEqualTo(request.toBytes());
        }
    }

    /** The AuthnRequest by its ID and exclusive canonical form (read back, it also declares the envelope's prefix). */
    private static boolean sameRequest(AuthnRequestBody a, AuthnRequestBody b) {
        return a.id().equals(b.id()) && Canonical.of(a.toBytes()).equals(Canonical.of(b.toBytes()));
    }

    @Test
    void ofWhenHolderOfKeyThenEcpSubjectConfirmationBlockRoundTrips() throws EcpException {
        PaosRequest challenge = PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), parser());
        IdpRequest request = IdpRequest.of(challenge.authnRequest(), Optional.empty(), true);
        String xml = new String(request.toBytes(), StandardCharsets.UTF_8);

        assertThat(xml).contains("<ecp:SubjectConfirmation", "S:mustUnderstand=\"1\"",
                "Method=\"" + IdpRequest.HOLDER_OF_KEY + "\"").doesNotContain("SubjectConfirmationData");
        IdpRequest again = IdpRequest.parse(request.toBytes(), parser());
        assertThat(again.holderOfKeyRequested()).isTrue();
        assertThat(again.toBytes()).isEqualTo(request.toBytes());
        assertThat(IdpRequest.of(challenge.authnRequest()).holderOfKeyRequested()).isFalse();
    }

    @Test
    void parseWhenHeaderBlockMustBeUnderstoodThenViolation() {
        String xml = Samples.text(Samples.IDP_REQUEST).replace("<S:Body>",
                "<S:Header><x:Y xmlns:x=\"urn:x\" S:mustUnderstand=\"1\"/></S:Header><S:Body>");
        assertError(EcpError.MUST_UNDERSTAND_VIOLATION, () -> IdpRequest.parse(utf8(xml), parser()));
    }

    @Test
    void parseWhenBodyIsNotAuthnRequestThenMalformed() {
        String xml = Samples.text(Samples.IDP_REQUEST).replace("samlp:AuthnRequest", "samlp:LogoutRequest");
        assertError(EcpError.MALFORMED_MESSAGE, () -> IdpRequest.parse(utf8(xml), parser()));
    }

    @Test
    void parseWhenDoctypeOrGarbageThenParserErrors() {
        assertError(EcpError.DTD_FORBIDDEN, () -> IdpRequest.parse(
                utf8("<!DOCTYPE S:Envelope>" + Samples.text(Samples.IDP_REQUEST)), parser()));
        assertError(EcpError.MALFORMED_XML, () -> IdpRequest.parse(utf8("not xml"), parser()));
        assertError(EcpError.MALFORMED_MESSAGE, () -> IdpRequest.parse(utf8("<a/>"), parser()));
    }
}
