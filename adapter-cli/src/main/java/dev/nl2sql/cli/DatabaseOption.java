package dev.nl2sql.cli;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.usecase.DatabaseChoice;
import dev.nl2sql.usecase.ExploreSchema;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --db NAME}, shared by every command that reads a database; optional when only one is configured. */
final class DatabaseOption {

    @Option(names = {"--db", "-d"}, paramLabel = "NAME", description = "Database to use (optional when only one is configured).")
    String name;

    /** {@return the database named by --db, or the only one configured, or why neither works} */
    Result<DatabaseName> resolve(ExploreSchema explore) {
        return DatabaseChoice.choose(Optional.ofNullable(name), explore.databases());
    }
}
