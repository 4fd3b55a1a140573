package dev.samlec.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link LdapBindLoad}'s row order: alternated between rounds so that neither variant always runs second. */
class LdapBindLoadTest {
    @Test
    void rowOrderWhenTwoVariantsThenABThenBAThenAB() {
        assertThat(LdapBindLoad.rowOrder(2, 0)).containsExactly(0, 1);
        assertThat(LdapBindLoad.rowOrder(2, 1)).containsExactly(1, 0);
        assertThat(LdapBindLoad.rowOrder(2, 2)).containsExactly(0, 1);
    }

    @Test
    void rowOrderWhenOneOrThreeVariantsThenEachOnceEveryRound() {
        assertThat(LdapBindLoad.rowOrder(1, 1)).containsExactly(0);
        assertThat(LdapBindLoad.rowOrder(3, 1)).containsExactly(2, 1, 0);
    }
}
