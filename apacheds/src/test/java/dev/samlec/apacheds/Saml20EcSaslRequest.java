package dev.samlec.apacheds;

import dev.samlec.sasl.SamlecSasl;
import org.apache.directory.ldap.client.api.AbstractSaslRequest;

/** A SAML20EC bind for the Apache Directory LDAP API's {@code LdapNetworkConnection.bind(SaslRequest)}. */
final class Saml20EcSaslRequest extends AbstractSaslRequest {
    Saml20EcSaslRequest() {
        super(SamlecSasl.SAML20EC);
    }
}
