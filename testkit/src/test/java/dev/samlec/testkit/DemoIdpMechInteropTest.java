package dev.samlec.testkit;

import static dev.samlec.testkit.EcpTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.ChannelBinding;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.Pem;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.client.IdpClient;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.message.AuthnRequestBody;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.service.AuthnRequestIssuer;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.IssueOptions;
import dev.samlec.mech.service.IssuedAuthnRequest;
import dev.samlec.mech.service.RequestTracker;
import dev.samlec.mech.service.ResponseValidator;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.mech.service.ValidationContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo IdP against samlec's own SP and client code, on the agreed SAML-EC wire format: a signed AuthnRequest
 * with channel-binding Extensions and a delegation request, the client's cb header, and the SP validating the
 * assertion's Advice.
 */
class DemoIdpMechInteropTest {
    private static final String SP_ENTITY = "https://ldap.localhost/samlec";
    private static final String SERVICE = "ldap@localhost";
    private static final ChannelBinding CB = new ChannelBinding(ChannelBinding.TLS_SERVER_END_POINT,
            SamlEcRequests.CB_VALUE);
    private static DemoIdp idp;
    private static ServiceProviderSettings settings;
    private static RequestTracker tracker;

    @BeforeAll
    static void start() throws Exception {
        SigningKey spKey = new SigningKey(Pem.parsePrivateKey(text("sp-encryption.key"), "sp key"),
                Pem.parseCertificates(text("sp-encryption.crt"), "sp cert").get(0));
        idp = DemoIdp.start();
        idp.registerServiceProvider(ServiceProviderRegistration.builder(SP_ENTITY).acsUrls(List.of(SERVICE))
                .signingCertificate(spKey.certificate()).requireSignedRequests(true).build());
        settings = ServiceProviderSettings.builder().entityId(SP_ENTITY).assertionConsumerServiceUrl(SERVICE)
                .idpTrust(IdpTrust.of(idp.entityId(), List.of(idp.signingCertificate()))).signingKey(spKey).build();
        tracker = RequestTracker.forSettings(settings);
    }

    @AfterAll
    static void stop() {
        idp.close();
    }

    private static String text(String name) {
        return new String(resource(name), StandardCharsets.US_ASCII);
    }

    private static IdpClient client() throws Exception {
        return new IdpClient(IdpEndpoint.builder(idp.entityId(), idp.ssoUrl()).allowInsecureHttp(true)
                .credentials(IdpCredentials.basic("alice", "alicepw".toCharArray())).build());
    }

    private static IssuedAuthnRequest issue() throws Exception {
        return new AuthnRequestIssuer(settings, tracker).issue(IssueOptions.builder()
                .protocolBinding(IssueOptions.BINDING_SAMLEC).channelBinding(CB).requestDelegation(true).build());
    }

    @Test
    void loginWhenMechSignsWithChannelBindingThenValidatorAcceptsTheBoundAssertion() throws Exception {
        IssuedAuthnRequest issued = issue();
        AuthnRequestBody body = AuthnRequestBody.parse(issued.xml(), SecureXmlParser.withDefaultLimit());
        try (IdpClient client = client()) {
            IdpResponse answer = client.send(IdpRequest.of(body, Optional.of(CB)));

            assertThat(answer.requestAuthenticated()).isTrue();
            assertThat(answer.channelBinding()).contains(CB);
            assertThat(answer.delegated()).isFalse();
            assertThat(answer.assertionConsumerServiceUrl()).contains(SERVICE);
            SamlIdentity identity = new ResponseValidator(settings, tracker).validate(
                    answer.response().orElseThrow().toBytes(),
                    ValidationContext.expect(issued.id()).withChannelBinding(CB));
            assertThat(identity.nameId().value()).isEqualTo("alice");
        }
    }

    @Test
    void loginWhenClientBindingDiffersThenIdpRefusesWithRequesterStatus() throws Exception {
        AuthnRequestBody body = AuthnRequestBody.parse(issue().xml(), SecureXmlParser.withDefaultLimit());
        ChannelBinding other = new ChannelBinding(ChannelBinding.TLS_SERVER_END_POINT, new byte[] {1, 2, 3});
        try (IdpClient client = client()) {
            assertThatThrownBy(() -> client.send(IdpRequest.of(body, Optional.of(other))))
                    .isInstanceOf(EcpException.class)
                    .satisfies(e -> assertThat(((EcpException) e).error()).isEqualTo(EcpError.IDP_REQUEST_DENIED))
                    .hasMessageContaining("Requester");
        }
    }
}
