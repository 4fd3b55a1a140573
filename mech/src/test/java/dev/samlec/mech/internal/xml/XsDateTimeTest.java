package dev.samlec.mech.internal.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import net.shibboleth.utilities.java.support.xml.DOMTypeSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XsDateTimeTest {
    @Test
    void parseCommonWhenRandomValuesOfTheShapeThenSameInstantAsOpenSaml() {
        SplittableRandom random = new SplittableRandom(20261202);
        int fast = 0;
        for (int i = 0; i < 100_000; i++) {
            String value = randomValue(random);
            Instant ours = XsDateTime.parseCommon(value);
            if (ours == null) {
                continue;
            }
            fast++;
            assertThat(ours).as(value).isEqualTo(DOMTypeSupport.stringToInstant(value));
        }
        // Invalid days of month (about 1 in 10 values) are left to OpenSAML; all others take the fast path.
        assertThat(fast).isGreaterThan(85_000);
    }

    @Test
    void parseCommonWhenFractionThenTruncatedToMillisecondsAsOpenSaml() {
        assertThat(XsDateTime.parseCommon("2026-12-02T22:46:52.2109Z"))
                .isEqualTo(Instant.parse("2026-12-02T22:46:52.210Z"))
                .isEqualTo(DOMTypeSupport.stringToInstant("2026-12-02T22:46:52.2109Z"));
        assertThat(XsDateTime.parseCommon("1960-01-01T00:00:00.9999Z"))
                .isEqualTo(DOMTypeSupport.stringToInstant("1960-01-01T00:00:00.9999Z"));
    }

    @Test
    void parseCommonWhenOffsetThenUtcInstant() {
        assertThat(XsDateTime.parseCommon(" 2026-12-02T00:30:00+01:00\n")).isEqualTo(Instant.parse("2026-12-01T23:30:00Z"));
        assertThat(XsDateTime.parseCommon("2026-12-02T23:30:00-14:00")).isEqualTo(Instant.parse("2026-12-03T13:30:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "2026-12-02T22:46:52", "2026-12-02T24:00:00Z", "1582-10-14T00:00:00Z",
            "0001-01-01T00:00:00Z", "+2026-12-02T22:46:52Z", "-2026-12-02T22:46:52Z", "12026-12-02T22:46:52Z",
            "2026-12-02T22:46:52.1234567890Z", "2026-12-02T22:46:52.Z", "2026-12-02T22:46:52+14:30",
            "2026-12-02T22:46:52+15:00", "2026-12-02T22:46:52+01:60", "2026-12-02T22:46:52+0100",
            "2026-02-30T00:00:00Z", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
            "2026-12-00T00:00:00Z", "2026-12-02T22:46:60Z", "2026-12-02T22:60:52Z", "2026-12-02t22:46:52Z",
            "2026-12-02T22:46:52z", "2026-12-02 22:46:52Z", "\uff12026-12-02T22:46:52Z", "2026-12-02T22:46:52ZZ",
            "2026-12-02T22:46:52Z+01:00", "2026-12-02T2a:46:52Z", "2026/12/02T22:46:52Z"})
    void parseCommonWhenOutsideTheShapeOrNoRealDateThenNull(String value) {
        assertThat(XsDateTime.parseCommon(value)).isNull();
    }

    @Test
    void parseCommonWhenNullThenNull() {
        assertThat(XsDateTime.parseCommon(null)).isNull();
    }

    private static String randomValue(SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        if (random.nextInt(20) == 0) {
            s.append(random.nextBoolean() ? ' ' : '\t');
        }
        s.append(String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(1583, 10_000), random.nextInt(1, 13),
                random.nextInt(1, 32), random.nextInt(24), random.nextInt(60), random.nextInt(60)));
        if (random.nextBoolean()) {
            int digits = random.nextInt(1, 10);
            s.append('.');
            for (int k = 0; k < digits; k++) {
                s.append((char) ('0' + random.nextInt(10)));
            }
        }
        if (random.nextBoolean()) {
            s.append('Z');
        } else {
            int hours = random.nextInt(15);
            int minutes = hours == 14 ? 0 : random.nextInt(60);
            s.append(random.nextBoolean() ? '+' : '-').append(String.format("%02d:%02d", hours, minutes));
        }
        if (random.nextInt(20) == 0) {
            s.append('\n');
        }
        return s.toString();
    }
}
