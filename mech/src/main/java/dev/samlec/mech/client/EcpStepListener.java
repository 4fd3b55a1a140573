package dev.samlec.mech.client;

/**
 * Told about each step of an ECP exchange, in plain words ("GET https://sp/resource", "IdP chosen: ...", "ACS
 * checked: ..."), for a verbose command line or a demo.
 *
 * <p>Descriptions name URLs, entity IDs, HTTP statuses and SAML status codes only: never passwords, cookies,
 * RelayState values, assertion content or SOAP bodies.
 */
@FunctionalInterface
public interface EcpStepListener {
    /** A listener that ignores every step. */
    EcpStepListener NONE = description -> { };

    /** Called once per step, on the thread running the exchange. */
    void step(String description);
}
