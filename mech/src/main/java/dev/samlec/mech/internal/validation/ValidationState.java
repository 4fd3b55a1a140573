package dev.samlec.mech.internal.validation;

import dev.samlec.mech.GeneratedKeyMaterial;
import dev.samlec.mech.NameId;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.service.TrustedIdp;
import dev.samlec.mech.service.ValidationContext;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.w3c.dom.Document;

/**
 * What the pipeline learned so far about one Response. Each step reads what earlier steps established and adds its
 * own result; nothing here is trusted before the step that establishes it has run. Not thread-safe (one per call).
 */
public final class ValidationState {
    private final ValidationContext context;
    private final Instant now;
    private final byte[] input;
    private Document document;
    private Response response;
    private Assertion assertion;
    private boolean encrypted;
    private Set<String> outerIds = Set.of();
    private String responseSignedBy;
    private String assertionSignedBy;
    private String issuer;
    private TrustedIdp trustedIdp;
    private String inResponseTo;
    private SubjectConfirmation confirmation;
    private NameId nameId;
    private SamlIdentity identity;
    private GeneratedKeyMaterial generatedKey;

    private ValidationState(ValidationContext context, Instant now, byte[] input, Document document) {
        this.context = Objects.requireNonNull(context, "context");
        this.now = Objects.requireNonNull(now, "now");
        this.input = input;
        this.document = document;
    }

    /** State for the bytes of a standalone samlp:Response; the time of the whole validation is {@code now}. */
    public static ValidationState ofBytes(byte[] samlResponse, ValidationContext context, Instant now) {
        return new ValidationState(context, now, Objects.requireNonNull(samlResponse, "samlResponse").clone(), null);
    }

    /** State for a document already parsed by SecureXmlParser, whose root is the samlp:Response. */
    public static ValidationState ofDocument(Document document, ValidationContext context, Instant now) {
        return new ValidationState(context, now, null, Objects.requireNonNull(document, "document"));
    }

    /** The validated identity, once every step has run. */
    public SamlIdentity identity() {
        if (identity == null) {
            throw new IllegalStateException("validation has not completed");
        }
        return identity;
    }

    ValidationContext context() {
        return context;
    }

    Instant now() {
        return now;
    }

    byte[] input() {
        return input;
    }

    Document document() {
        return document;
    }

    void document(Document value) {
        this.document = value;
    }

    Response response() {
        return response;
    }

    void response(Response value) {
        this.response = value;
    }

    /** The one assertion in use: the top-level plain one, or the decrypted one after the signature step. */
    Assertion assertion() {
        return assertion;
    }

    void assertion(Assertion value) {
        this.assertion = value;
    }

    boolean encrypted() {
        return encrypted;
    }

    void encrypted(boolean value) {
        this.encrypted = value;
    }

    /** Every ID value of the outer document, to detect clashes with the decrypted assertion. */
    Set<String> outerIds() {
        return outerIds;
    }

    void outerIds(Set<String> value) {
        this.outerIds = Set.copyOf(value);
    }

    /** The entityID whose configured key verified the Response signature, or null. */
    String responseSignedBy() {
        return responseSignedBy;
    }

    void responseSignedBy(String value) {
        this.responseSignedBy = value;
    }

    /** The entityID whose configured key verified the assertion's own signature, or null. */
    String assertionSignedBy() {
        return assertionSignedBy;
    }

    void assertionSignedBy(String value) {
        this.assertionSignedBy = value;
    }

    /** The IdP entityID established by the issuer step. */
    String issuer() {
        return issuer;
    }

    void issuer(String value) {
        this.issuer = value;
    }

    /** The trusted IdP (keys, scopes) the issuer step resolved. */
    TrustedIdp trustedIdp() {
        return trustedIdp;
    }

    void trustedIdp(TrustedIdp value) {
        this.trustedIdp = value;
    }

    /** The request ID the Response answers (null only when unchecked and absent). */
    String inResponseTo() {
        return inResponseTo;
    }

    void inResponseTo(String value) {
        this.inResponseTo = value;
    }

    /** The one bearer confirmation that passed every check. */
    SubjectConfirmation confirmation() {
        return confirmation;
    }

    void confirmation(SubjectConfirmation value) {
        this.confirmation = value;
    }

    NameId nameId() {
        return nameId;
    }

    void nameId(NameId value) {
        this.nameId = value;
    }

    /** The assertion's {@code samlec:GeneratedKey}, once {@link GeneratedKeyStep} has run; null if none. */
    GeneratedKeyMaterial generatedKey() {
        return generatedKey;
    }

    void generatedKey(GeneratedKeyMaterial value) {
        this.generatedKey = value;
    }

    void identity(SamlIdentity value) {
        this.identity = value;
    }
}
