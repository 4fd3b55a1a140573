/**
 * Code to copy into your own application: an ApacheDS LDAP server built from scratch that accepts SAML20EC binds
 * ({@link dev.samlec.examples.standalone.SamlLdapServer}), the service's samlec acceptor read from files
 * ({@link dev.samlec.examples.standalone.AcceptorFiles}), and the JNDI client side
 * ({@link dev.samlec.examples.standalone.JndiSaml20EcBind}).
 *
 * <p>Nothing here depends on samlec's testkit (the demo IdP and demo directory): only on {@code samlec-apacheds}
 * (server), {@code samlec-sasl-provider} (client) and ApacheDS / the JDK. {@code StandaloneSourcesTest} fails if a
 * file in this package names the testkit package. The demo harnesses that feed these classes a demo IdP
 * live one package up ({@code dev.samlec.examples}).
 */
package dev.samlec.examples.standalone;
