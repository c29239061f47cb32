package dev.nl2sql.postgres;

import dev.nl2sql.domain.error.Failure;
import java.util.Optional;

/**
 * The highest planner cost a statement may have to be run; disabled (no ceiling) unless set.
 *
 * @param maxCost the ceiling on EXPLAIN's total cost of the top plan node, when the gate is enabled
 */
public record CostGate(Optional<Double> maxCost) {

    private static final CostGate DISABLED = new CostGate(Optional.empty());

    public CostGate {
        maxCost.ifPresent(max -> {
            if (!(max > 0) || max.isInfinite()) {
                throw new IllegalArgumentException("maxCost must be a positive finite number, was " + max);
            }
        });
    }

    /** {@return the gate that lets every statement through: the default} */
    public static CostGate disabled() {
        return DISABLED;
    }

    /** {@return a gate that refuses statements whose estimated cost is above {@code maxCost}} */
    public static CostGate atMost(double maxCost) {
        return new CostGate(Optional.of(maxCost));
    }

    /** {@return whether this gate has a ceiling, so that callers need to ask the planner at all} */
    public boolean isEnabled() {
        return maxCost.isPresent();
    }

    /** {@return the failure to report when {@code estimatedCost} is above the ceiling; empty when it may run} */
    public Optional<Failure> check(double estimatedCost) {
        return maxCost.filter(max -> estimatedCost > max).map(max -> new Failure.CostLimit(estimatedCost, max));
    }
}
