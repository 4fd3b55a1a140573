package dev.samlec.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.SigningKey;
import dev.samlec.mech.internal.xml.OpenSaml;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.support.SignatureValidator;

class XmlSigningTest {
    private static final SigningKey KEY = DemoKeys.idpSigningKey();

    @BeforeAll
    static void init() {
        OpenSaml.ensureInitialized();
    }

    @Test
    void signMarshalledWhenNotMarshalledThenIllegalState() throws Exception {
        Response response = response();
        XmlSigning.prepare(response, KEY);

        assertThatThrownBy(() -> XmlSigning.signMarshalled(response)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void signMarshalledWhenInnerThenOuterInOneTreeThenBothVerify() throws Exception {
        Response response = response();
        Assertion assertion = SamlObjects.build(Assertion.DEFAULT_ELEMENT_NAME);
        assertion.setID(SamlObjects.newId(new SecureRandom()));
        assertion.setIssuer(SamlObjects.issuer("https://idp.example.org"));
        XmlSigning.prepare(assertion, KEY);
        response.getAssertions().add(assertion);
        XmlSigning.prepare(response, KEY);
        XMLObjectSupport.marshall(response);

        XmlSigning.signMarshalled(assertion);
        XmlSigning.signMarshalled(response);

        BasicX509Credential credential = new BasicX509Credential(KEY.certificate());
        SignatureValidator.validate(assertion.getSignature(), credential);
        SignatureValidator.validate(response.getSignature(), credential);
        assertThat(response.getDOM().getOwnerDocument()).isSameAs(assertion.getDOM().getOwnerDocument());
    }

    private static Response response() {
        Response response = SamlObjects.build(Response.DEFAULT_ELEMENT_NAME);
        response.setID(SamlObjects.newId(new SecureRandom()));
        response.setIssuer(SamlObjects.issuer("https://idp.example.org"));
        return response;
    }
}
