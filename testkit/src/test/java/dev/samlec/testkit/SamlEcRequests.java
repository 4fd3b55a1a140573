package dev.samlec.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.SigningKey;
import dev.samlec.mech.internal.xml.OpenSaml;
import dev.samlec.mech.internal.xml.XmlWriter;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import javax.xml.namespace.QName;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.SAMLObjectContentReference;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.ext.saml2cb.ChannelBindings;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.Extensions;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.ecp.RequestAuthenticated;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.soap.soap11.ActorBearing;
import org.opensaml.soap.soap11.Body;
import org.opensaml.soap.soap11.Envelope;
import org.opensaml.soap.soap11.Header;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.Signer;

/**
 * SAML-EC style ECP requests for the demo IdP tests: AuthnRequests built with OpenSAML, optionally signed (any
 * algorithm), with channel-binding Extensions or the delegation Audience, wrapped in an envelope with an optional
 * client {@code cb:ChannelBindings} header block.
 */
final class SamlEcRequests {
    static final String TLS_SERVER_END_POINT = "tls-server-end-point";
    static final byte[] CB_VALUE = "p=tls-server-end-point,,0123456789abcdef0123456789abcdef".getBytes();

    private SamlEcRequests() {
    }

    /** An AuthnRequest from {@code issuer} for {@code acs} (PAOS binding), customisable, not signed. */
    static AuthnRequest authnRequest(String id, String issuer, String acs, Consumer<AuthnRequest> customise) {
        OpenSaml.ensureInitialized();
        AuthnRequest request = SamlObjects.build(AuthnRequest.DEFAULT_ELEMENT_NAME);
        request.setID(id);
        request.setVersion(SAMLVersion.VERSION_20);
        request.setIssueInstant(Instant.parse("2026-11-22T12:00:00Z"));
        request.setAssertionConsumerServiceURL(acs);
        request.setProtocolBinding(SAMLConstants.SAML2_PAOS_BINDING_URI);
        Issuer element = SamlObjects.build(Issuer.DEFAULT_ELEMENT_NAME);
        element.setValue(issuer);
        request.setIssuer(element);
        customise.accept(request);
        return request;
    }

    static AuthnRequest authnRequest(String id, Consumer<AuthnRequest> customise) {
        return authnRequest(id, EcpTestSupport.SP, EcpTestSupport.ACS, customise);
    }

    /** Adds {@code <samlp:Extensions><cb:ChannelBindings Type="type">base64</cb:ChannelBindings>}. */
    static Consumer<AuthnRequest> extension(String type, byte[] value) {
        return request -> {
            if (request.getExtensions() == null) {
                request.setExtensions(SamlObjects.build(Extensions.DEFAULT_ELEMENT_NAME));
            }
            request.getExtensions().getUnknownXMLObjects().add(channelBindings(type, value, false));
        };
    }

    /** Adds the delegation Audience to the request's Conditions (SAML-EC {@code del}). */
    static void askForDelegation(AuthnRequest request) {
        Audience audience = SamlObjects.build(Audience.DEFAULT_ELEMENT_NAME);
        audience.setURI(SamlObjects.DELEGATION_AUDIENCE);
        AudienceRestriction restriction = SamlObjects.build(AudienceRestriction.DEFAULT_ELEMENT_NAME);
        restriction.getAudiences().add(audience);
        Conditions conditions = SamlObjects.build(Conditions.DEFAULT_ELEMENT_NAME);
        conditions.getAudienceRestrictions().add(restriction);
        request.setConditions(conditions);
    }

    static ChannelBindings channelBindings(String type, byte[] value, boolean soapHeader) {
        ChannelBindings cb = SamlObjects.build(ChannelBindings.DEFAULT_ELEMENT_NAME);
        cb.setType(type);
        cb.setValue(Base64.getEncoder().encodeToString(value));
        if (soapHeader) {
            cb.setSOAP11MustUnderstand(true);
            cb.setSOAP11Actor(ActorBearing.SOAP11_ACTOR_NEXT);
        }
        return cb;
    }

    /** Signs in place with RSA-SHA256 / ECDSA-SHA256 and SHA-256 digests, as an SP would. */
    static AuthnRequest sign(AuthnRequest request, SigningKey key) throws Exception {
        XmlSigning.sign(request, key);
        return request;
    }

    /** Signs in place with the given algorithms (to test refusals of weak ones). */
    static AuthnRequest sign(AuthnRequest request, SigningKey key, String signatureAlgorithm, String digest)
            throws Exception {
        Signature signature = SamlObjects.build(Signature.DEFAULT_ELEMENT_NAME);
        signature.setSigningCredential(new BasicX509Credential(key.certificate(), key.privateKey()));
        signature.setSignatureAlgorithm(signatureAlgorithm);
        signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        request.setSignature(signature);
        ((SAMLObjectContentReference) signature.getContentReferences().get(0)).setDigestAlgorithm(digest);
        XMLObjectSupport.marshall(request);
        Signer.signObject(signature);
        return request;
    }

    /** The SOAP envelope with {@code request} (already signed or not) as its Body and these header blocks. */
    static byte[] envelope(AuthnRequest request, XMLObject... headerBlocks) throws Exception {
        Envelope envelope = SamlObjects.build(Envelope.DEFAULT_ELEMENT_NAME);
        if (headerBlocks.length > 0) {
            Header header = SamlObjects.build(Header.DEFAULT_ELEMENT_NAME);
            header.getUnknownXMLObjects().addAll(List.of(headerBlocks));
            envelope.setHeader(header);
        }
        Body body = SamlObjects.build(Body.DEFAULT_ELEMENT_NAME);
        body.getUnknownXMLObjects().add(request);
        envelope.setBody(body);
        return XmlWriter.toBytes(XMLObjectSupport.marshall(envelope));
    }

    /** The client's header block for {@link #CB_VALUE}-style bindings. */
    static ChannelBindings clientHeader(String type, byte[] value) {
        return channelBindings(type, value, true);
    }

    /** The header blocks of an answer envelope with this name. */
    static List<XMLObject> headerBlocks(Envelope envelope, QName name) {
        return envelope.getHeader().getUnknownXMLObjects(name);
    }

    static void assertRequestAuthenticated(Envelope envelope, boolean expected) {
        List<XMLObject> blocks = headerBlocks(envelope, RequestAuthenticated.DEFAULT_ELEMENT_NAME);
        if (!expected) {
            assertThat(blocks).isEmpty();
            return;
        }
        assertThat(blocks).hasSize(1);
        RequestAuthenticated block = (RequestAuthenticated) blocks.get(0);
        assertThat(block.isSOAP11MustUnderstand()).isTrue();
        assertThat(block.getSOAP11Actor()).isEqualTo(ActorBearing.SOAP11_ACTOR_NEXT);
    }

    /** The key entry {@link DemoTls#CLIENT_ALIAS} of a DemoTls client key store, as an (EC) signing key. */
    static SigningKey ecSigningKey(KeyStore store) throws Exception {
        return new SigningKey((PrivateKey) store.getKey(DemoTls.CLIENT_ALIAS, DemoTls.password()),
                (X509Certificate) store.getCertificate(DemoTls.CLIENT_ALIAS));
    }
}
