package dev.samlec.mech.internal.xml;

import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * Makes every parser error fatal without logging it. The default handler of OpenSAML's pool logs each malformed
 * document from a peer at ERROR with a stack trace; samlec's callers log one line with the error code instead.
 */
final class SilentErrorHandler implements ErrorHandler {
    @Override
    public void warning(SAXParseException exception) {
        // Warnings (none are expected with DTDs off) change nothing about the document.
    }

    @Override
    public void error(SAXParseException exception) throws SAXParseException {
        throw exception;
    }

    @Override
    public void fatalError(SAXParseException exception) throws SAXParseException {
        throw exception;
    }
}
