package dev.nl2sql.domain.validation;

import java.math.BigInteger;
import java.util.Optional;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;

/**
 * Calls whose constant arguments ask for absurd work, refused before they run ({@link RejectionCode#RESOURCE_LIMIT}): a
 * {@code generate_series} of more rows than {@link ValidationPolicy#maxSeriesRows()}, a {@code repeat}, {@code lpad} or
 * {@code rpad} of more characters, or an {@code array_fill} of more elements, than {@link ValidationPolicy#maxValueLength()}.
 * A size computed at run time is left to the executor's row and byte caps.
 */
final class ResourceLimits {

    private ResourceLimits() {}

    /** Refuses the call of {@code name} when its constant arguments ask for absurd amounts of rows, text or elements. */
    static void check(String name, ExpressionList<?> parameters, ValidationPolicy policy) {
        if (parameters == null) {
            return;
        }
        long rowsCap = policy.maxSeriesRows();
        long lengthCap = policy.maxValueLength();
        switch (name) {
            case "generate_series" -> {
                if (parameters.size() >= 2) {
                    Optional<BigInteger> start = constant(parameters.get(0));
                    Optional<BigInteger> stop = constant(parameters.get(1));
                    Optional<BigInteger> step = parameters.size() >= 3 ? constant(parameters.get(2)) : Optional.of(BigInteger.ONE);
                    if (start.isPresent() && stop.isPresent() && step.isPresent() && step.get().signum() != 0) {
                        BigInteger rows = stop.get().subtract(start.get()).divide(step.get()).add(BigInteger.ONE);
                        if (rows.compareTo(BigInteger.valueOf(rowsCap)) > 0) {
                            throw new Refusal(RejectionCode.RESOURCE_LIMIT,
                                    "generate_series would produce " + rows + " rows; the limit is " + rowsCap);
                        }
                    }
                }
            }
            case "repeat", "lpad", "rpad" -> {
                if (parameters.size() >= 2) {
                    Optional<BigInteger> count = constant(parameters.get(1));
                    if (count.isPresent() && count.get().compareTo(BigInteger.valueOf(lengthCap)) > 0) {
                        throw new Refusal(RejectionCode.RESOURCE_LIMIT,
                                name + " would build a string of " + count.get() + " characters; the limit is " + lengthCap);
                    }
                }
            }
            case "array_fill" -> {
                if (parameters.size() >= 2 && parameters.get(1) instanceof ArrayConstructor dimensions && dimensions.getExpressions() != null) {
                    BigInteger elements = BigInteger.ONE;
                    for (Expression dimension : dimensions.getExpressions()) {
                        Optional<BigInteger> length = constant(dimension);
                        if (length.isEmpty()) {
                            return; // a computed size: the row and byte caps bound what comes back
                        }
                        elements = elements.multiply(length.get().max(BigInteger.ZERO));
                    }
                    if (elements.compareTo(BigInteger.valueOf(lengthCap)) > 0) {
                        throw new Refusal(RejectionCode.RESOURCE_LIMIT, "array_fill would build an array of " + elements
                                + " elements; the limit is " + lengthCap);
                    }
                }
            }
            default -> { }
        }
    }
    
    private static Optional<BigInteger> constant(Expression expression) {
        if (expression instanceof LongValue value) {
            try {
                return Optional.of(new BigInteger(value.getStringValue().replace("_", "")));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        if (expression instanceof SignedExpression signed && signed.getSign() == '-') {
            return constant(signed.getExpression()).map(BigInteger::negate);
        }
        return Optional.empty();
    }
}
