package dev.nl2sql.domain.linking;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.schema.QualifiedName;

/** One column of one relation. */
public record ColumnRef(QualifiedName relation, String column) {

    public ColumnRef {
        requireNonNull(relation, "relation");
        requireNonNull(column, "column");
        if (column.isEmpty()) {
            throw new IllegalArgumentException("column must not be empty, relation was " + relation);
        }
    }

    @Override
    public String toString() {
        return relation + "." + column;
    }
}
