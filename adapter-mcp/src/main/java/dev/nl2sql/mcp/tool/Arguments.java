package dev.nl2sql.mcp.tool;

import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a tool call's arguments. The SDK has already checked them against the input schema, so types are right;
 * what is left is defaults and the database name, which may be omitted when only one database is configured.
 */
public record Arguments(Map<String, Object> values, Optional<Object> progressToken) {

    public Arguments {
        values = values == null ? Map.of() : values;
        progressToken = progressToken == null ? Optional.empty() : progressToken;
    }

    /** {@return the arguments of {@code request}, with its progress token if the client sent one} */
    public static Arguments of(CallToolRequest request) {
        return new Arguments(request.arguments(), Optional.ofNullable(request.progressToken()));
    }

    /** {@return the string argument {@code name}, if given and not blank} */
    public Optional<String> string(String name) {
        return values.get(name) instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    /** {@return the integer argument {@code name}, or {@code fallback}} */
    public int integer(String name, int fallback) {
        return values.get(name) instanceof Number n ? n.intValue() : fallback;
    }

    /** {@return the database the call names, or the only configured one when it names none} */
    public Result<DatabaseName> database(List<DatabaseIdentity> configured) {
        return database(string("database"), configured);
    }

    /** {@return {@code requested} if it is configured, the only configured database when empty, or DB_UNKNOWN naming the known ones} */
    public static Result<DatabaseName> database(Optional<String> requested, List<DatabaseIdentity> configured) {
        List<DatabaseName> known = configured.stream().map(DatabaseIdentity::name).toList();
        if (requested.isEmpty()) {
            return known.size() == 1 ? Result.ok(known.getFirst())
                    : Result.err(new Failure.UnknownDatabase("(none given: pass 'database')", known));
        }
        String name = requested.get().strip();
        return known.stream().filter(k -> k.value().equals(name)).findFirst()
                .<Result<DatabaseName>>map(Result::ok)
                .orElseGet(() -> Result.err(new Failure.UnknownDatabase(name, known)));
    }
}
