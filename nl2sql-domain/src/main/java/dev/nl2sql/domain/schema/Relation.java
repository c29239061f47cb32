package dev.nl2sql.domain.schema;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A table, view or materialized view, with everything the catalog knows about it.
 *
 * @param rowEstimate the planner's estimate ({@code reltuples}); empty when the relation was never analysed
 * @param hiddenPositions where a sensitive data policy took columns out of {@code columns}: their 0-based positions in
 *     the relation's full column list (the order {@code SELECT *} and a column alias list follow), without their names.
 *     An alias list renames by position, so the validator must know a hidden column is there to refuse it renamed.
 */
public record Relation(
        QualifiedName name,
        RelationKind kind,
        List<Column> columns,
        List<String> primaryKey,
        List<ForeignKey> foreignKeys,
        List<Index> indexes,
        Optional<String> comment,
        Optional<Long> rowEstimate,
        List<Integer> hiddenPositions) {

    public Relation {
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        foreignKeys = List.copyOf(foreignKeys);
        indexes = List.copyOf(indexes);
        requireNonNull(comment, "comment");
        requireNonNull(rowEstimate, "rowEstimate");
        hiddenPositions = List.copyOf(hiddenPositions);
    }

    /** A relation with nothing hidden: what the catalog reads. */
    public Relation(QualifiedName name, RelationKind kind, List<Column> columns, List<String> primaryKey, List<ForeignKey> foreignKeys,
            List<Index> indexes, Optional<String> comment, Optional<Long> rowEstimate) {
        this(name, kind, columns, primaryKey, foreignKeys, indexes, comment, rowEstimate, List.of());
    }

    /** {@return the relation's full column list by position: a column's name, or empty where a hidden one stands} */
    public List<Optional<String>> columnSlots() {
        List<Optional<String>> slots = new java.util.ArrayList<>(columns.size() + hiddenPositions.size());
        int visible = 0;
        for (int position = 0; position < columns.size() + hiddenPositions.size(); position++) {
            slots.add(hiddenPositions.contains(position) ? Optional.empty() : Optional.of(columns.get(visible++).name()));
        }
        return slots;
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
