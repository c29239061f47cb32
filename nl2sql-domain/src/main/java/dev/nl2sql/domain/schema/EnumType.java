package dev.nl2sql.domain.schema;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A user-defined enum type and its labels in declaration order. */
public record EnumType(QualifiedName name, List<String> labels) {

    public EnumType {
        requireNonNull(name, "name");
        labels = List.copyOf(labels);
    }
}
