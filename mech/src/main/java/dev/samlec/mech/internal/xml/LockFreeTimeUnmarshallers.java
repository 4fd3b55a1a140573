package dev.samlec.mech.internal.xml;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import javax.xml.namespace.QName;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistry;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.RequestAbstractType;
import org.opensaml.saml.saml2.core.StatusResponseType;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.saml.saml2.core.impl.AssertionUnmarshaller;
import org.opensaml.saml.saml2.core.impl.AuthnRequestUnmarshaller;
import org.opensaml.saml.saml2.core.impl.AuthnStatementUnmarshaller;
import org.opensaml.saml.saml2.core.impl.ConditionsUnmarshaller;
import org.opensaml.saml.saml2.core.impl.ResponseUnmarshaller;
import org.opensaml.saml.saml2.core.impl.SubjectConfirmationDataUnmarshaller;
import org.w3c.dom.Attr;

/**
 * OpenSAML's unmarshallers of the SAML 2.0 elements every login carries (Response, AuthnRequest, Assertion,
 * Conditions, SubjectConfirmationData, AuthnStatement), reading their time attributes with {@link XsDateTime} and
 * everything else, including any time value of another shape, exactly as OpenSAML does. {@link #replaceIn} puts them
 * in place of OpenSAML's under every name OpenSAML registered those classes for.
 */
final class LockFreeTimeUnmarshallers {
    private static final Map<Class<?>, Supplier<Unmarshaller>> REPLACEMENTS = Map.of(
            ResponseUnmarshaller.class, ResponseTimes::new,
            AuthnRequestUnmarshaller.class, AuthnRequestTimes::new,
            AssertionUnmarshaller.class, AssertionTimes::new,
            ConditionsUnmarshaller.class, ConditionsTimes::new,
            SubjectConfirmationDataUnmarshaller.class, SubjectConfirmationDataTimes::new,
            AuthnStatementUnmarshaller.class, AuthnStatementTimes::new);

    private LockFreeTimeUnmarshallers() {
    }

    /** Replaces each unmarshaller of exactly one of OpenSAML's classes above; returns how many names it replaced. */
    static int replaceIn(XMLObjectProviderRegistry registry) {
        int replaced = 0;
        for (Map.Entry<QName, Unmarshaller> entry : registry.getUnmarshallerFactory().getUnmarshallers().entrySet()) {
            Supplier<Unmarshaller> replacement = REPLACEMENTS.get(entry.getValue().getClass());
            if (replacement != null) {
                registry.getUnmarshallerFactory().registerUnmarshaller(entry.getKey(), replacement.get());
                replaced++;
            }
        }
        return replaced;
    }

    /** The instant of an unqualified attribute named {@code name} in the common shape, else {@code null}. */
    static Instant time(Attr attribute, String name) {
        if (attribute.getNamespaceURI() != null || !name.equals(attribute.getLocalName())) {
            return null;
        }
        return XsDateTime.parseCommon(attribute.getValue());
    }

    static final class ResponseTimes extends ResponseUnmarshaller {
        @Override
        protected void processAttribute(XMLObject object, Attr attribute) throws UnmarshallingException {
            Instant issued = time(attribute, StatusResponseType.ISSUE_INSTANT_ATTRIB_NAME);
            if (issued != null) {
                ((StatusResponseType) object).setIssueInstant(issued);
            } else {
                super.processAttribute(object, attribute);
            }
        }
    }

    static final class AuthnRequestTimes extends AuthnRequestUnmarshaller {
        @Override
        protected void processAttribute(XMLObject object, Attr attribute) throws UnmarshallingException {
            Instant issued = time(attribute, RequestAbstractType.ISSUE_INSTANT_ATTRIB_NAME);
            if (issued != null) {
                ((RequestAbstractType) object).setIssueInstant(issued);
            } else {
                super.processAttribute(object, attribute);
            }
        }
    }

    static final class AssertionTimes extends AssertionUnmarshaller {
        @Override
        protected void processAttribute(XMLObject object, Attr attribute) throws UnmarshallingException {
            Instant issued = time(attribute, Assertion.ISSUE_INSTANT_ATTRIB_NAME);
            if (issued != null) {
                ((Assertion) object).setIssueInstant(issued);
            } else {
                super.processAttribute(object, attribute);
            }
        }
    }

    static final class ConditionsTimes extends ConditionsUnmarshaller {
        @Override
        protected void processAttribute(XMLObject object, Attr attribute) throws UnmarshallingException {
            Instant notBefore = time(attribute, Conditions.NOT_BEFORE_ATTRIB_NAME);
            Instant notOnOrAfter = notBefore == null ? time(attribute, Conditions.NOT_ON_OR_AFTER_ATTRIB_NAME) : null;
            if (notBefore != null) {
                ((Conditions) object).setNotBefore(notBefore);
            } else if (notOnOrAfter != null) {
                ((Conditions) object).setNotOnOrAfter(notOnOrAfter);
            } else {
                super.processAttribute(object, attribute);
            }
        }
    }

    static final class SubjectConfirmationDataTimes extends SubjectConfirmationDataUnmarshaller {
        @Override
        protected void processAttribute(XMLObject object, Attr attribute) throws UnmarshallingException {
            Instant notBefore = time(attribute, SubjectConfirmationData.NOT_BEFORE_ATTRIB_NAME);
            Instant notOnOrAfter = notBefore == null
                    ? time(attribute, SubjectConfirmationData.NOT_ON_OR_AFTER_ATTRIB_NAME) : null;
            if (notBefore != null) {
                ((SubjectConfirmationData) object).setNotBefore(notBefore);
            } else if (notOnOrAfter != null) {
                ((SubjectConfirmationData) object).setNotOnOrAfter(notOnOrAfter);
            } else {
                super.processAttribute(object, attribute);
            }
        }
    }

    static final class AuthnStatementTimes extends AuthnStatementUnmarshaller {
        @Override
        protected void processAttribute(XMLObject object, Attr attribute) throws UnmarshallingException {
            Instant instant = time(attribute, AuthnStatement.AUTHN_INSTANT_ATTRIB_NAME);
            Instant sessionEnd = instant == null
                    ? time(attribute, AuthnStatement.SESSION_NOT_ON_OR_AFTER_ATTRIB_NAME) : null;
            if (instant != null) {
                ((AuthnStatement) object).setAuthnInstant(instant);
            } else if (sessionEnd != null) {
                ((AuthnStatement) object).setSessionNotOnOrAfter(sessionEnd);
            } else {
                super.processAttribute(object, attribute);
            }
        }
    }
}
