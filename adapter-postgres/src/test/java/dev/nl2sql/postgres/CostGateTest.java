package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nl2sql.domain.error.Failure;
import org.junit.jupiter.api.Test;

class CostGateTest {

    @Test
    void isDisabledByDefaultAndLetsEverythingThrough() {
        assertThat(CostGate.disabled().isEnabled()).isFalse();
        assertThat(CostGate.disabled().check(Double.MAX_VALUE)).isEmpty();
    }

    @Test
    void refusesOnlyCostsAboveTheCeiling() {
        CostGate gate = CostGate.atMost(1_000);

        assertThat(gate.check(1_000)).isEmpty();
        assertThat(gate.check(1_000.5)).contains(new Failure.CostLimit(1_000.5, 1_000));
    }

    @Test
    void rejectsACeilingThatIsNotPositiveAndFinite() {
        assertThatThrownBy(() -> CostGate.atMost(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CostGate.atMost(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CostGate.atMost(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }
}
