package dev.samlec.examples.standalone;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

/**
 * What {@link SamlLdapServer} needs, usually read from a properties file ({@link #read(Path)}):
 * <pre>
 * suffix=dc=example,dc=org
 * ldif=/etc/samlec-ldap/people.ldif
 * peopleDn=ou=people,dc=example,dc=org
 * host=0.0.0.0
 * port=389
 * serviceEntityId=https://ldap.example.org/samlec
 * serviceName=ldap@ldap.example.org
 * idpMetadata=/etc/samlec-ldap/idp-metadata.xml
 * # optional: sign AuthnRequests (needed for SAML20EC-PLUS and mutual authentication)
 * signingKey=/etc/samlec-ldap/ldap-signing.key
 * signingCertificate=/etc/samlec-ldap/ldap-signing.crt
 * # optional: an LDAPS listener
 * ldapsPort=636
 * ldapsKeyStore=/etc/samlec-ldap/ldap.p12
 * ldapsKeyStorePassword=changeit
 * workDirectory=/var/lib/samlec-ldap
 * </pre>
 * Port 0 picks a free port. Paths are resolved against the properties file's directory.
 *
 * @param suffix the directory's one data partition, e.g. {@code dc=example,dc=org}
 * @param ldif the entries to load at start-up (the suffix entry first)
 * @param peopleDn where the users live: a SAML NameID {@code alice} binds as {@code uid=alice,<peopleDn>}
 * @param host the address to listen on
 * @param port the LDAP port
 * @param serviceEntityId the service's SAML entity ID, registered at the IdP
 * @param serviceName the SAML20EC service name (the ACS registered at the IdP): {@code ldap@} and the host name
 *     clients connect to
 * @param idpMetadata the IdP's SAML metadata file
 * @param signingKey optional ({@code null}) PEM PKCS#8 key signing AuthnRequests
 * @param signingCertificate its PEM certificate, {@code null} exactly when the key is
 * @param ldapsPort the LDAPS port, or {@code null} for no LDAPS listener
 * @param ldapsKeyStore the PKCS#12 key store holding the LDAPS server certificate ({@code null} without LDAPS)
 * @param ldapsKeyStorePassword its password
 * @param workDirectory ApacheDS's instance directory
 */
public record LdapServerSettings(String suffix, Path ldif, String peopleDn, String host, int port,
        String serviceEntityId, String serviceName, Path idpMetadata, Path signingKey, Path signingCertificate,
        Integer ldapsPort, Path ldapsKeyStore, String ldapsKeyStorePassword, Path workDirectory) {

    /** Checks that the required settings are present and optional ones come in pairs. */
    public LdapServerSettings {
        Objects.requireNonNull(suffix, "suffix");
        Objects.requireNonNull(ldif, "ldif");
        Objects.requireNonNull(peopleDn, "peopleDn");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(serviceEntityId, "serviceEntityId");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(idpMetadata, "idpMetadata");
        Objects.requireNonNull(workDirectory, "workDirectory");
        if ((signingKey == null) != (signingCertificate == null)) {
            throw new IllegalArgumentException("signingKey and signingCertificate go together");
        }
        if ((ldapsPort == null) != (ldapsKeyStore == null)) {
            throw new IllegalArgumentException("ldapsPort and ldapsKeyStore go together");
        }
    }

    /** The settings in a properties file (keys as the record's components). */
    public static LdapServerSettings read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        Path base = file.toAbsolutePath().getParent();
        String ldapsPort = p.getProperty("ldapsPort");
        return new LdapServerSettings(required(p, "suffix"), path(base, required(p, "ldif")),
                required(p, "peopleDn"), p.getProperty("host", "127.0.0.1"),
                Integer.parseInt(p.getProperty("port", "389")), required(p, "serviceEntityId"),
                required(p, "serviceName"), path(base, required(p, "idpMetadata")),
                path(base, p.getProperty("signingKey")), path(base, p.getProperty("signingCertificate")),
                ldapsPort == null ? null : Integer.valueOf(ldapsPort), path(base, p.getProperty("ldapsKeyStore")),
                p.getProperty("ldapsKeyStorePassword"), path(base, required(p, "workDirectory")));
    }

    private static String required(Properties p, String key) throws IOException {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IOException("property " + key + " is missing");
        }
        return value.trim();
    }

    private static Path path(Path base, String value) {
        return value == null || value.isBlank() ? null : base.resolve(value.trim());
    }
}
