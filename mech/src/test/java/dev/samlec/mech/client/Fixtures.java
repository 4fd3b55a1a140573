package dev.samlec.mech.client;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.message.PaosRequest;
import dev.samlec.mech.message.Samples;
import java.net.URI;
import java.time.Duration;

/** Canned IdP answers (the real Keycloak samples, rewritten where needed) and endpoints for the client tests. */
final class Fixtures {
    static final String USER = "alice";
    static final String PASSWORD = "pässwörd-secret";
    static final String SOAP = "text/xml;charset=UTF-8";
    static final String PAOS = "application/vnd.paos+xml;charset=UTF-8";
    static final String SOAP_FAULT = "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            + "<SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Server</faultcode>"
            + "<faultstring>Authentication request cannot be processed</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body>"
            + "</SOAP-ENV:Envelope>";

    private Fixtures() {
    }

    /** Keycloak's successful answer, saying the response is for {@code acs}. */
    static String success(String acs) {
        return Samples.text(Samples.IDP_RESPONSE).replace(Samples.SP_ACS, acs);
    }

    /** Keycloak's real wrong-password answer. */
    static String wrongPassword() {
        return Samples.text(Samples.WRONG_PASSWORD);
    }

    /** The wrong-password answer with another status pair. */
    static String status(String top, String sub) {
        String statusXml = "<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:" + top + "\">"
                + (sub == null ? "" : "<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:" + sub + "\"/>")
                + "</samlp:StatusCode>";
        return wrongPassword().replaceAll("<samlp:StatusCode Value=\"[^\"]*Responder\">.*</samlp:StatusCode>",
                statusXml);
    }

    /** The AuthnRequest of the real Shibboleth challenge, wrapped for the IdP. */
    static IdpRequest idpRequest() throws EcpException {
        return IdpRequest.of(PaosRequest.parse(Samples.bytes(Samples.SP_REQUEST), Samples.parser()).authnRequest());
    }

    static IdpCredentials.Basic basic() throws EcpConfigurationException {
        return IdpCredentials.basic(USER, PASSWORD.toCharArray());
    }

    /** A plain-http endpoint with Basic credentials and short timeouts. */
    static IdpEndpoint.Builder httpIdp(String entityId, URI url) throws EcpConfigurationException {
        return IdpEndpoint.builder(entityId, url).allowInsecureHttp(true).credentials(basic())
                .connectTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(10));
    }
}
