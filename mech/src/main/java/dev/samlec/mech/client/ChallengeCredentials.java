package dev.samlec.mech.client;

import dev.samlec.mech.EcpException;

/**
 * Supplies the user's credentials for the chosen IdP only once a service provider actually sends an ECP challenge,
 * so that a command line asks for a password only when a login happens (a session cookie may make it needless).
 */
@FunctionalInterface
public interface ChallengeCredentials {
    /**
     * The HTTP Basic credentials (or {@link IdpCredentials#none()}) to send to {@code idp} for this login; a TLS
     * client certificate must be configured on the endpoint itself.
     *
     * @throws EcpException if the credentials cannot be had ({@code CREDENTIALS_UNAVAILABLE})
     */
    IdpCredentials credentialsFor(IdpEndpoint idp) throws EcpException;
}
