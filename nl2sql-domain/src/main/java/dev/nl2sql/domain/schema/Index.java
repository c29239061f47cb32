package dev.nl2sql.domain.schema;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An index on a relation.
 *
 * @param definition the full definition as {@code pg_get_indexdef} prints it
 */
public record Index(String name, List<String> columns, boolean unique, boolean primary, String definition) {

    public Index {
        requireNonNull(name, "name");
        columns = List.copyOf(columns);
        requireNonNull(definition, "definition");
    }
}
