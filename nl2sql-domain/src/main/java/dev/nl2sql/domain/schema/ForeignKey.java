package dev.nl2sql.domain.schema;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A foreign key: {@code columns} of the owning relation reference {@code referencedColumns} of {@code referenced}. */
public record ForeignKey(String name, List<String> columns, QualifiedName referenced, List<String> referencedColumns) {

    public ForeignKey {
        requireNonNull(name, "name");
        columns = List.copyOf(columns);
        requireNonNull(referenced, "referenced");
        referencedColumns = List.copyOf(referencedColumns);
        if (columns.isEmpty() || columns.size() != referencedColumns.size()) {
            throw new IllegalArgumentException("foreign key " + name + " must pair its columns with as many referenced columns, was "
                    + columns + " -> " + referencedColumns);
        }
    }
}
