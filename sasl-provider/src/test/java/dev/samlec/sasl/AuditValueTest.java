package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A peer-chosen NameID or issuer cannot forge, split or visually reorder an audit line. */
class AuditValueTest {
    @Test
    void quoteWhenValueHasNewlinesQuotesC1AndBidiThenEachReplaced() {
        assertThat(AuditValue.quote("alice\"\n SAML20EC login accepted: nameId=\"root\u009b\u202e\u2028x"))
                .isEqualTo("\"alice?? SAML20EC login accepted: nameId=?root???x\"");
    }

    @Test
    void quoteWhenNullOrLongThenDashOrCut() {
        assertThat(AuditValue.quote(null)).isEqualTo("-");
        assertThat(AuditValue.quote("é".repeat(600))).hasSize(AuditValue.MAX_CODE_POINTS + 2);
    }
}
