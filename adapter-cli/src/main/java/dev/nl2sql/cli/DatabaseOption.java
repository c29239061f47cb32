package dev.nl2sql.cli;

import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.usecase.ExploreSchema;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --db NAME}, shared by every command that reads a database; optional when only one is configured. */
final class DatabaseOption {

    @Option(names = {"--db", "-d"}, paramLabel = "NAME", description = "Database to use (optional when only one is configured).")
    String name;

    /** {@return the database named by --db, or the only one configured, or why neither works} */
    Result<DatabaseName> resolve(ExploreSchema explore) {
        List<DatabaseName> known = explore.databases().stream().map(DatabaseIdentity::name).toList();
        if (name == null) {
            if (known.size() == 1) {
                return Result.ok(known.getFirst());
            }
            return Result.err(new Failure.RequestInvalid(known.isEmpty()
                    ? "no database is configured"
                    : "several databases are configured; choose one with --db: " + String.join(", ", known.stream().map(DatabaseName::value).toList())));
        }
        if (DatabaseName.isValid(name) && known.contains(DatabaseName.of(name))) {
            return Result.ok(DatabaseName.of(name));
        }
        return Result.err(new Failure.UnknownDatabase(name, known));
    }
}
