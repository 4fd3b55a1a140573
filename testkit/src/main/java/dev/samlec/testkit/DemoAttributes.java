package dev.samlec.testkit;

/**
 * The SAML names the demo IdP uses in its assertions.
 *
 * <p>Attributes use the standard {@code urn:oid} names with {@code NameFormat} {@value #NAME_FORMAT_URI} and the
 * usual FriendlyName, except group membership: the directory's group names (cn) are sent as a multi-valued attribute
 * named plainly {@value #GROUPS} ({@code NameFormat} {@value #NAME_FORMAT_BASIC}, FriendlyName {@value #GROUPS}).
 * (Federations would use {@code isMemberOf}, urn:oid:1.3.6.1.4.1.5923.1.5.1.1; a plain name keeps the demo readable.)
 * An attribute the user has no value for is left out (carol has no {@code groups} attribute).
 *
 * <p>The NameID is the user's uid with Format {@value #NAMEID_UNSPECIFIED}, or the mail address with Format
 * {@value #NAMEID_EMAIL} when the AuthnRequest's NameIDPolicy asks for that format.
 */
public final class DemoAttributes {
    /** {@code uid} (FriendlyName uid). */
    public static final String UID = "urn:oid:0.9.2342.19200300.100.1.1";
    /** {@code mail} (FriendlyName mail). */
    public static final String MAIL = "urn:oid:0.9.2342.19200300.100.1.3";
    /** {@code cn} (FriendlyName cn). */
    public static final String CN = "urn:oid:2.5.4.3";
    /** Group names (multi-valued), Name and FriendlyName both {@code groups}. */
    public static final String GROUPS = "groups";
    /** {@code eduPersonPrincipalName} ({@code uid@scope}), issued only by an IdP built with a scope. */
    public static final String EPPN = "urn:oid:1.3.6.1.4.1.5923.1.1.1.6";
    /** {@code eduPersonScopedAffiliation} ({@code member@scope}), issued only by an IdP built with a scope. */
    public static final String EPSA = "urn:oid:1.3.6.1.4.1.5923.1.1.1.9";
    /** NameFormat of the urn:oid attributes. */
    public static final String NAME_FORMAT_URI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri";
    /** NameFormat of the {@code groups} attribute. */
    public static final String NAME_FORMAT_BASIC = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic";
    /** The default NameID Format (value: the uid). */
    public static final String NAMEID_UNSPECIFIED = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
    /** The NameID Format used when requested (value: the mail address). */
    public static final String NAMEID_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
    /** The AuthnContextClassRef of a login with a password over HTTP Basic. */
    public static final String PASSWORD_PROTECTED_TRANSPORT =
            "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
    /** The AuthnContextClassRef of a login with a TLS client certificate. */
    public static final String TLS_CLIENT = "urn:oasis:names:tc:SAML:2.0:ac:classes:TLSClient";
    /** The AuthnContextClassRef of a login with Kerberos over HTTP Negotiate. */
    public static final String KERBEROS = "urn:oasis:names:tc:SAML:2.0:ac:classes:Kerberos";

    private DemoAttributes() {
    }
}
