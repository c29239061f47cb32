package dev.nl2sql.port;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.schema.SchemaSnapshot;

/** Reads a database's structure from the live catalog, every time it is asked: the uncached side of {@link SchemaCatalog}. */
@FunctionalInterface
public interface SchemaSource {

    /** {@return the structure of {@code database} as it is now, or why it could not be read} */
    Result<SchemaSnapshot> read(DatabaseName database);
}
