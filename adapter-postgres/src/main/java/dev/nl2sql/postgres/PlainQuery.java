package dev.nl2sql.postgres;

import dev.nl2sql.domain.validation.StatementKeyword;
import java.util.Set;

/**
 * Whether a statement is a plain query by the keyword it starts with ({@link StatementKeyword}). pgjdbc's own reading
 * is too loose for this: it calls {@code COPY (SELECT ...)}, {@code PREPARE ... AS SELECT} and
 * {@code DECLARE ... CURSOR WITH HOLD FOR SELECT} queries too, and those outlive a statement that runs without a
 * transaction to roll back.
 */
final class PlainQuery {

    private static final Set<String> KEYWORDS = Set.of("select", "with");

    private PlainQuery() {}

    /** {@return whether {@code sql} starts with {@code SELECT} or {@code WITH}} */
    static boolean startsAs(String sql) {
        return StatementKeyword.of(sql).filter(KEYWORDS::contains).isPresent();
    }
}
