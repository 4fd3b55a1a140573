package dev.samlec.testkit;

import static dev.samlec.testkit.SamlObjects.build;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.core.xml.util.XMLObjectSupport;
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
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;

/**
 * Builds the (unsigned) Assertion for a successful login: bearer subject confirmation for the ACS, a five-minute
 * validity window starting 30 seconds in the past, an AudienceRestriction to the SP, when channel bindings matched
 * a {@code saml:Advice} holding them, an AuthnStatement with the login method and the directory attributes described
 * in {@link DemoAttributes} (with eduPersonPrincipalName {@code uid@scope} and eduPersonScopedAffiliation
 * {@code member@scope} when the IdP has a scope).
 */
final class AssertionFactory {
    static final Duration LIFETIME = Duration.ofMinutes(5);
    static final Duration NOT_BEFORE_SLACK = Duration.ofSeconds(30);

    private final String idpEntityId;
    private final SecureRandom random;
    private final String scope;

    /** {@code scope}: null, or the scope of the eduPersonPrincipalName and eduPersonScopedAffiliation issued. */
    AssertionFactory(String idpEntityId, SecureRandom random, String scope) {
        this.idpEntityId = idpEntityId;
        this.random = random;
        this.scope = scope;
    }

    Assertion create(EcpRequest request, String spEntityId, String acs, Authentication login,
            Optional<ChannelBindingValue> channelBinding, Instant now) {
        DirectoryUser user = login.user();
        Assertion assertion = build(Assertion.DEFAULT_ELEMENT_NAME);
        assertion.setID(SamlObjects.newId(random));
        assertion.setIssueInstant(now);
        assertion.setIssuer(SamlObjects.issuer(idpEntityId));
        assertion.setSubject(subject(request, acs, user, now));
        login.holderOfKey().ifPresent(certificate -> HolderOfKeyBinding.confirm(
                assertion.getSubject().getSubjectConfirmations().get(0), certificate));
        assertion.setConditions(conditions(spEntityId, now));
        channelBinding.ifPresent(cb -> assertion.setAdvice(advice(cb)));
        assertion.getAuthnStatements().add(authnStatement(login.authnContextClassRef(), now));
        AttributeStatement attributes = attributes(user);
        if (!attributes.getAttributes().isEmpty()) {
            assertion.getAttributeStatements().add(attributes);
        }
        return assertion;
    }

