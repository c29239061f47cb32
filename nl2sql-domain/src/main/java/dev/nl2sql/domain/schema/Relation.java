package dev.nl2sql.domain.schema;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A table, view or materialized view, with everything the catalog knows about it.
 *
 * @param rowEstimate the planner's estimate ({@code reltuples}); empty when the relation was never analysed
 */
public record Relation(
        QualifiedName name,
        RelationKind kind,
        List<Column> columns,
        List<String> primaryKey,
        List<ForeignKey> foreignKeys,
        List<Index> indexes,
        Optional<String> comment,
        Optional<Long> rowEstimate) {

    public Relation {
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        foreignKeys = List.copyOf(foreignKeys);
        indexes = List.copyOf(indexes);
        requireNonNull(comment, "comment");
        requireNonNull(rowEstimate, "rowEstimate");
    }

    /** A relation with only columns: the common case in tests. */
    public static Relation of(QualifiedName name, RelationKind kind, List<Column> columns) {
        return new Relation(name, kind, columns, List.of(), List.of(), List.of(), Optional.empty(), Optional.empty());
    }

    /** {@return the column called {@code columnName}, compared case-insensitively as unquoted SQL does} */
    public Optional<Column> column(String columnName) {
        for (Column column : columns) {
            if (column.name().equalsIgnoreCase(columnName)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }
}
