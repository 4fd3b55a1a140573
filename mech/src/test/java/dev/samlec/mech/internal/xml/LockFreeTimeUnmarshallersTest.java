package dev.samlec.mech.internal.xml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.SecureXmlParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import javax.xml.namespace.QName;
import net.shibboleth.utilities.java.support.xml.DOMTypeSupport;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.saml.saml2.core.impl.AssertionUnmarshaller;
import org.opensaml.saml.saml2.core.impl.AuthnRequestUnmarshaller;
import org.opensaml.saml.saml2.core.impl.AuthnStatementUnmarshaller;
import org.opensaml.saml.saml2.core.impl.ConditionsUnmarshaller;
import org.opensaml.saml.saml2.core.impl.ResponseUnmarshaller;
import org.opensaml.saml.saml2.core.impl.SubjectConfirmationDataUnmarshaller;
import org.w3c.dom.Element;

class LockFreeTimeUnmarshallersTest {
    private static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";

    @Test
    void registryWhenInitializedThenNoneOfOpenSamlsTimeReadingUnmarshallersLeft() {
        OpenSaml.ensureInitialized();
        Set<Class<?>> replaced = Set.of(ResponseUnmarshaller.class, AuthnRequestUnmarshaller.class,
                AssertionUnmarshaller.class, ConditionsUnmarshaller.class, SubjectConfirmationDataUnmarshaller.class,
                AuthnStatementUnmarshaller.class);
        for (Unmarshaller unmarshaller : XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshallers()
                .values()) {
            assertThat(replaced).doesNotContain(unmarshaller.getClass());
        }
        assertThat(unmarshallerOf(SAMLP, "Response")).isInstanceOf(LockFreeTimeUnmarshallers.ResponseTimes.class);
        assertThat(unmarshallerOf(SAMLP, "AuthnRequest"))
                .isInstanceOf(LockFreeTimeUnmarshallers.AuthnRequestTimes.class);
        assertThat(unmarshallerOf(SAML, "Assertion")).isInstanceOf(LockFreeTimeUnmarshallers.AssertionTimes.class);
        assertThat(unmarshallerOf(SAML, "AssertionType")).isInstanceOf(LockFreeTimeUnmarshallers.AssertionTimes.class);
        assertThat(unmarshallerOf(SAML, "Conditions")).isInstanceOf(LockFreeTimeUnmarshallers.ConditionsTimes.class);
        assertThat(unmarshallerOf(SAML, "SubjectConfirmationData"))
                .isInstanceOf(LockFreeTimeUnmarshallers.SubjectConfirmationDataTimes.class);
        assertThat(unmarshallerOf(SAML, "KeyInfoConfirmationDataType"))
                .isInstanceOf(LockFreeTimeUnmarshallers.SubjectConfirmationDataTimes.class);
        assertThat(unmarshallerOf(SAML, "AuthnStatement"))
                .isInstanceOf(LockFreeTimeUnmarshallers.AuthnStatementTimes.class);
    }

    @Test
    void unmarshallWhenEveryTimeAttributeThenEachReadIntoItsOwnField() throws Exception {
        Response response = (Response) unmarshall("<samlp:Response xmlns:samlp='" + SAMLP + "' xmlns:saml='" + SAML
                + "' ID='_r' Version='2.0' IssueInstant='2026-12-02T10:00:00.123Z' InResponseTo='_q'>"
                + "<saml:Assertion ID='_a' Version='2.0' IssueInstant='2026-12-02T10:00:01+01:00'>"
                + "<saml:Issuer>https://idp.example.org</saml:Issuer><saml:Subject>"
                + "<saml:SubjectConfirmation Method='urn:oasis:names:tc:SAML:2.0:cm:bearer'>"
                + "<saml:SubjectConfirmationData NotBefore='2026-12-02T10:00:02Z' NotOnOrAfter='2026-12-02T10:05:03Z'"
                + " Recipient='ldap@localhost' InResponseTo='_q'/></saml:SubjectConfirmation></saml:Subject>"
                + "<saml:Conditions NotBefore='2026-12-02T10:00:04Z' NotOnOrAfter='2026-12-02T10:05:05Z'/>"
                + "<saml:AuthnStatement AuthnInstant='2026-12-02T10:00:06Z'"
                + " SessionNotOnOrAfter='2026-12-02T18:00:07Z' SessionIndex='s1'/>"
                + "</saml:Assertion></samlp:Response>");
        assertThat(response.getIssueInstant()).isEqualTo(Instant.parse("2026-12-02T10:00:00.123Z"));
        assertThat(response.getInResponseTo()).isEqualTo("_q");
        Assertion assertion = response.getAssertions().get(0);
        assertThat(assertion.getIssueInstant()).isEqualTo(Instant.parse("2026-12-02T09:00:01Z"));
        assertThat(assertion.getID()).isEqualTo("_a");
        SubjectConfirmationData data = assertion.getSubject().getSubjectConfirmations().get(0)
                .getSubjectConfirmationData();
        assertThat(data.getNotBefore()).isEqualTo(Instant.parse("2026-12-02T10:00:02Z"));
        assertThat(data.getNotOnOrAfter()).isEqualTo(Instant.parse("2026-12-02T10:05:03Z"));
        assertThat(data.getRecipient()).isEqualTo("ldap@localhost");
        assertThat(assertion.getConditions().getNotBefore()).isEqualTo(Instant.parse("2026-12-02T10:00:04Z"));
        assertThat(assertion.getConditions().getNotOnOrAfter()).isEqualTo(Instant.parse("2026-12-02T10:05:05Z"));
        AuthnStatement statement = assertion.getAuthnStatements().get(0);
        assertThat(statement.getAuthnInstant()).isEqualTo(Instant.parse("2026-12-02T10:00:06Z"));
        assertThat(statement.getSessionNotOnOrAfter()).isEqualTo(Instant.parse("2026-12-02T18:00:07Z"));
        assertThat(statement.getSessionIndex()).isEqualTo("s1");
    }

    @Test
    void unmarshallWhenTimeOfAnotherShapeThenReadAsOpenSamlReadsIt() throws Exception {
        // No time zone: outside the lock-free shape, so OpenSAML's own reading (local time) applies.
        AuthnRequest request = (AuthnRequest) unmarshall("<samlp:AuthnRequest xmlns:samlp='" + SAMLP
                + "' ID='_q' Version='2.0' IssueInstant='2026-12-02T10:00:00'/>");
        assertThat(request.getIssueInstant()).isEqualTo(DOMTypeSupport.stringToInstant("2026-12-02T10:00:00"));
        AuthnRequest shaped = (AuthnRequest) unmarshall("<samlp:AuthnRequest xmlns:samlp='" + SAMLP
                + "' ID='_q' Version='2.0' IssueInstant='2026-12-02T10:00:00Z'/>");
        assertThat(shaped.getIssueInstant()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
    }

    private static Unmarshaller unmarshallerOf(String namespace, String name) {
        OpenSaml.ensureInitialized();
        return XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(new QName(namespace, name));
    }

    private static XMLObject unmarshall(String xml) throws Exception {
        Element element = SecureXmlParser.withDefaultLimit().parse(xml.getBytes(StandardCharsets.UTF_8), "test")
                .getDocumentElement();
        return XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(element).unmarshall(element);
    }
}
