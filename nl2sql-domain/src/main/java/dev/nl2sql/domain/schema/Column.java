package dev.nl2sql.domain.schema;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A column of a relation.
 *
 * @param type the type as PostgreSQL formats it ({@code format_type}), e.g. {@code numeric(10,2)} or {@code text[]}
 * @param enumType the enum type of the column, when its type is an enum
 */
public record Column(
        String name,
        String type,
        boolean nullable,
        Optional<String> defaultExpression,
        Optional<String> comment,
        Optional<QualifiedName> enumType) {

    public Column {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        requireNonNull(defaultExpression, "defaultExpression");
        requireNonNull(comment, "comment");
        requireNonNull(enumType, "enumType");
    }

    /** A nullable column with no default, comment or enum type: the common case in tests and fixtures. */
    public static Column of(String name, String type) {
        return new Column(name, type, true, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
