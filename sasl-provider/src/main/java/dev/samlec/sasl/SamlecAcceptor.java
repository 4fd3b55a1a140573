package dev.samlec.sasl;

import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.service.IssueOptions;
import dev.samlec.mech.service.RequestSigningRule;
import dev.samlec.mech.service.SamlServiceProvider;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.sasl.internal.ScopedPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The long-lived state of a service that accepts SAML20EC logins: its SAML settings, and the replay cache that every
 * exchange shares (an assertion accepted on one connection is refused on every other). Create one per service at
 * start-up and give it to each {@code SaslServer} in the property {@link SamlecSasl#ACCEPTOR}. Thread-safe.
 *
 * <p>Each exchange holds its own AuthnRequest ID (single use, expiring after the settings' request lifetime); the
 * settings' shared request tracker is not used by SAML20EC, so however many unauthenticated exchanges are opened,
 * none makes another's login fail. What a half-open exchange costs (one AuthnRequest, a signature when asked for,
 * a few hundred bytes of heap until the connection closes) is bounded by the application's connection limits: see the
 * README ("Floods of unauthenticated exchanges").
 *
 * <p>The settings' AssertionConsumerServiceURL is the service name ({@code ldap@ldap.example.org}, or an
 * absolute URI where the IdP needs one); it is the paos:Request responseConsumerURL, the AuthnRequest's
 * AssertionConsumerServiceURL, and the Destination and Recipient every Response must carry. Requests are signed
 * when they must be (the draft): for {@code SAML20EC-PLUS} (channel binding) and for clients asking for mutual
 * authentication ({@code mut}), which both need a signing key; when the IdP they are addressed to says
 * {@code WantAuthnRequestsSigned="true"} in its metadata ({@link RequestSigningRule}: the IdPs of the IDPList, else
 * those of a trust source that is not {@code federated()}); and with {@link Builder#signEveryRequest(boolean)}, every
 * request is signed, for a federation whose IdPs want signed requests or IdPs that require them without saying so.
 *
 * <pre>{@code
 * SamlecAcceptor acceptor = SamlecAcceptor.builder(ServiceProviderSettings.builder()
 *         .entityId("https://ldap.example.org/saml")
 *         .assertionConsumerServiceUrl("ldap@ldap.example.org")
 *         .idpTrust(IdpTrust.of(idp.entityId(), idp.signingCertificates()))
 *         .signingKey(serviceKey)
 *         .build()).build();
 * }</pre>
 */
public final class SamlecAcceptor {
    private final SamlServiceProvider provider;
    private final List<String> idpList;
    private final List<Integer> sessionKeyEncTypes;
    private final String protocolBinding;
    private final Optional<String> providerName;
    private final Optional<String> principalAttribute;
    private final boolean signEveryRequest;
    private final RequestSigningRule signingRule;
    private final boolean requireSessionKey;
    private final SecureXmlParser parser;

    private SamlecAcceptor(Builder b) {
        this.provider = new SamlServiceProvider(b.settings);
        this.idpList = List.copyOf(b.idpList);
        this.sessionKeyEncTypes = List.copyOf(b.sessionKeyEncTypes);
        this.protocolBinding = b.protocolBinding;
        this.providerName = Optional.ofNullable(b.providerName);
        this.principalAttribute = Optional.ofNullable(b.principalAttribute);
        this.signEveryRequest = b.signEveryRequest;
        this.signingRule = b.signingRule;
        this.requireSessionKey = b.requireSessionKey;
        this.parser = new SecureXmlParser(b.settings.maxResponseBytes());
    }

    /** A builder for a service with these SAML settings. */
    public static Builder builder(ServiceProviderSettings settings) {
        return new Builder(settings);
    }

    /** The service name: the settings' AssertionConsumerServiceURL. */
    public String serviceName() {
        return provider.settings().assertionConsumerServiceUrl();
    }

    /**
     * The issuer and validator with the shared replay cache. SAML20EC exchanges issue with
     * {@link SamlServiceProvider#issueForExchange} and hold their request themselves.
     */
    public SamlServiceProvider provider() {
        return provider;
    }

    /** The IdP entity IDs sent as IDPList (empty: none sent, the client chooses). */
    public List<String> idpList() {
        return idpList;
    }

    /** The RFC 3961 enctypes offered in samlec:SessionKey, in order of preference (empty: none offered). */
    public List<Integer> sessionKeyEncTypes() {
        return sessionKeyEncTypes;
    }

    /** The AuthnRequest ProtocolBinding. */
    public String protocolBinding() {
        return protocolBinding;
    }

    /** The ecp:Request ProviderName, if set. */
    public Optional<String> providerName() {
        return providerName;
    }

    /**
     * The SAML attribute (Name or FriendlyName) whose single value is the authentication ID, if set; otherwise the
     * NameID value is.
     */
    public Optional<String> principalAttribute() {
        return principalAttribute;
    }

    /** Whether every request is signed, also when neither {@code mut} nor channel binding asks for it. */
    public boolean signEveryRequest() {
        return signEveryRequest;
    }

    /**
     * Whether the next request is to be signed although neither {@code mut} nor channel binding asks for it: with
     * {@link #signEveryRequest()}, or when the IdP it is addressed to wants signed requests (answered from the trust
     * source's copy in hand, so refreshed metadata that gains or drops the flag takes effect at once; without a
     * signing key it stays unsigned and a WARN says the IdP will refuse it).
     */
    public boolean signsPlainRequest() {
        return signEveryRequest || signingRule.signNow();
    }

    /**
     * Whether a login must come with a session key: an IdP-generated key in the encrypted assertion's Advice, for
     * an enctype this acceptor offered ({@code session_key_mismatch} otherwise).
     */
    public boolean requireSessionKey() {
        return requireSessionKey;
    }

    /** Whether challenges can be signed (a signing key is configured). */
    public boolean canSign() {
        return provider.settings().signingKey().isPresent();
    }

    /** The parser for client responses (capped at the settings' maxResponseBytes). */
    public SecureXmlParser parser() {
        return parser;
    }

    @Override
    public String toString() {
        return "SamlecAcceptor[" + serviceName() + ", entityId=" + provider.settings().entityId() + ", idps="
                + provider.settings().idpTrust().describe()
                + principalAttribute.map(a -> ", principalAttribute=" + a).orElse("") + "]";
    }

    /** Builds a {@link SamlecAcceptor}. */
    public static final class Builder {
        private final ServiceProviderSettings settings;
        private final List<String> idpList = new ArrayList<>();
        private List<Integer> sessionKeyEncTypes = List.of();
        private String protocolBinding = IssueOptions.BINDING_SAMLEC;
        private String providerName;
        private String principalAttribute;
        private boolean signEveryRequest;
        private boolean requireSessionKey;
        private RequestSigningRule signingRule;

        private Builder(ServiceProviderSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** Sends these IdP entity IDs as the IDPList, so clients pick one of them. */
        public Builder idpList(List<String> entityIds) {
            for (String id : entityIds) {
                if (id == null || id.isBlank()) {
                    throw new IllegalArgumentException("IDPList entries must not be blank");
                }
                idpList.add(id);
            }
            return this;
        }

        /**
         * Offers a samlec:SessionKey with these enctypes, in order of preference (draft section 5.3): the client
         * chooses one whose key length fits the IdP's generated key (17: 16 bytes, 18: 32; an IdP that issues 32
         * bytes, as Shibboleth does, needs 18 offered), and both sides then expose the derived key as
         * {@link SamlecSasl#SESSION_KEY}. Default: none offered.
         */
        public Builder sessionKeyEncTypes(List<Integer> encTypes) {
            for (Integer e : encTypes) {
                if (e == null || e <= 0) {
                    throw new IllegalArgumentException("enctypes are positive RFC 3961 numbers, was " + e);
                }
            }
            this.sessionKeyEncTypes = List.copyOf(encTypes);
            return this;
        }

        /**
         * The AuthnRequest ProtocolBinding: {@link IssueOptions#BINDING_SAMLEC} (default, the draft's
         * recommendation) or {@link IssueOptions#BINDING_PAOS} for IdPs that know only PAOS ACS endpoints.
         */
        public Builder protocolBinding(String value) {
            if (!IssueOptions.BINDING_SAMLEC.equals(value) && !IssueOptions.BINDING_PAOS.equals(value)) {
                throw new IllegalArgumentException("protocolBinding must be the samlec or the PAOS binding, was "
                        + value);
            }
            this.protocolBinding = value;
            return this;
        }

        /** The human-readable name sent as ecp:Request ProviderName. */
        public Builder providerName(String value) {
            this.providerName = value;
            return this;
        }

        /**
         * Names the user by the single value of this SAML attribute (its Name or FriendlyName, such as {@code uid}
         * or {@code urn:oid:0.9.2342.19200300.100.1.1}) instead of the NameID. An assertion without exactly one
         * value of it is refused ({@code authorization_refused}). Default: the NameID value.
         */
        public Builder principalAttribute(String nameOrFriendlyName) {
            if (nameOrFriendlyName == null || nameOrFriendlyName.isBlank()) {
                throw new IllegalArgumentException("principalAttribute must name a SAML attribute");
            }
            this.principalAttribute = nameOrFriendlyName;
            return this;
        }

        /**
         * Signs every AuthnRequest, not only those for {@code mut}, channel binding or an IdP whose metadata says
         * {@code WantAuthnRequestsSigned} (default false): for a federation (whose IdP the client picks after the
         * request is made) with IdPs that want signed requests, or IdPs that refuse unsigned requests without saying
         * so in metadata. Each signature costs CPU (about a millisecond for RSA-2048) that any client can make the
         * server spend before authenticating.
         *
         * @throws IllegalArgumentException at {@link #build()} if the settings have no signing key
         */
        public Builder signEveryRequest(boolean value) {
            this.signEveryRequest = value;
            return this;
        }

        /**
         * Refuses logins without a session key (default false): the IdP must issue a {@code samlec:GeneratedKey}
         * in the (then encrypted) assertion, as Kantara's saml2int IIP-IDP15 obliges IdPs to and as applications
         * of mech_saml_ec need. Needs {@link #sessionKeyEncTypes(List)} and, for the IdP to encrypt, the service's
         * decryption key in the settings.
         *
         * @throws IllegalArgumentException at {@link #build()} if no enctype is offered or no decryption key is set
         */
        public Builder requireSessionKey(boolean value) {
            this.requireSessionKey = value;
            return this;
        }

        /**
         * The acceptor.
         *
         * @throws IllegalArgumentException if {@link #signEveryRequest(boolean)} is set without a signing key, or
         *     {@link #requireSessionKey(boolean)} without an offered enctype or a decryption key (an IdP that wants
         *     signed requests while there is no key gets one WARN and unsigned requests)
         */
        public SamlecAcceptor build() {
            if (settings.idpTrust().federated() && !ScopedPrincipal.isScopedUserName(principalAttribute)) {
                throw new IllegalArgumentException("the service trusts a federation (" + settings.idpTrust().describe()
                        + "), whose IdPs can each assert any NameID: set principalAttribute to a scoped user name"
                        + " (eduPersonPrincipalName, subject-id or pairwise-id), which each IdP may only assert"
                        + " within its own shibmd:Scope" + (principalAttribute == null ? ""
                        : "; '" + principalAttribute + "' is not one"));
            }
            if (signEveryRequest && settings.signingKey().isEmpty()) {
                throw new IllegalArgumentException("signEveryRequest needs a signing key in the settings");
            }
            signingRule = RequestSigningRule.of(settings, idpList);
            signingRule.checkSigningKey("ServiceProviderSettings.Builder.signingKey (JAAS options signingKey and"
                    + " signingCertificate)");
            if (requireSessionKey && sessionKeyEncTypes.isEmpty()) {
                throw new IllegalArgumentException("requireSessionKey needs sessionKeyEncTypes (e.g. 18, 17)");
            }
            if (requireSessionKey && settings.decryptionKeys().isEmpty()) {
                throw new IllegalArgumentException("requireSessionKey needs a decryption key in the settings: the"
                        + " IdP only issues a key in an encrypted assertion");
            }
            return new SamlecAcceptor(this);
        }
    }
}
