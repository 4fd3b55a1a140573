package dev.samlec.cli;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.EcpNamespaces;
import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.message.SamlResponseBody;
import dev.samlec.mech.message.SoapFault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads a saved SAML Response file for {@code samlec verify} and returns the bytes of the {@code samlp:Response} to
 * validate. Three shapes are accepted:
 * <ul>
 *   <li>a bare {@code samlp:Response} document, returned unchanged;</li>
 *   <li>an IdP's SOAP answer to an ECP client (header {@code ecp:Response}), read with {@link IdpResponse};</li>
 *   <li>the client's PAOS response to the SP (anything else in a SOAP envelope), read with {@link PaosResponse}.</li>
 * </ul>
 * The file is parsed with the hardened parser only (size cap, no DOCTYPE); a SOAP fault body is reported as a
 * failure, not validated.
 */
final class SavedResponse {
    private final SecureXmlParser parser;

    /** A reader refusing files larger than {@code maxBytes}. */
    SavedResponse(int maxBytes) {
        this.parser = new SecureXmlParser(maxBytes);
    }

    /**
     * The standalone Response bytes held in {@code file}.
     *
     * @throws EcpException {@code INVALID_CONFIGURATION} if the file cannot be read, {@code MESSAGE_TOO_LARGE},
     *     {@code DTD_FORBIDDEN}, {@code MALFORMED_XML}, {@code MALFORMED_MESSAGE} for an unexpected shape,
     *     {@code MUST_UNDERSTAND_VIOLATION}, or {@code IDP_SOAP_FAULT} for an envelope holding a SOAP fault
     */
    byte[] samlResponse(Path file) throws EcpException {
        byte[] bytes = read(file);
        String what = "file " + file;
        Element root = parser.parse(bytes, what).getDocumentElement();
        if (is(root, EcpNamespaces.SAMLP, "Response")) {
            return bytes;
        }
        if (!"Envelope".equals(root.getLocalName())) {
            throw new EcpException(EcpError.MALFORMED_MESSAGE, what + ": the root element is {"
                    + root.getNamespaceURI() + "}" + root.getLocalName()
                    + "; expected samlp:Response or a SOAP envelope holding one");
        }
        if (hasHeaderBlock(root, EcpNamespaces.ECP, "Response")) {
            IdpResponse answer = IdpResponse.parse(bytes, parser);
            return body(answer.response(), answer.fault(), what);
        }
        PaosResponse paos = PaosResponse.parse(bytes, parser);
        return body(paos.response(), paos.fault(), what);
    }

    private byte[] read(Path file) throws EcpException {
        try {
            long size = Files.size(file);
            if (size > parser.maxBytes()) {
                throw new EcpException(EcpError.MESSAGE_TOO_LARGE, "file " + file + " is " + size
                        + " bytes, more than the limit of " + parser.maxBytes() + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new EcpException(EcpError.INVALID_CONFIGURATION, "file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static byte[] body(Optional<SamlResponseBody> response, Optional<SoapFault> fault, String what)
            throws EcpException {
        if (response.isPresent()) {
            return response.get().toBytes();
        }
        String faultString = fault.map(SoapFault::faultString).orElse("");
        throw new EcpException(EcpError.IDP_SOAP_FAULT, what + ": the SOAP body is a fault, not a samlp:Response"
                + " (faultstring: " + shorten(faultString) + ")");
    }

    private static boolean hasHeaderBlock(Element envelope, String namespace, String localName) {
        for (Node n = envelope.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element header && "Header".equals(header.getLocalName())
                    && envelope.getNamespaceURI() != null
                    && envelope.getNamespaceURI().equals(header.getNamespaceURI())) {
                for (Node b = header.getFirstChild(); b != null; b = b.getNextSibling()) {
                    if (b instanceof Element block && is(block, namespace, localName)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean is(Element e, String namespace, String localName) {
        return namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName());
    }

    /** Peer-supplied text, kept to one short line. */
    private static String shorten(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
