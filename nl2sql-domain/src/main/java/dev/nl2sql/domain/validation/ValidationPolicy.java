package dev.nl2sql.domain.validation;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.sensitive.SensitiveData;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the validator lets through besides its fixed rules.
 *
 * <p>Parse time is bounded twice. A linear lexer pass refuses texts over {@code maxInputLength} characters or
 * {@code maxNestingDepth} nested brackets before any parser runs; JSqlParser then parses on a shared daemon pool, and
 * the caller waits at most {@code parseTimeout} for it (malformed text can keep JSqlParser busy for 50-500 ms). (JSqlParser's own timeout helpers start
 * a thread per call, cost about 0.9 ms and leak non-daemon threads, so they are not used.)
 *
 * @param maxRows the LIMIT cap: added when a query has none, and lowered to when a query asks for more
 * @param allowedFunctions functions allowed besides the built-in list, lower-case, optionally schema-qualified
 *     ({@code "public.shipping_days"}); the denylist still wins over them
 * @param maxInputLength the longest SQL text accepted, in characters
 * @param maxNestingDepth the deepest nesting of parentheses and brackets accepted
 * @param parseTimeout how long a caller waits for JSqlParser's complex mode before the statement is refused
 * @param maxSeriesRows the most rows a {@code generate_series} with constant bounds may produce
 * @param maxValueLength the most characters a {@code repeat} or {@code lpad}/{@code rpad}, or elements an
 *     {@code array_fill}, with constant arguments may build: one value held in memory, on the server and as it is read
 * @param sensitive the database's masked columns: they may be selected only bare (see {@link RejectionCode#MASKED_COLUMN});
 *     hidden names are already absent from the schema the validator is given
 */
public record ValidationPolicy(
        int maxRows, Set<String> allowedFunctions, int maxInputLength, int maxNestingDepth, long maxSeriesRows, long maxValueLength,
        Duration parseTimeout, SensitiveData sensitive) {

    public static final int DEFAULT_MAX_INPUT_LENGTH = 100_000;
    public static final int DEFAULT_MAX_NESTING_DEPTH = 200;
    public static final long DEFAULT_MAX_SERIES_ROWS = 10_000_000;
    /** A million characters or elements: far above any value a question needs, a quarter of the default byte cap. */
    public static final long DEFAULT_MAX_VALUE_LENGTH = 1_000_000;
    /** Measured: parses of the accept corpus take under 2 ms warm, and up to ~100 ms while the JIT is cold. */
    public static final Duration DEFAULT_PARSE_TIMEOUT = Duration.ofMillis(250);

    /** The defaults: the default row cap of {@link Limits}, no extra functions, 100,000 characters, depth 200. */
    public static final ValidationPolicy DEFAULT = new ValidationPolicy(
            Limits.DEFAULT_MAX_ROWS, Set.of(), DEFAULT_MAX_INPUT_LENGTH, DEFAULT_MAX_NESTING_DEPTH, DEFAULT_MAX_SERIES_ROWS, DEFAULT_MAX_VALUE_LENGTH,
            DEFAULT_PARSE_TIMEOUT, SensitiveData.NONE);

    public ValidationPolicy {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, was " + maxRows);
        }
        allowedFunctions = allowedFunctions.stream().map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        if (maxInputLength < 1) {
            throw new IllegalArgumentException("maxInputLength must be at least 1, was " + maxInputLength);
        }
        if (maxNestingDepth < 1) {
            throw new IllegalArgumentException("maxNestingDepth must be at least 1, was " + maxNestingDepth);
        }
        if (maxSeriesRows < 1) {
            throw new IllegalArgumentException("maxSeriesRows must be at least 1, was " + maxSeriesRows);
        }
        if (maxValueLength < 1) {
            throw new IllegalArgumentException("maxValueLength must be at least 1, was " + maxValueLength);
        }
        requireNonNull(parseTimeout, "parseTimeout");
        if (parseTimeout.isNegative() || parseTimeout.isZero()) {
            throw new IllegalArgumentException("parseTimeout must be positive, was " + parseTimeout);
        }
        requireNonNull(sensitive, "sensitive");
    }

    /** {@return the default policy with the row cap of {@code limits}} */
    public static ValidationPolicy of(Limits limits) {
        return DEFAULT.withMaxRows(limits.maxRows());
    }

    public ValidationPolicy withMaxRows(int rows) {
        return new ValidationPolicy(rows, allowedFunctions, maxInputLength, maxNestingDepth, maxSeriesRows, maxValueLength, parseTimeout, sensitive);
    }

    public ValidationPolicy withAllowedFunctions(Set<String> functions) {
        return new ValidationPolicy(maxRows, functions, maxInputLength, maxNestingDepth, maxSeriesRows, maxValueLength, parseTimeout, sensitive);
    }

    public ValidationPolicy withMaxInputLength(int length) {
        return new ValidationPolicy(maxRows, allowedFunctions, length, maxNestingDepth, maxSeriesRows, maxValueLength, parseTimeout, sensitive);
    }

    public ValidationPolicy withParseTimeout(Duration timeout) {
        return new ValidationPolicy(maxRows, allowedFunctions, maxInputLength, maxNestingDepth, maxSeriesRows, maxValueLength, timeout, sensitive);
    }

    public ValidationPolicy withSensitive(SensitiveData data) {
        return new ValidationPolicy(maxRows, allowedFunctions, maxInputLength, maxNestingDepth, maxSeriesRows, maxValueLength, parseTimeout, data);
    }

    public ValidationPolicy withMaxNestingDepth(int depth) {
        return new ValidationPolicy(maxRows, allowedFunctions, maxInputLength, depth, maxSeriesRows, maxValueLength, parseTimeout, sensitive);
    }
}
