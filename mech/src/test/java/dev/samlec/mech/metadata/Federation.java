package dev.samlec.mech.metadata;

import dev.samlec.mech.SigningKey;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signed federation aggregates for the refresh and MDQ tests: IdPs by entityID with their signing certificates, a
 * {@code validUntil} and {@code cacheDuration} on the root, signed with the test federation key
 * ({@code test-signer}); {@link #other()} signs with a key the federation does not use.
 */
final class Federation {
    private final Map<String, X509Certificate> idps = new LinkedHashMap<>();
    private Instant validUntil;
    private Duration cacheDuration;

    static X509Certificate signerCertificate() throws Exception {
        return MetadataFixtures.certificate("test-signer.crt");
    }

    static SigningKey signer() throws Exception {
        return new SigningKey(MetadataFixtures.privateKey("test-signer.key"), signerCertificate());
    }

    static SigningKey other() throws Exception {
        return new SigningKey(MetadataFixtures.privateKey("test-other.key"),
                MetadataFixtures.certificate("test-other.crt"));
    }

    Federation idp(String entityId, X509Certificate signing) {
        idps.put(entityId, signing);
        return this;
    }

    Federation validUntil(Instant value) {
        this.validUntil = value;
        return this;
    }

    Federation cacheDuration(Duration value) {
        this.cacheDuration = value;
        return this;
    }

    /** The aggregate's XML, unsigned. */
    String xml() {
        List<String> entities = new ArrayList<>();
        idps.forEach((id, cert) -> entities.add(MetadataFixtures.simpleIdp(id, "idp" + entities.size()
                + ".example.org", cert)));
        String attributes = (validUntil == null ? "" : " validUntil=\"" + validUntil + "\"")
                + (cacheDuration == null ? "" : " cacheDuration=\"" + cacheDuration + "\"");
        return MetadataFixtures.aggregate(attributes, entities.toArray(new String[0]));
    }

    /** The aggregate signed by the federation. */
    byte[] signed() throws Exception {
        return signedBy(signer());
    }

    byte[] signedBy(SigningKey key) throws Exception {
        return signedBy(key.privateKey(), key.certificate());
    }

    private byte[] signedBy(PrivateKey key, X509Certificate certificate) throws Exception {
        return MetadataSigning.signRsaSha256(MetadataFixtures.utf8(xml()), key, certificate);
    }

    /** One IdP's EntityDescriptor on its own (an MDQ answer), with the given lifetimes, signed by {@code key}. */
    static byte[] entity(String entityId, X509Certificate signing, Instant validUntil, Duration cacheDuration,
            SigningKey key) throws Exception {
        String attributes = (validUntil == null ? "" : " validUntil=\"" + validUntil + "\"")
                + (cacheDuration == null ? "" : " cacheDuration=\"" + cacheDuration + "\"");
        String xml = MetadataFixtures.idp(entityId, attributes, "", MetadataFixtures.keyDescriptor("signing", signing)
                + MetadataFixtures.sso(MetadataFixtures.SOAP, "https://idp.example.org/idp/profile/SAML2/SOAP/ECP"));
        return MetadataSigning.signWithoutValidUntil(MetadataFixtures.utf8(xml), key.privateKey(), key.certificate());
    }

    /** {@link #entity} carrying the entity attribute {@code name=value} ({@code mdattr:EntityAttributes}). */
    static byte[] entityWithAttribute(String entityId, X509Certificate signing, Instant validUntil, String name,
            String value, SigningKey key) throws Exception {
        String extensions = "<md:Extensions><mdattr:EntityAttributes xmlns:mdattr=\"urn:oasis:names:tc:SAML:metadata:"
                + "attribute\"><saml:Attribute xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" Name=\"" + name
                + "\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:uri\"><saml:AttributeValue>" + value
                + "</saml:AttributeValue></saml:Attribute></mdattr:EntityAttributes></md:Extensions>";
        String xml = MetadataFixtures.idp(entityId, " validUntil=\"" + validUntil + "\"", "",
                MetadataFixtures.keyDescriptor("signing", signing) + MetadataFixtures.sso(MetadataFixtures.SOAP,
                        "https://idp.example.org/idp/profile/SAML2/SOAP/ECP"))
                .replaceFirst("><md:IDPSSODescriptor", ">" + extensions + "<md:IDPSSODescriptor");
        return MetadataSigning.signRsaSha256(MetadataFixtures.utf8(xml), key.privateKey(), key.certificate());
    }
}