    private static Subject subject(EcpRequest request, String acs, DirectoryUser user, Instant now) {
        NameID nameId = build(NameID.DEFAULT_ELEMENT_NAME);
        IssuedNameId issued = nameId(request, user);
        nameId.setFormat(issued.format());
        nameId.setValue(issued.value());
        SubjectConfirmationData data = build(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
        data.setRecipient(acs);
        data.setNotOnOrAfter(now.plus(LIFETIME));
        data.setInResponseTo(request.id());
        SubjectConfirmation confirmation = build(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
        confirmation.setMethod(SubjectConfirmation.METHOD_BEARER);
        confirmation.setSubjectConfirmationData(data);
        Subject subject = build(Subject.DEFAULT_ELEMENT_NAME);
        subject.setNameID(nameId);
        subject.getSubjectConfirmations().add(confirmation);
        return subject;
    }

    private static Conditions conditions(String spEntityId, Instant now) {
        Audience audience = build(Audience.DEFAULT_ELEMENT_NAME);
        audience.setURI(spEntityId);
        AudienceRestriction restriction = build(AudienceRestriction.DEFAULT_ELEMENT_NAME);
        restriction.getAudiences().add(audience);
        Conditions conditions = build(Conditions.DEFAULT_ELEMENT_NAME);
        conditions.setNotBefore(now.minus(NOT_BEFORE_SLACK));
        conditions.setNotOnOrAfter(now.plus(LIFETIME));
        conditions.getAudienceRestrictions().add(restriction);
        return conditions;
    }

    /** {@code <saml:Advice><cb:ChannelBindings Type="T">base64</cb:ChannelBindings></saml:Advice>}. */
    private static Advice advice(ChannelBindingValue channelBinding) {
        ChannelBindings element = build(ChannelBindings.DEFAULT_ELEMENT_NAME);
        element.setType(channelBinding.type());
        element.setValue(channelBinding.base64());
        Advice advice = build(Advice.DEFAULT_ELEMENT_NAME);
        advice.getChildren().add(element);
        return advice;
    }

    private AuthnStatement authnStatement(String authnContextClassRef, Instant now) {
        AuthnContextClassRef classRef = build(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
        classRef.setURI(authnContextClassRef);
        AuthnContext context = build(AuthnContext.DEFAULT_ELEMENT_NAME);
        context.setAuthnContextClassRef(classRef);
        AuthnStatement statement = build(AuthnStatement.DEFAULT_ELEMENT_NAME);
        statement.setAuthnInstant(now);
        statement.setSessionIndex(SamlObjects.newId(random));
        statement.setAuthnContext(context);
        return statement;
    }

    private AttributeStatement attributes(DirectoryUser user) {
        AttributeStatement statement = build(AttributeStatement.DEFAULT_ELEMENT_NAME);
        for (IssuedAttribute attribute : issuedAttributes(user, scope)) {
            add(statement, attribute.name(), attribute.friendlyName(), attribute.nameFormat(), attribute.values());
        }
        return statement;
    }

    /** A NameID as issued: its Format and value. */
    record IssuedNameId(String format, String value) {
    }

    /** An attribute as issued: Name, FriendlyName, NameFormat and its xs:string values. */
    record IssuedAttribute(String name, String friendlyName, String nameFormat, List<String> values) {
    }

    /** The user's mail with the email Format when the request asks for it and there is one, else the uid. */
    static IssuedNameId nameId(EcpRequest request, DirectoryUser user) {
        if (DemoAttributes.NAMEID_EMAIL.equals(request.nameIdFormat()) && user.mail() != null) {
            return new IssuedNameId(DemoAttributes.NAMEID_EMAIL, user.mail());
        }
        return new IssuedNameId(DemoAttributes.NAMEID_UNSPECIFIED, user.uid());
    }

    /** The attributes issued for {@code user}, in order ({@link DemoAttributes}); {@code scope} may be null. */
    static List<IssuedAttribute> issuedAttributes(DirectoryUser user, String scope) {
        List<IssuedAttribute> attributes = new ArrayList<>();
        attributes.add(new IssuedAttribute(DemoAttributes.UID, "uid", DemoAttributes.NAME_FORMAT_URI,
                List.of(user.uid())));
        if (user.mail() != null) {
            attributes.add(new IssuedAttribute(DemoAttributes.MAIL, "mail", DemoAttributes.NAME_FORMAT_URI,
                    List.of(user.mail())));
        }
        if (user.commonName() != null) {
            attributes.add(new IssuedAttribute(DemoAttributes.CN, "cn", DemoAttributes.NAME_FORMAT_URI,
                    List.of(user.commonName())));
        }
        if (!user.groups().isEmpty()) {
            attributes.add(new IssuedAttribute(DemoAttributes.GROUPS, DemoAttributes.GROUPS,
                    DemoAttributes.NAME_FORMAT_BASIC, user.groups()));
        }
        if (scope != null) {
            attributes.add(new IssuedAttribute(DemoAttributes.EPPN, "eduPersonPrincipalName",
                    DemoAttributes.NAME_FORMAT_URI, List.of(user.uid() + "@" + scope)));
            attributes.add(new IssuedAttribute(DemoAttributes.EPSA, "eduPersonScopedAffiliation",
                    DemoAttributes.NAME_FORMAT_URI, List.of("member@" + scope)));
        }
        return attributes;
    }

    private static void add(AttributeStatement statement, String name, String friendlyName, String nameFormat,
            List<String> values) {
        Attribute attribute = build(Attribute.DEFAULT_ELEMENT_NAME);
        attribute.setName(name);
        attribute.setFriendlyName(friendlyName);
        attribute.setNameFormat(nameFormat);
        for (String value : values) {
            // Built by the xs:string type's builder: the element-name lookup would give a plain AttributeValue.
            XSString xml = (XSString) XMLObjectSupport.getBuilder(XSString.TYPE_NAME)
                    .buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
            xml.setValue(value);
            attribute.getAttributeValues().add(xml);
        }
        statement.getAttributes().add(attribute);
    }
}
