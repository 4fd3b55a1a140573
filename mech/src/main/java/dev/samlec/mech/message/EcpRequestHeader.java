package dev.samlec.mech.message;

import dev.samlec.mech.EcpException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * The {@code ecp:Request} header block of a PAOS request: who the SP is and which IdPs it would accept.
 *
 * <p>Everything here is the SP's claim, unverified; the SP's IDPList is advisory (an ECP client restricts its own
 * configured IdPs to it but never sends credentials to an IdP only because the list names it).
 *
 * @param issuer the SP's entity ID ({@code saml:Issuer})
 * @param providerName the SP's human-readable {@code ProviderName}, if given
 * @param isPassive the {@code IsPassive} attribute, if given
 * @param idpList the {@code samlp:IDPList} entries, empty when the SP sent none
 * @param getComplete the IDPList's {@code GetComplete} URI, if given
 */
public record EcpRequestHeader(String issuer, Optional<String> providerName, Optional<Boolean> isPassive,
        List<IdpEntry> idpList, Optional<String> getComplete) {
    private static final String WHAT = "PAOS request ecp:Request";

    /** Checks for nulls and copies the list. */
    public EcpRequestHeader {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(providerName, "providerName");
        Objects.requireNonNull(isPassive, "isPassive");
        idpList = List.copyOf(idpList);
        Objects.requireNonNull(getComplete, "getComplete");
    }

    /** A header with only the SP's entity ID. */
    public static EcpRequestHeader of(String issuer) {
        return new EcpRequestHeader(issuer, Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    }

    /** Reads an {@code ecp:Request} block (its mustUnderstand/actor were checked by the caller). */
    static EcpRequestHeader read(Element block) throws EcpException {
        Element issuer = null;
        Element idpList = null;
        for (Element child : Dom.elementChildren(block, WHAT)) {
            if (Dom.is(child, EcpNamespaces.SAML, "Issuer")) {
                SoapEnvelope.requireFirst(issuer, child, WHAT);
                issuer = child;
            } else if (Dom.is(child, EcpNamespaces.SAMLP, "IDPList")) {
                SoapEnvelope.requireFirst(idpList, child, WHAT);
                idpList = child;
            } else {
                throw Dom.malformed(WHAT + ": unexpected child " + Dom.name(child));
            }
        }
        if (issuer == null) {
            throw Dom.malformed(WHAT + ": no saml:Issuer (the SP's entity ID)");
        }
        Optional<Boolean> passive = Optional.empty();
        Optional<String> passiveText = Dom.attribute(block, "IsPassive");
        if (passiveText.isPresent()) {
            passive = Optional.of(Dom.parseBoolean(passiveText.get(), WHAT + " IsPassive"));
        }
        List<IdpEntry> entries = new ArrayList<>();
        Optional<String> getComplete = Optional.empty();
        if (idpList != null) {
            for (Element entry : Dom.children(idpList, EcpNamespaces.SAMLP, "IDPEntry")) {
                entries.add(new IdpEntry(Dom.requiredAttribute(entry, "ProviderID", WHAT),
                        Dom.attribute(entry, "Name"), Dom.attribute(entry, "Loc")));
            }
            Optional<Element> complete = Dom.optionalChild(idpList, EcpNamespaces.SAMLP, "GetComplete", WHAT);
            if (complete.isPresent()) {
                getComplete = Optional.of(Dom.requiredText(complete.get(), WHAT));
            }
        }
        return new EcpRequestHeader(Dom.requiredText(issuer, WHAT), Dom.attribute(block, "ProviderName"),
                passive, entries, getComplete);
    }

    /** Writes this header as an {@code ecp:Request} block. */
    void writeTo(EnvelopeWriter writer) {
        Element block = writer.block(EcpNamespaces.ECP, "ecp", "Request", true);
        providerName.ifPresent(v -> block.setAttributeNS(null, "ProviderName", v));
        isPassive.ifPresent(v -> block.setAttributeNS(null, "IsPassive", v ? "true" : "false"));
        EnvelopeWriter.child(block, EcpNamespaces.SAML, "saml", "Issuer").setTextContent(issuer);
        if (!idpList.isEmpty() || getComplete.isPresent()) {
            Element list = EnvelopeWriter.child(block, EcpNamespaces.SAMLP, "samlp", "IDPList");
            for (IdpEntry entry : idpList) {
                Element e = EnvelopeWriter.child(list, EcpNamespaces.SAMLP, "samlp", "IDPEntry");
                e.setAttributeNS(null, "ProviderID", entry.providerId());
                entry.name().ifPresent(v -> e.setAttributeNS(null, "Name", v));
                entry.loc().ifPresent(v -> e.setAttributeNS(null, "Loc", v));
            }
            getComplete.ifPresent(v ->
                    EnvelopeWriter.child(list, EcpNamespaces.SAMLP, "samlp", "GetComplete").setTextContent(v));
        }
        writer.add(block);
    }
}
