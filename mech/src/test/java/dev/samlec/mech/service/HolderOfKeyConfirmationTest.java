package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestSamlObjects.ACS;
import static dev.samlec.mech.testing.TestSamlObjects.NOW;
import static dev.samlec.mech.testing.TestSamlObjects.REQUEST_ID;
import static dev.samlec.mech.testing.TestSamlObjects.create;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.function.Consumer;
import net.shibboleth.utilities.java.support.codec.EncodingException;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.KeyInfoConfirmationDataType;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.opensaml.xmlsec.signature.KeyName;

/**
 * attacks.md PROTO-8 and the SAML V2.0 Holder-of-Key Assertion Profile: a holder-of-key confirmation passes only when
 * its KeyInfo (X509Certificate or KeyValue) names the key of the connection's TLS client certificate, only on a
 * service that accepts holder-of-key, and never by borrowing fields of another confirmation. Real signatures; the
 * "client certificate" is the SP signing test certificate, the "other key" the attacker's.
 */
class HolderOfKeyConfirmationTest {
    private static final SigningKey CLIENT = TestCredentials.spSigning();
    private static final SigningKey OTHER = TestCredentials.attacker();

    private static ServiceFixture service(ConfirmationMethods methods) {
        return new ServiceFixture().configure(b -> b.confirmationMethods(methods));
    }

    private static ValidationContext over(X509Certificate clientCertificate) {
        return ValidationContext.expect(REQUEST_ID).withClientCertificate(clientCertificate);
    }

    private static byte[] holderOfKey(Consumer<SubjectConfirmationData> keyInfo) {
        return TestSamlObjects.signedAssertion().assertion(a -> a.method(SubjectConfirmation.METHOD_HOLDER_OF_KEY)
                .customize(x -> keyInfo.accept(first(x).getSubjectConfirmationData()))).bytes();
    }

    private static SubjectConfirmation first(Assertion assertion) {
        return assertion.getSubject().getSubjectConfirmations().get(0);
    }

