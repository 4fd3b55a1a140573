/**
 * The service side of SAML ECP and SAML-EC: issue AuthnRequests ({@link dev.samlec.mech.service.AuthnRequestIssuer})
 * and validate the IdP's Response ({@link dev.samlec.mech.service.ResponseValidator}) into a
 * {@link dev.samlec.mech.SamlIdentity}. {@link dev.samlec.mech.service.SamlServiceProvider} combines both around one
 * {@link dev.samlec.mech.service.RequestTracker}; {@link dev.samlec.mech.service.ServiceProviderSettings} holds the
 * configuration.
 *
 * <p>Documented policy choices: a signed assertion or a signed Response suffices (the assertion used must be covered
 * by one of them); Destination is required on a signed Response and must match whenever present; the request ID is
 * consumed when InResponseTo is checked, so a failed attempt cannot be retried with it; the replay cache fails closed
 * when full; only bearer confirmations are accepted.
 */
package dev.samlec.mech.service;
