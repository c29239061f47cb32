package dev.nl2sql.port;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.util.Optional;

/** Reads the structure of the configured databases. */
public interface SchemaCatalog {

    /**
     * {@return the cached snapshot of {@code database}, read on first use; may lag the live catalog by up to the
     * configured TTL, and is refreshed in the background without making the caller wait}
     */
    Result<SchemaSnapshot> snapshot(DatabaseName database);

    /** {@return a fresh snapshot, read now and stored in the cache} */
    Result<SchemaSnapshot> refresh(DatabaseName database);

    /**
     * {@return the snapshot of {@code database} some reader already got, if any; never reads the database} What a
     * change is compared with, without reading a schema nobody has asked for.
     */
    Optional<SchemaSnapshot> cached(DatabaseName database);
}
