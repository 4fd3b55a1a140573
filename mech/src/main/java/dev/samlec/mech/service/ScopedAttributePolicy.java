package dev.samlec.mech.service;

/**
 * What the service does with a scoped attribute value ({@code eduPersonPrincipalName},
 * {@code eduPersonScopedAffiliation}, {@code subject-id}, {@code pairwise-id}) whose scope, the text after its last
 * {@code @}, is not one of the issuing IdP's scopes (see {@link TrustedIdp}).
 */
public enum ScopedAttributePolicy {
    /** Drop the value (and the attribute when no value is left), log one line, accept the login (Shibboleth SP's way). */
    DROP,
    /** Refuse the login with {@link dev.samlec.mech.EcpError#ATTRIBUTE_OUT_OF_SCOPE}. */
    REFUSE
}
