package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The time one question may still take. Every model call, retry and correction round of the question shares it: each
 * call is given what remains as its own timeout, so a hung model ends the question within its budget, not after
 * retries times a read timeout.
 */
public final class Deadline {

    private final Duration budget;
    private final long endNanos;

    private Deadline(Duration budget, long endNanos) {
        this.budget = budget;
        this.endNanos = endNanos;
    }

    /** {@return a deadline {@code budget} from now} */
    public static Deadline in(Duration budget) {
        requireNonNull(budget, "budget");
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("a time budget must be positive, was " + budget);
        }
        return new Deadline(budget, System.nanoTime() + budget.toNanos());
    }

    /** {@return the whole budget this deadline was set with} */
    public Duration budget() {
        return budget;
    }

    /** {@return the time left, zero once the deadline has passed} */
    public Duration remaining() {
        long left = endNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /** {@return whether no time is left} */
    public boolean hasPassed() {
        return endNanos - System.nanoTime() <= 0;
    }

    @Override
    public String toString() {
        return "Deadline[budget=" + budget + ", remaining=" + remaining() + "]";
    }
}
