package dev.samlec.bench.jmh;

import dev.samlec.bench.fixtures.BenchResponses;
import dev.samlec.mech.internal.xml.OpenSaml;
import dev.samlec.mech.testing.TestCredentials;
import java.io.ByteArrayInputStream;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * For comparison with {@link ValidatorBenchmark}: what a plain OpenSAML 4 consumer does for the same two signature
 * checks and nothing else: parse (OpenSAML's {@code BasicParserPool}), unmarshal, then for the Response and the
 * Assertion the SAML signature profile check and {@code SignatureValidator} with the IdP's certificate.
 */
@State(Scope.Thread)
public class NaiveOpenSamlBenchmark {
    private BasicParserPool parserPool;
    private BasicX509Credential idpCredential;
    private SAMLSignatureProfileValidator profile;
    private byte[] response;

    /** Initialises OpenSAML and a parser pool of its own. */
    @Setup
    public void setUp() throws Exception {
        OpenSaml.ensureInitialized();
        parserPool = new BasicParserPool();
        parserPool.setNamespaceAware(true);
        parserPool.initialize();
        idpCredential = new BasicX509Credential(TestCredentials.idp().certificate());
        profile = new SAMLSignatureProfileValidator();
        response = BenchResponses.doublySignedBytes();
        unmarshalAndVerifyBoth();
    }

    /** Parse, unmarshal, two profile checks, two signature verifications. */
    @Benchmark
    public Response unmarshalAndVerifyBoth() throws Exception {
        Document doc = parserPool.parse(new ByteArrayInputStream(response));
        Element root = doc.getDocumentElement();
        Response r = (Response) XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(root)
                .unmarshall(root);
        profile.validate(r.getSignature());
        SignatureValidator.validate(r.getSignature(), idpCredential);
        Assertion a = r.getAssertions().get(0);
        profile.validate(a.getSignature());
        SignatureValidator.validate(a.getSignature(), idpCredential);
        return r;
    }
}
