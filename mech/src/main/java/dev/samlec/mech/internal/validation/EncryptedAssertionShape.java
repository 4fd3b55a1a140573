package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import org.w3c.dom.Element;

/** The element layout of a {@code saml:EncryptedAssertion}: exactly one xenc:EncryptedData plus xenc:EncryptedKeys. */
final class EncryptedAssertionShape {
    private EncryptedAssertionShape() {
    }

    static void check(Element encryptedAssertion) throws EcpException {
        int data = 0;
        for (Element child : Dom.children(encryptedAssertion)) {
            if (Dom.is(child, Dom.XENC, "EncryptedData")) {
                data++;
            } else if (!Dom.is(child, Dom.XENC, "EncryptedKey")) {
                throw Values.fail(EcpError.INVALID_STRUCTURE, "EncryptedAssertion: unexpected child element "
                        + Dom.name(child));
            }
        }
        if (data != 1) {
            throw Values.fail(EcpError.INVALID_STRUCTURE, "EncryptedAssertion: expected exactly one "
                    + "xenc:EncryptedData, saw " + data);
        }
    }
}
