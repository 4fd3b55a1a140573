package dev.samlec.mech.service;

import dev.samlec.mech.ChannelBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-request choices for {@link AuthnRequestIssuer#issue(IssueOptions)}. Immutable; {@link #defaults()} gives a PAOS
 * request without Scoping, IsPassive or ForceAuthn, signed only if the settings have a signing key. With
 * {@link Builder#signWhenKeyConfigured(boolean) signWhenKeyConfigured(false)} a request is signed only when
 * {@linkplain #requireSignature() required} (SAML20EC: mutual authentication or channel binding).
 *
 * <p>For SAML-EC: {@link Builder#channelBinding} puts the binding into the request's {@code samlp:Extensions}
 * (SAML V2.0 Channel Binding Extensions) and forces a signature; {@link Builder#requestDelegation} adds the
 * delegation audience {@value #DELEGATION_AUDIENCE} to the request's Conditions (draft-ietf-kitten-sasl-saml-ec
 * section 5.1).
 */
public final class IssueOptions {
    /** The PAOS binding (classic ECP), the default ProtocolBinding. */
    public static final String BINDING_PAOS = "urn:oasis:names:tc:SAML:2.0:bindings:PAOS";
    /** The SAML-EC binding for SASL services (draft-ietf-kitten-sasl-saml-ec §4.7). */
    public static final String BINDING_SAMLEC = "urn:ietf:params:xml:ns:samlec";
    /** The audience that asks the IdP for an assertion usable for delegation when its entityID is not known. */
    public static final String DELEGATION_AUDIENCE = "urn:oasis:names:tc:SAML:2.0:conditions:delegation";

    private final String protocolBinding;
    private final List<String> idpList;
    private final Boolean isPassive;
    private final Boolean forceAuthn;
    private final String nameIdFormat;
    private final boolean requireSignature;
    private final ChannelBinding channelBinding;
    private final boolean requestDelegation;
    private final boolean signWhenKeyConfigured;

    private IssueOptions(Builder b) {
        this.protocolBinding = b.protocolBinding;
        this.idpList = List.copyOf(b.idpList);
        this.isPassive = b.isPassive;
        this.forceAuthn = b.forceAuthn;
        this.nameIdFormat = b.nameIdFormat;
        this.requireSignature = b.requireSignature;
        this.channelBinding = b.channelBinding;
        this.requestDelegation = b.requestDelegation;
        this.signWhenKeyConfigured = b.signWhenKeyConfigured;
    }

    private IssueOptions(IssueOptions o, boolean signWhenKeyConfigured) {
        this.protocolBinding = o.protocolBinding;
        this.idpList = o.idpList;
        this.isPassive = o.isPassive;
        this.forceAuthn = o.forceAuthn;
        this.nameIdFormat = o.nameIdFormat;
        this.requireSignature = o.requireSignature;
        this.channelBinding = o.channelBinding;
        this.requestDelegation = o.requestDelegation;
        this.signWhenKeyConfigured = signWhenKeyConfigured;
    }

    /** These options, signed whenever a signing key is configured (for an IdP that wants signed requests). */
    IssueOptions signedWhenKeyConfigured() {
        return signWhenKeyConfigured ? this : new IssueOptions(this, true);
    }

    /** The default options. */
    public static IssueOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The ProtocolBinding attribute. */
    public String protocolBinding() {
        return protocolBinding;
    }

    /** The IdP entityIDs for Scoping/IDPList (empty: no Scoping). */
    public List<String> idpList() {
        return idpList;
    }

    /** IsPassive, when set. */
    public Optional<Boolean> isPassive() {
        return Optional.ofNullable(isPassive);
    }

    /** ForceAuthn, when set. */
    public Optional<Boolean> forceAuthn() {
        return Optional.ofNullable(forceAuthn);
    }

    /** NameIDPolicy Format, when set. */
    public Optional<String> nameIdFormat() {
        return Optional.ofNullable(nameIdFormat);
    }

    /**
     * Whether the request must be signed (issuing fails if no signing key is configured): when required explicitly,
     * and always when a {@linkplain #channelBinding() channel binding} is set.
     */
    public boolean requireSignature() {
        return requireSignature || channelBinding != null;
    }

    /**
     * Whether a request that does not {@linkplain #requireSignature() require} a signature is still signed when the
     * settings have a signing key (default true).
     */
    public boolean signWhenKeyConfigured() {
        return signWhenKeyConfigured;
    }

    /** The channel binding to put into the request's Extensions, when set. */
    public Optional<ChannelBinding> channelBinding() {
        return Optional.ofNullable(channelBinding);
    }

    /** Whether the request asks for a delegated assertion (Conditions with {@link #DELEGATION_AUDIENCE}). */
    public boolean requestDelegation() {
        return requestDelegation;
    }

    /** Collects options. */
    public static final class Builder {
        private String protocolBinding = BINDING_PAOS;
        private final List<String> idpList = new ArrayList<>();
        private Boolean isPassive;
        private Boolean forceAuthn;
        private String nameIdFormat;
        private boolean requireSignature;
        private ChannelBinding channelBinding;
        private boolean requestDelegation;
        private boolean signWhenKeyConfigured = true;

        private Builder() {
        }

        /** The ProtocolBinding, normally {@link #BINDING_PAOS} or {@link #BINDING_SAMLEC}. */
        public Builder protocolBinding(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("protocolBinding must not be blank");
            }
            this.protocolBinding = value;
            return this;
        }

        /** Adds IdP entityIDs to Scoping/IDPList. */
        public Builder idpList(List<String> entityIds) {
            for (String id : entityIds) {
                if (id == null || id.isBlank()) {
                    throw new IllegalArgumentException("IDPList entries must not be blank");
                }
                idpList.add(id);
            }
            return this;
        }

        /** Sets IsPassive. */
        public Builder isPassive(boolean value) {
            this.isPassive = value;
            return this;
        }

        /** Sets ForceAuthn. */
        public Builder forceAuthn(boolean value) {
            this.forceAuthn = value;
            return this;
        }

        /** Sets the NameIDPolicy Format. */
        public Builder nameIdFormat(String value) {
            this.nameIdFormat = value;
            return this;
        }

        /** Requires a signature (for SAML-EC mutual authentication or channel binding). */
        public Builder requireSignature(boolean value) {
            this.requireSignature = value;
            return this;
        }

        /**
         * Puts {@code <cb:ChannelBindings Type="...">base64</cb:ChannelBindings>} into the request's
         * {@code samlp:Extensions}; the request is then always signed.
         */
        public Builder channelBinding(ChannelBinding value) {
            this.channelBinding = Objects.requireNonNull(value, "channelBinding");
            return this;
        }

        /**
         * Whether a request that needs no signature is signed anyway when the settings have a signing key (default
         * true: HTTP ECP services whose metadata says AuthnRequestsSigned). SAML20EC servers pass false unless told
         * otherwise: the draft signs for {@code mut} and channel binding only, and an unneeded RSA signature is
         * CPU an unauthenticated client can make the server spend.
         */
        public Builder signWhenKeyConfigured(boolean value) {
            this.signWhenKeyConfigured = value;
            return this;
        }

        /** Asks for a delegated assertion: Conditions/AudienceRestriction/Audience = {@link #DELEGATION_AUDIENCE}. */
        public Builder requestDelegation(boolean value) {
            this.requestDelegation = value;
            return this;
        }

        /** The options. */
        public IssueOptions build() {
            return new IssueOptions(this);
        }
    }
}
