package dev.nl2sql.domain.schema;

import static java.util.Objects.requireNonNull;

/** A schema-qualified relation name, as PostgreSQL stores it (case preserved, unquoted). */
public record QualifiedName(String schema, String name) implements Comparable<QualifiedName> {

    public QualifiedName {
        requireNonNull(schema, "schema");
        requireNonNull(name, "name");
        if (schema.isEmpty() || name.isEmpty()) {
            throw new IllegalArgumentException("schema and name must not be empty, were '" + schema + "' and '" + name + "'");
        }
    }

    public static QualifiedName of(String schema, String name) {
        return new QualifiedName(schema, name);
    }

    @Override
    public int compareTo(QualifiedName other) {
        int bySchema = schema.compareTo(other.schema);
        return bySchema != 0 ? bySchema : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
