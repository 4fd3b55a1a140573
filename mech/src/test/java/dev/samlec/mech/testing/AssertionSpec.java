package dev.samlec.mech.testing;

import static dev.samlec.mech.testing.TestSamlObjects.create;

import dev.samlec.mech.ChannelBinding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.core.xml.schema.impl.XSStringBuilder;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.ext.saml2cb.ChannelBindings;
import org.opensaml.saml.saml2.core.Advice;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AttributeValue;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnContext;
import org.opensaml.saml.saml2.core.AuthnContextClassRef;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;

/** The fields of the baseline assertion; every setter returns this spec. Null removes an optional field. */
public final class AssertionSpec {
    private String id = "_assert-8d3c2b1a0f9e8d7c6b5a";
    private String issuer = TestSamlObjects.IDP;
    private Instant issueInstant = TestSamlObjects.NOW;
    private String nameId = TestSamlObjects.NAME_ID;
    private String nameIdFormat = TestSamlObjects.PERSISTENT;
    private String nameQualifier = TestSamlObjects.IDP;
    private String spNameQualifier = TestSamlObjects.SP;
    private String method = SubjectConfirmation.METHOD_BEARER;
    private String recipient = TestSamlObjects.ACS;
    private Instant confirmationNotBefore;
    private Instant confirmationNotOnOrAfter = TestSamlObjects.NOW.plusSeconds(300);
    private String confirmationInResponseTo = TestSamlObjects.REQUEST_ID;
    private boolean conditions = true;
    private Instant notBefore = TestSamlObjects.NOW.minusSeconds(60);
    private Instant notOnOrAfter = TestSamlObjects.NOW.plusSeconds(600);
    private final List<List<String>> audienceRestrictions = new ArrayList<>(List.of(List.of(TestSamlObjects.SP)));
    private int authnStatements = 1;
    private Instant authnInstant = TestSamlObjects.NOW.minusSeconds(10);
    private String authnContextClassRef = TestSamlObjects.PPT;
    private String sessionIndex = "_session-42";
    private final Map<String, String[]> attributes = new LinkedHashMap<>();
    private final Map<String, String> friendlyNames = new LinkedHashMap<>();
    private final List<String[]> adviceChannelBindings = new ArrayList<>();
    private Consumer<Assertion> customizer = a -> { };

    AssertionSpec() {
        attribute(TestSamlObjects.MAIL_OID, "mail", "alice@example.org");
        attribute(TestSamlObjects.AFFILIATION_OID, "eduPersonAffiliation", "member", "staff");
    }

    /** Sets the assertion ID. */
    public AssertionSpec id(String value) {
        id = value;
        return this;
    }

    /** Sets the assertion Issuer (null: none). */
    public AssertionSpec issuer(String value) {
        issuer = value;
        return this;
    }

    /** Sets the IssueInstant. */
    public AssertionSpec issueInstant(Instant value) {
        issueInstant = value;
        return this;
    }

    /** Sets the NameID value (null: no NameID). */
    public AssertionSpec nameId(String value) {
        nameId = value;
        return this;
    }

    /** Sets the NameID Format. */
    public AssertionSpec nameIdFormat(String value) {
        nameIdFormat = value;
        return this;
    }

    /** Sets the confirmation Method. */
    public AssertionSpec method(String value) {
        method = value;
        return this;
    }

    /** Sets the bearer Recipient. */
    public AssertionSpec recipient(String value) {
        recipient = value;
        return this;
    }

    /** Sets SubjectConfirmationData/@NotBefore. */
    public AssertionSpec confirmationNotBefore(Instant value) {
        confirmationNotBefore = value;
        return this;
    }

    /** Sets SubjectConfirmationData/@NotOnOrAfter. */
    public AssertionSpec confirmationNotOnOrAfter(Instant value) {
        confirmationNotOnOrAfter = value;
        return this;
    }

    /** Sets SubjectConfirmationData/@InResponseTo. */
    public AssertionSpec confirmationInResponseTo(String value) {
        confirmationInResponseTo = value;
        return this;
    }

    /** Whether the assertion has Conditions at all. */
    public AssertionSpec conditions(boolean value) {
        conditions = value;
        return this;
    }

    /** Sets Conditions/@NotBefore. */
    public AssertionSpec notBefore(Instant value) {
        notBefore = value;
        return this;
    }

    /** Sets Conditions/@NotOnOrAfter. */
    public AssertionSpec notOnOrAfter(Instant value) {
        notOnOrAfter = value;
        return this;
    }

    /** Replaces the AudienceRestrictions: one restriction per list. */
    @SafeVarargs
    public final AssertionSpec audienceRestrictions(List<String>... restrictions) {
        audienceRestrictions.clear();
        for (List<String> restriction : restrictions) {
            audienceRestrictions.add(restriction);
        }
        return this;
    }

    /** How many identical AuthnStatements to add. */
    public AssertionSpec authnStatements(int count) {
        authnStatements = count;
        return this;
    }

    /** Adds (or replaces) an attribute. */
    public AssertionSpec attribute(String name, String friendlyName, String... values) {
        attributes.put(name, values);
        friendlyNames.put(name, friendlyName);
        return this;
    }

