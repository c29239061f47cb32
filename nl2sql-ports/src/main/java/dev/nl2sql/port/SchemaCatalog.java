package dev.nl2sql.port;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.schema.SchemaSnapshot;

/** Reads the structure of the configured databases. */
public interface SchemaCatalog {

    /**
     * {@return the cached snapshot of {@code database}, read on first use; may lag the live catalog by up to the
     * configured TTL, and is refreshed in the background without making the caller wait}
     */
    Result<SchemaSnapshot> snapshot(DatabaseName database);

    /** {@return a fresh snapshot, read now and stored in the cache} */
    Result<SchemaSnapshot> refresh(DatabaseName database);
}
