package dev.samlec.mech.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Which Kerberos ticket a Negotiate exchange starts from (JDK {@code KerberosTicket} objects, no KDC: the choice is
 * made before any GSS-API call).
 */
class KerberosCredentialsTest {
    private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final KerberosPrincipal ALICE = new KerberosPrincipal("alice@SAMLEC.TEST");
    private static final KerberosPrincipal BOB = new KerberosPrincipal("bob@SAMLEC.TEST");

    private static KerberosTicket ticket(KerberosPrincipal client, String server, Duration left) {
        return new KerberosTicket(new byte[] {1}, client, new KerberosPrincipal(server), new byte[16], 17,
                new boolean[32], Date.from(NOW.minusSeconds(60)), Date.from(NOW.minusSeconds(60)),
                Date.from(NOW.plus(left)), null, null);
    }

    private static KerberosTicket tgt(KerberosPrincipal client, Duration left) {
        return ticket(client, "krbtgt/SAMLEC.TEST@SAMLEC.TEST", left);
    }

    private static Subject holding(Object... credentials) {
        Subject subject = new Subject();
        for (Object c : credentials) {
            subject.getPrivateCredentials().add(c);
        }
        return subject;
    }

    private static IdpCredentials.Negotiate negotiate(Subject subject) {
        return IdpCredentials.negotiate(subject).withClock(CLOCK);
    }

    @Test
    void subjectForWhenOnlyAServiceTicketThenCredentialsUnavailableNamingTheTgt() {
        Subject subject = holding(ticket(ALICE, "HTTP/idp.example.org@SAMLEC.TEST", Duration.ofHours(1)));

        EcpException e = catchThrowableOfType(() -> KerberosCredentials.subjectFor(negotiate(subject)),
                EcpException.class);

        assertThat(e.error()).isEqualTo(EcpError.CREDENTIALS_UNAVAILABLE);
        assertThat(e.getMessage()).contains("no current ticket-granting ticket", "krbtgt/REALM@REALM");
    }

    @Test
    void subjectForWhenServiceTicketComesFirstThenGssRunsWithOnlyTheTgt() throws Exception {
        KerberosTicket service = ticket(ALICE, "HTTP/idp.example.org@SAMLEC.TEST", Duration.ofHours(1));
        KerberosTicket tgt = tgt(ALICE, Duration.ofHours(1));

        Subject chosen = KerberosCredentials.subjectFor(negotiate(holding(service, tgt)));

        assertThat(chosen.getPrivateCredentials()).containsExactly(tgt);
        assertThat(chosen.getPrincipals()).containsExactly(ALICE);
        assertThat(chosen.isReadOnly()).as("JGSS may not add to, or destroy in, the caller's tickets").isTrue();
    }

    @Test
    void clientPrincipalWhenTgtOfAnotherRealmServerThenOnlyRealTgtCounts() throws Exception {
        KerberosTicket crossRealm = ticket(BOB, "krbtgt/OTHER.TEST@SAMLEC.TEST", Duration.ofHours(1));
        KerberosTicket tgt = tgt(ALICE, Duration.ofHours(1));

        assertThat(negotiate(holding(crossRealm, tgt)).clientPrincipal()).isEqualTo(ALICE);
    }

    @Test
    void clientPrincipalWhenTgtsOfSeveralPrincipalsThenCredentialsUnavailable() {
        Subject subject = holding(tgt(ALICE, Duration.ofHours(1)), tgt(BOB, Duration.ofHours(1)));

        EcpException e = catchThrowableOfType(() -> negotiate(subject).clientPrincipal(), EcpException.class);

        assertThat(e.error()).isEqualTo(EcpError.CREDENTIALS_UNAVAILABLE);
        assertThat(e.getMessage()).contains("several principals", "alice@SAMLEC.TEST", "bob@SAMLEC.TEST");
    }

    @Test
    void clientPrincipalWhenSeveralTgtsOfOnePrincipalThenTheLatestEnding() throws Exception {
        KerberosTicket older = tgt(ALICE, Duration.ofMinutes(5));
        KerberosTicket newer = tgt(ALICE, Duration.ofHours(9));

        Subject chosen = KerberosCredentials.subjectFor(negotiate(holding(older, newer)));

        assertThat(chosen.getPrivateCredentials()).containsExactly(newer);
    }

    @Test
    void clientPrincipalWhenOnlyTgtExpiredByTheClockThenCredentialsUnavailable() {
        Subject subject = holding(tgt(ALICE, Duration.ofHours(1)));
        Clock later = Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC);

        EcpException e = catchThrowableOfType(() -> IdpCredentials.negotiate(subject).withClock(later)
                .clientPrincipal(), EcpException.class);

        assertThat(e.error()).isEqualTo(EcpError.CREDENTIALS_UNAVAILABLE);
        assertThat(e.getMessage()).contains("expired at", "alice@SAMLEC.TEST");
    }

    @Test
    void subjectForWhenBoundToAnotherClientThenCredentialsUnavailable() {
        Subject subject = holding(tgt(BOB, Duration.ofHours(1)));

        EcpException e = catchThrowableOfType(() -> KerberosCredentials.subjectFor(negotiate(subject)
                .withClient(ALICE)), EcpException.class);

        assertThat(e.error()).isEqualTo(EcpError.CREDENTIALS_UNAVAILABLE);
        assertThat(e.getMessage()).contains("is now for bob@SAMLEC.TEST, not for alice@SAMLEC.TEST");
    }

    @Test
    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    void subjectForWhenJvmAllowsJgssOwnLoginThenInvalidConfigurationBeforeAnyGssCall() {
        Subject subject = holding(tgt(ALICE, Duration.ofHours(1)));
        String before = System.getProperty(KerberosCredentials.SUBJECT_CREDS_ONLY);
        System.setProperty(KerberosCredentials.SUBJECT_CREDS_ONLY, "FALSE");
        try {
            EcpException e = catchThrowableOfType(() -> KerberosCredentials.subjectFor(negotiate(subject)),
                    EcpException.class);

            assertThat(e.error()).isEqualTo(EcpError.INVALID_CONFIGURATION);
            assertThat(e.getMessage()).contains("javax.security.auth.useSubjectCredsOnly=false", "prompt");
        } finally {
            if (before == null) {
                System.clearProperty(KerberosCredentials.SUBJECT_CREDS_ONLY);
            } else {
                System.setProperty(KerberosCredentials.SUBJECT_CREDS_ONLY, before);
            }
        }
    }
}
