package dev.nl2sql.port;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.sensitive.ViewColumnSource;
import java.util.List;

/** Reads where the columns of a database's views (and materialized views) get their values, from their definitions. */
@FunctionalInterface
public interface ViewLineage {

    /** A database without views. */
    ViewLineage NONE = database -> Result.ok(List.of());

    /** {@return every column of every view of {@code database}, with its source, or why they could not be read} */
    Result<List<ViewColumnSource>> read(DatabaseName database);
}
