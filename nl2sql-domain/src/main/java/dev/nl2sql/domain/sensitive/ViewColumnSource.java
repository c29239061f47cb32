package dev.nl2sql.domain.sensitive;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.linking.ColumnRef;
import java.util.List;
import java.util.Optional;

/**
 * Where one column of a view (or materialized view) gets its values, as the database's own definition of the view says.
 *
 * @param column the view's column
 * @param copiedFrom the column it copies unchanged, when it is a bare column of the view's query (PostgreSQL's column
 *     origin); a view over a view names the inner view's column
 * @param viewReads every column the view's definition reads, anywhere in it ({@code pg_depend}): what a computed
 *     column may be made of; a relation read without naming any of its columns ({@code count(*) FROM t}) as its column
 *     {@code *}
 */
public record ViewColumnSource(ColumnRef column, Optional<ColumnRef> copiedFrom, List<ColumnRef> viewReads) {

    public ViewColumnSource {
        requireNonNull(column, "column");
        requireNonNull(copiedFrom, "copiedFrom");
        viewReads = List.copyOf(viewReads);
    }
}
