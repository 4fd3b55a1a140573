package dev.samlec.testkit.sp;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.service.IdpTrustSource;
import dev.samlec.mech.service.TrustedIdp;
import java.util.Optional;

/**
 * The demo SP's trust: the IdPs of {@code delegate}, but asking for no request signatures. The demo SP has no signing
 * key, so it cannot honour an IdP's {@code WantAuthnRequestsSigned}; it starts anyway (with a WARN, see
 * {@link DemoServiceProvider}) and that IdP may refuse its unsigned requests. Responses are validated as
 * {@code delegate} says.
 */
final class UnsignedRequestsTrust implements IdpTrustSource {
    private final IdpTrustSource delegate;

    UnsignedRequestsTrust(IdpTrustSource delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<TrustedIdp> find(String entityId) throws EcpException {
        return delegate.find(entityId).map(idp -> idp.withWantAuthnRequestsSigned(false));
    }

    /** The delegate's own cache-only lookup: the default would be {@link #find}, which may ask an MDQ service. */
    @Override
    public Optional<TrustedIdp> findWithoutFetching(String entityId) throws EcpException {
        return delegate.findWithoutFetching(entityId).map(idp -> idp.withWantAuthnRequestsSigned(false));
    }

    @Override
    public Optional<String> soleIdp() {
        return delegate.soleIdp();
    }

    @Override
    public boolean federated() {
        return delegate.federated();
    }

    @Override
    public Optional<String> idpWantingSignedRequests() {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