    /** Adds {@code <cb:ChannelBindings Type=...>base64</cb:ChannelBindings>} to the assertion's Advice. */
    public AssertionSpec adviceChannelBinding(ChannelBinding binding) {
        return adviceChannelBinding(binding.type(), Base64.getEncoder().encodeToString(binding.value()));
    }

    /**
     * Adds a {@code cb:ChannelBindings} with this raw Type (null: no Type attribute) and text (not checked, so
     * tests can write invalid base64) to the assertion's Advice; call again for several.
     */
    public AssertionSpec adviceChannelBinding(String type, String text) {
        adviceChannelBindings.add(new String[] {type, text});
        return this;
    }

    /** Runs {@code change} on the built assertion (before it is signed). */
    public AssertionSpec customize(Consumer<Assertion> change) {
        customizer = customizer.andThen(change);
        return this;
    }

    Assertion toAssertion() {
        Assertion a = create(Assertion.DEFAULT_ELEMENT_NAME);
        a.setID(id);
        a.setVersion(SAMLVersion.VERSION_20);
        a.setIssueInstant(issueInstant);
        if (issuer != null) {
            Issuer i = create(Issuer.DEFAULT_ELEMENT_NAME);
            i.setValue(issuer);
            a.setIssuer(i);
        }
        a.setSubject(subject());
        if (conditions) {
            a.setConditions(conditions());
        }
        if (!adviceChannelBindings.isEmpty()) {
            a.setAdvice(advice());
        }
        for (int n = 0; n < authnStatements; n++) {
            a.getAuthnStatements().add(authnStatement());
        }
        if (!attributes.isEmpty()) {
            a.getAttributeStatements().add(attributeStatement());
        }
        customizer.accept(a);
        return a;
    }

    private Advice advice() {
        Advice advice = create(Advice.DEFAULT_ELEMENT_NAME);
        for (String[] binding : adviceChannelBindings) {
            ChannelBindings cb = create(ChannelBindings.DEFAULT_ELEMENT_NAME);
            cb.setType(binding[0]);
            cb.setValue(binding[1]);
            advice.getChildren().add(cb);
        }
        return advice;
    }

    private Subject subject() {
        Subject subject = create(Subject.DEFAULT_ELEMENT_NAME);
        if (nameId != null) {
            NameID n = create(NameID.DEFAULT_ELEMENT_NAME);
            n.setValue(nameId);
            n.setFormat(nameIdFormat);
            n.setNameQualifier(nameQualifier);
            n.setSPNameQualifier(spNameQualifier);
            subject.setNameID(n);
        }
        SubjectConfirmation confirmation = create(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
        confirmation.setMethod(method);
        SubjectConfirmationData data = create(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
        data.setRecipient(recipient);
        data.setNotBefore(confirmationNotBefore);
        data.setNotOnOrAfter(confirmationNotOnOrAfter);
        data.setInResponseTo(confirmationInResponseTo);
        confirmation.setSubjectConfirmationData(data);
        subject.getSubjectConfirmations().add(confirmation);
        return subject;
    }

    private Conditions conditions() {
        Conditions c = create(Conditions.DEFAULT_ELEMENT_NAME);
        c.setNotBefore(notBefore);
        c.setNotOnOrAfter(notOnOrAfter);
        for (List<String> audiences : audienceRestrictions) {
            AudienceRestriction restriction = create(AudienceRestriction.DEFAULT_ELEMENT_NAME);
            for (String uri : audiences) {
                Audience audience = create(Audience.DEFAULT_ELEMENT_NAME);
                audience.setURI(uri);
                restriction.getAudiences().add(audience);
            }
            c.getAudienceRestrictions().add(restriction);
        }
        return c;
    }

    private AuthnStatement authnStatement() {
        AuthnStatement s = create(AuthnStatement.DEFAULT_ELEMENT_NAME);
        s.setAuthnInstant(authnInstant);
        s.setSessionIndex(sessionIndex);
        AuthnContext context = create(AuthnContext.DEFAULT_ELEMENT_NAME);
        AuthnContextClassRef ref = create(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
        ref.setURI(authnContextClassRef);
        context.setAuthnContextClassRef(ref);
        s.setAuthnContext(context);
        return s;
    }

    private AttributeStatement attributeStatement() {
        AttributeStatement statement = create(AttributeStatement.DEFAULT_ELEMENT_NAME);
        XSStringBuilder strings = new XSStringBuilder();
        for (Map.Entry<String, String[]> e : attributes.entrySet()) {
            Attribute attribute = create(Attribute.DEFAULT_ELEMENT_NAME);
            attribute.setName(e.getKey());
            attribute.setFriendlyName(friendlyNames.get(e.getKey()));
            attribute.setNameFormat(Attribute.URI_REFERENCE);
            for (String v : e.getValue()) {
                XSString value = strings.buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
                value.setValue(v);
                attribute.getAttributeValues().add(value);
            }
            statement.getAttributes().add(attribute);
        }
        return statement;
    }
}
