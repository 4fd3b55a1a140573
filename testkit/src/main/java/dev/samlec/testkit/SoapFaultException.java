package dev.samlec.testkit;

/** A request the IdP answers with a SOAP fault (HTTP 500); the fault string is safe to show the client. */
final class SoapFaultException extends Exception {
    private static final long serialVersionUID = 1L;

    /** SOAP 1.1 fault codes (local parts in the envelope namespace). */
    enum Code {
        /** The request is malformed or not acceptable. */
        Client,
        /** The IdP failed. */
        Server,
        /** A header block marked mustUnderstand is not understood. */
        MustUnderstand
    }

    private final Code code;

    SoapFaultException(Code code, String faultString) {
        super(faultString);
        this.code = code;
    }

    SoapFaultException(Code code, String faultString, Throwable cause) {
        super(faultString, cause);
        this.code = code;
    }

    Code code() {
        return code;
    }
}