    private static Consumer<SubjectConfirmationData> certificateOf(SigningKey key) {
        return data -> data.getUnknownXMLObjects().add(keyInfo(info -> {
            try {
                KeyInfoSupport.addCertificate(info, key.certificate());
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    private static Consumer<SubjectConfirmationData> keyValueOf(SigningKey key) {
        return data -> data.getUnknownXMLObjects().add(keyInfo(info -> {
            try {
                KeyInfoSupport.addPublicKey(info, key.certificate().getPublicKey());
            } catch (EncodingException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    private static KeyInfo keyInfo(Consumer<KeyInfo> fill) {
        KeyInfo info = create(KeyInfo.DEFAULT_ELEMENT_NAME);
        fill.accept(info);
        return info;
    }

    @Test
    void validateWhenX509CertificateMatchesClientCertificateThenPasses() throws Exception {
        byte[] xml = holderOfKey(certificateOf(CLIENT));

        assertThat(service(ConfirmationMethods.HOLDER_OF_KEY).validate(xml, over(CLIENT.certificate())).nameId()
                .value()).isNotEmpty();
    }

    @Test
    void validateWhenKeyValueMatchesClientCertificateThenPasses() throws Exception {
        byte[] xml = holderOfKey(keyValueOf(CLIENT));

        assertThat(service(ConfirmationMethods.HOLDER_OF_KEY).validate(xml, over(CLIENT.certificate()))).isNotNull();
    }

    @Test
    void validateWhenKeyInfoConfirmationDataTypeThenPasses() throws Exception {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.method(SubjectConfirmation.METHOD_HOLDER_OF_KEY)
                .customize(x -> {
                    SubjectConfirmationData plain = first(x).getSubjectConfirmationData();
                    KeyInfoConfirmationDataType typed = (KeyInfoConfirmationDataType) XMLObjectSupport
                            .getBuilder(KeyInfoConfirmationDataType.TYPE_NAME)
                            .buildObject(SubjectConfirmationData.DEFAULT_ELEMENT_NAME,
                                    KeyInfoConfirmationDataType.TYPE_NAME);
                    typed.setRecipient(plain.getRecipient());
                    typed.setNotOnOrAfter(plain.getNotOnOrAfter());
                    typed.setInResponseTo(plain.getInResponseTo());
                    certificateOf(CLIENT).accept(typed);
                    first(x).setSubjectConfirmationData(typed);
                })).bytes();

        assertThat(service(ConfirmationMethods.HOLDER_OF_KEY).validate(xml, over(CLIENT.certificate()))).isNotNull();
    }

    @Test
    void validateWhenNoClientCertificateThenInvalidSubjectConfirmationNamingHolderOfKey() {
        byte[] xml = holderOfKey(certificateOf(CLIENT));

        assertThat(assertError(EcpError.INVALID_SUBJECT_CONFIRMATION,
                () -> service(ConfirmationMethods.HOLDER_OF_KEY).validate(xml)).getMessage())
                .contains("holder-of-key: the connection presented no TLS client certificate")
                .containsPattern("sha256:[0-9a-f]{16}");
    }

    @Test
    void validateWhenOtherKeyThenInvalidSubjectConfirmationWithFingerprints() {
        byte[] xml = holderOfKey(certificateOf(CLIENT));

        assertThat(assertError(EcpError.INVALID_SUBJECT_CONFIRMATION,
                () -> service(ConfirmationMethods.HOLDER_OF_KEY).validate(xml, over(OTHER.certificate())))
                .getMessage()).contains("holder-of-key: the TLS client certificate's key sha256:")
                .contains("is not the key the assertion is bound to");
    }

    @Test
    void validateWhenKeyValueOfOtherKeyThenInvalidSubjectConfirmation() {
        byte[] xml = holderOfKey(keyValueOf(OTHER));

        assertError(EcpError.INVALID_SUBJECT_CONFIRMATION,
                () -> service(ConfirmationMethods.HOLDER_OF_KEY).validate(xml, over(CLIENT.certificate())));
    }

    @Test
    void validateWhenNoKeyInfoThenInvalidSubjectConfirmation() {
        byte[] xml = holderOfKey(data -> { });

        assertThat(assertError(EcpError.INVALID_SUBJECT_CONFIRMATION,
                () -> service(ConfirmationMethods.HOLDER_OF_KEY).validate(xml, over(CLIENT.certificate())))
                .getMessage()).contains("holder-of-key: SubjectConfirmationData has no ds:KeyInfo");
    }

    @Test
    void validateWhenKeyInfoHasOnlyKeyNameThenInvalidSubjectConfirmation() {
        byte[] xml = holderOfKey(data -> data.getUnknownXMLObjects().add(keyInfo(info -> {
            KeyName name = create(KeyName.DEFAULT_ELEMENT_NAME);
            name.setValue("client");
            info.getKeyNames().add(name);
        })));

        assertThat(assertError(EcpError.INVALID_SUBJECT_CONFIRMATION,
                () -> service(ConfirmationMethods.HOLDER_OF_KEY).validate(xml, over(CLIENT.certificate())))
                .getMessage()).contains("no ds:KeyInfo holds a readable");
    }

    @Test
    void validateWhenBearerOnlyServiceGetsMatchingHolderOfKeyThenInvalidSubjectConfirmation() {
        byte[] xml = holderOfKey(certificateOf(CLIENT));

        assertThat(assertError(EcpError.INVALID_SUBJECT_CONFIRMATION,
                () -> service(ConfirmationMethods.BEARER).validate(xml, over(CLIENT.certificate()))).getMessage())
                .contains("saw '" + SubjectConfirmation.METHOD_HOLDER_OF_KEY + "' (this service accepts bearer only)");
    }

    @Test
    void validateWhenHolderOfKeyOnlyServiceGetsBearerThenInvalidSubjectConfirmation() {
        byte[] xml = TestSamlObjects.signedAssertion().bytes();

        assertThat(assertError(EcpError.INVALID_SUBJECT_CONFIRMATION,
                () -> service(ConfirmationMethods.HOLDER_OF_KEY).validate(xml, over(CLIENT.certificate())))
                .getMessage()).contains("(this service accepts holder-of-key only)");
    }

    @Test
    void validateWhenBothAcceptedThenBearerAndMatchingHolderOfKeyPass() throws Exception {
        assertThat(service(ConfirmationMethods.BEARER_OR_HOLDER_OF_KEY)
                .validate(TestSamlObjects.signedAssertion().bytes())).isNotNull();
        assertThat(service(ConfirmationMethods.BEARER_OR_HOLDER_OF_KEY)
                .validate(holderOfKey(certificateOf(CLIENT)), over(CLIENT.certificate()))).isNotNull();
    }

    /** A valid bearer confirmation plus a holder-of-key one on a holder-of-key-only service: nothing is mixed. */
    @Test
    void validateWhenValidBearerAndHolderOfKeyWithWrongRecipientThenNotMixed() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.customize(x -> {
            SubjectConfirmation hok = create(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
            hok.setMethod(SubjectConfirmation.METHOD_HOLDER_OF_KEY);
            SubjectConfirmationData data = create(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
            data.setRecipient("https://evil.example/acs");
            data.setNotOnOrAfter(NOW.plus(Duration.ofMinutes(5)));
            data.setInResponseTo(REQUEST_ID);
            certificateOf(CLIENT).accept(data);
            hok.setSubjectConfirmationData(data);
            x.getSubject().getSubjectConfirmations().add(hok);
        })).bytes();

        String message = assertError(EcpError.INVALID_SUBJECT_CONFIRMATION,
                () -> service(ConfirmationMethods.HOLDER_OF_KEY).validate(xml, over(CLIENT.certificate())))
                .getMessage();
        assertThat(message).contains("#1 Method").contains("#2 Recipient: expected '" + ACS + "'");
    }

    /** A valid bearer confirmation and a bogus holder-of-key one: the bearer one passes, alone. */
    @Test
    void validateWhenValidBearerAndBogusHolderOfKeyThenBearerPassesAlone() throws Exception {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.customize(x -> {
            SubjectConfirmation hok = create(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
            hok.setMethod(SubjectConfirmation.METHOD_HOLDER_OF_KEY);
            x.getSubject().getSubjectConfirmations().add(0, hok);
        })).bytes();

        assertThat(service(ConfirmationMethods.BEARER_OR_HOLDER_OF_KEY).validate(xml, over(OTHER.certificate())))
                .isNotNull();
    }

    @Test
    void validateWhenHolderOfKeyNotBeforeInFutureThenInvalidSubjectConfirmation() {
        byte[] xml = holderOfKey(certificateOf(CLIENT).andThen(d -> d.setNotBefore(NOW.plus(Duration.ofMinutes(10)))));

        assertThat(assertError(EcpError.INVALID_SUBJECT_CONFIRMATION,
                () -> service(ConfirmationMethods.HOLDER_OF_KEY).validate(xml, over(CLIENT.certificate())))
                .getMessage()).contains("holder-of-key confirmation is valid only from");
    }
}
