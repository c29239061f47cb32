package dev.nl2sql.usecase;

import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import java.util.List;
import java.util.Optional;

/**
 * Which database a request means: the one it names, or the only one configured when it names none. Every surface asks
 * here, so the command line and the MCP server choose alike and refuse alike, with {@code DB_UNKNOWN} listing the
 * databases there are.
 */
public final class DatabaseChoice {

    private DatabaseChoice() {}

    /**
     * {@return the configured database {@code requested} names (surrounding blanks ignored), the only configured one when
     * it names none (empty or blank), or {@link Failure.UnknownDatabase} naming the configured ones}
     */
    public static Result<DatabaseName> choose(Optional<String> requested, List<DatabaseIdentity> configured) {
        List<DatabaseName> known = configured.stream().map(DatabaseIdentity::name).toList();
        Optional<String> named = requested.map(String::strip).filter(name -> !name.isEmpty());
        if (named.isEmpty()) {
            return known.size() == 1 ? Result.ok(known.getFirst()) : Result.err(new Failure.UnknownDatabase("", known));
        }
        return known.stream().filter(name -> name.value().equals(named.get())).findFirst()
                .<Result<DatabaseName>>map(Result::ok)
                .orElseGet(() -> Result.err(new Failure.UnknownDatabase(named.get(), known)));
    }
}
