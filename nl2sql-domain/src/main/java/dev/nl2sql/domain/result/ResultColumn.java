package dev.nl2sql.domain.result;

import static java.util.Objects.requireNonNull;

/** A column of a result: its label and its PostgreSQL type name. */
public record ResultColumn(String name, String type) {

    public ResultColumn {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
    }
}
