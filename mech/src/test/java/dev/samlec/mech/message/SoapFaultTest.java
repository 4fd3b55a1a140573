package dev.samlec.mech.message;

import static dev.samlec.mech.message.Samples.assertError;
import static dev.samlec.mech.message.Samples.parser;
import static dev.samlec.mech.message.Samples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;

class SoapFaultTest {
    private static final String KEYCLOAK_STYLE = "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            + "<SOAP-ENV:Header/><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Server</faultcode>"
            + "<faultstring>Authentication request cannot be processed</faultstring>"
            + "<detail><x:Info xmlns:x=\"urn:x\">more</x:Info></detail></SOAP-ENV:Fault></SOAP-ENV:Body>"
            + "</SOAP-ENV:Envelope>";

    @Test
    void parseWhenOtherPrefixThenCodeResolvedToTheSoapNamespace() throws EcpException {
        SoapFault fault = SoapFault.parse(utf8(KEYCLOAK_STYLE), parser());
        assertThat(fault.faultCode()).isEqualTo(new QName(EcpNamespaces.SOAP11, "Server"));
        assertThat(fault.faultString()).isEqualTo("Authentication request cannot be processed");
        assertThat(fault.detail()).contains("more");
    }

    @Test
    void parseWhenRoundTrippedThenEqualFieldByField() throws EcpException {
        SoapFault fault = SoapFault.parse(utf8(KEYCLOAK_STYLE), parser());
        SoapFault again = SoapFault.parse(fault.toBytes(), parser());
        assertThat(again).isEqualTo(fault).hasSameHashCodeAs(fault);
        assertThat(again.faultString()).isEqualTo(fault.faultString());
        assertThat(again.detail()).isEqualTo(fault.detail());
    }

    @Test
    void serverFaultWhenWrittenThenSoapServerCodeAndNoHeader() throws EcpException {
        SoapFault fault = SoapFault.serverFault(SoapFault.GENERAL_FAILURE);
        String xml = new String(fault.toBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(xml).contains("<faultcode>S:Server</faultcode>", "<faultstring>General Failure</faultstring>")
                .doesNotContain("Header");
        assertThat(SoapFault.parse(fault.toBytes(), parser())).isEqualTo(fault);
    }

    @Test
    void ofWhenCustomNamespaceCodeThenRoundTrips() throws EcpException {
        SoapFault fault = SoapFault.of(new QName("urn:example:codes", "Busy"), "try <later> & again",
                Optional.of("detail & text"));
        assertThat(SoapFault.parse(fault.toBytes(), parser())).isEqualTo(fault);
        SoapFault unqualified = SoapFault.of(new QName("Plain"), "x", Optional.empty());
        assertThat(SoapFault.parse(unqualified.toBytes(), parser())).isEqualTo(unqualified);
    }

    @Test
    void parseWhenChildrenQualifiedWithSoapNamespaceThenAccepted() throws EcpException {
        String qualified = KEYCLOAK_STYLE.replace("<faultcode>", "<SOAP-ENV:faultcode>")
                .replace("</faultcode>", "</SOAP-ENV:faultcode>")
                .replace("<faultstring>", "<SOAP-ENV:faultstring>").replace("</faultstring>", "</SOAP-ENV:faultstring>");
        assertThat(SoapFault.parse(utf8(qualified), parser()).faultString())
                .isEqualTo("Authentication request cannot be processed");
    }

    @Test
    void parseWhenFaultcodeMissingOrPrefixUnknownThenMalformed() {
        assertError(EcpError.MALFORMED_MESSAGE, () -> SoapFault.parse(
                utf8(KEYCLOAK_STYLE.replace("<faultcode>SOAP-ENV:Server</faultcode>", "")), parser()));
        assertError(EcpError.MALFORMED_MESSAGE, () -> SoapFault.parse(
                utf8(KEYCLOAK_STYLE.replace("SOAP-ENV:Server", "nope:Server")), parser()));
    }

    @Test
    void parseWhenBodyIsNotAFaultThenMalformed() {
        assertError(EcpError.MALFORMED_MESSAGE, () -> SoapFault.parse(Samples.bytes(Samples.IDP_REQUEST), parser()));
        // an element shaped like a fault but not S:Fault is still not one
        String lookalike = "<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\"><S:Body>"
                + "<x:Fault xmlns:x=\"urn:example\"><faultcode>S:Server</faultcode></x:Fault></S:Body></S:Envelope>";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SoapFault.parse(utf8(lookalike), parser()))
                .hasMessageContaining("expected S:Fault");
    }
}
