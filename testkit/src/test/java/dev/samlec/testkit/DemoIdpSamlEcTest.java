package dev.samlec.testkit;

import static dev.samlec.testkit.EcpTestSupport.SP;
import static dev.samlec.testkit.EcpTestSupport.envelope;
import static dev.samlec.testkit.EcpTestSupport.post;
import static dev.samlec.testkit.EcpTestSupport.resource;
import static dev.samlec.testkit.EcpTestSupport.samlResponse;
import static dev.samlec.testkit.SamlEcRequests.authnRequest;
import static dev.samlec.testkit.SamlEcRequests.headerBlocks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.util.List;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.ecp.impl.ResponseImpl;
import org.opensaml.soap.soap11.Envelope;

/** Service-name ACS locations, delegation requests, and a real SP's request. */
class DemoIdpSamlEcTest {
    private static final String SERVICE = "ldap@localhost";
    private static final String URN_SERVICE = "urn:samlec:ldap@localhost";
    private static final String SAMLEC_BINDING = "urn:ietf:params:xml:ns:samlec";
    private static final String SHIB_SP = "http://127.0.0.1:8081/shibboleth";
    private static final String SHIB_ACS = "http://127.0.0.1:8081/Shibboleth.sso/SAML2/ECP";
    private static final HttpClient CLIENT = EcpTestSupport.client();
    private static DemoIdp idp;

    @BeforeAll
    static void start() throws Exception {
        idp = DemoIdp.start();
        idp.registerServiceProvider(SP, List.of(SERVICE, URN_SERVICE));
        idp.registerServiceProvider(SHIB_SP, List.of(SHIB_ACS));
    }

    @AfterAll
    static void stop() {
        idp.close();
    }

    private static Envelope login(String id, String acs, String binding) throws Exception {
        byte[] body = SamlEcRequests.envelope(authnRequest(id, SP, acs, r -> r.setProtocolBinding(binding)));
        return envelope(post(CLIENT, idp.ssoUrl(), body, "alice", "alicepw").body());
    }

    private static void assertDeliveredTo(Envelope envelope, String acs) {
        assertThat(((ResponseImpl) envelope.getHeader().getUnknownXMLObjects().get(0))
                .getAssertionConsumerServiceURL()).isEqualTo(acs);
        Response response = samlResponse(envelope);
        assertThat(response.getStatus().getStatusCode().getValue()).isEqualTo(StatusCode.SUCCESS);
        assertThat(response.getDestination()).isEqualTo(acs);
        assertThat(response.getAssertions().get(0).getSubject().getSubjectConfirmations().get(0)
                .getSubjectConfirmationData().getRecipient()).isEqualTo(acs);
    }

    @Test
    void loginWhenServiceNameAcsRegisteredThenDestinationAndRecipientAreTheServiceName() throws Exception {
        assertDeliveredTo(login("_svc1", SERVICE, SAMLEC_BINDING), SERVICE);
    }

    @Test
    void loginWhenUrnServiceNameAcsWithPaosBindingThenDestinationAndRecipientAreIt() throws Exception {
        assertDeliveredTo(login("_svc2", URN_SERVICE, "urn:oasis:names:tc:SAML:2.0:bindings:PAOS"), URN_SERVICE);
    }

    @Test
    void loginWhenServiceNameNotRegisteredThenClientFault() throws Exception {
        byte[] body = SamlEcRequests.envelope(authnRequest("_svc3", SP, "imap@localhost", r -> { }));

        assertThat(EcpTestSupport.fault(post(CLIENT, idp.ssoUrl(), body, "alice", "alicepw").body()).getMessage()
                .getValue()).isEqualTo(EcpSsoHandler.NOT_REGISTERED);
    }

    @Test
    void loginWhenDelegationRequestedThenOrdinaryAssertionAndNoDelegatedHeader() throws Exception {
        byte[] body = SamlEcRequests.envelope(authnRequest("_del", SP, SERVICE, SamlEcRequests::askForDelegation));

        Envelope envelope = envelope(post(CLIENT, idp.ssoUrl(), body, "alice", "alicepw").body());

        assertThat(headerBlocks(envelope, new QName("urn:ietf:params:xml:ns:samlec", "Delegated"))).isEmpty();
        assertThat(envelope.getHeader().getUnknownXMLObjects()).hasSize(1);
        Assertion assertion = samlResponse(envelope).getAssertions().get(0);
        List<AudienceRestriction> restrictions = assertion.getConditions().getAudienceRestrictions();
        assertThat(restrictions).hasSize(1);
        assertThat(restrictions.get(0).getAudiences()).extracting(a -> a.getURI()).containsExactly(SP);
        assertThat(assertion.getAdvice()).isNull();
    }

    @Test
    void loginWhenRealShibbolethSpRequestThenAssertionForItsAcs() throws Exception {
        Envelope envelope = envelope(post(CLIENT, idp.ssoUrl(), resource("shibboleth-sp.idp-req.xml"), "bob", "bobpw")
                .body());

        Response response = samlResponse(envelope);
        assertThat(response.getInResponseTo()).isEqualTo("_d4faa06ec25af0b48b03adbb25a7332a");
        assertDeliveredTo(envelope, SHIB_ACS);
        assertThat(response.getAssertions().get(0).getSubject().getNameID().getValue()).isEqualTo("bob");
    }

    @Test
    void trustClientCertificatesWithoutHttpsThenStartRefused() {
        DemoIdp.Builder builder = DemoIdp.builder()
                .trustClientCertificates(List.of(DemoTls.generate().caCertificate()));

        assertThatThrownBy(builder::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("https");
        assertThatThrownBy(() -> DemoIdp.builder().trustClientCertificates(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
