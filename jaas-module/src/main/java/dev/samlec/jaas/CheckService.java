package dev.samlec.jaas;

import java.util.Objects;

/**
 * The service the login-time credential check asks the IdP for an assertion to: its SAML entity ID (the
 * AuthnRequest Issuer) and its SAML20EC service name (the AssertionConsumerServiceURL, e.g.
 * {@code kafka@broker.example.org}). The IdP must know this service, as it will for the real logins.
 *
 * @param entityId the service's SAML entity ID
 * @param serviceName the service name / ACS
 */
record CheckService(String entityId, String serviceName) {
    /** Checks both are non-blank. */
    CheckService {
        if (entityId == null || entityId.isBlank() || serviceName == null || serviceName.isBlank()) {
            throw new IllegalArgumentException("the credential check needs a service entity ID and service name");
        }
    }
}
