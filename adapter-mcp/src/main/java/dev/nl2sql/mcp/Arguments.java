package dev.nl2sql.mcp;

import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.usecase.DatabaseChoice;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a tool call's arguments. The SDK has already checked them against the input schema, so types are right;
 * what is left is defaults and the database name, which may be omitted when only one database is configured.
 */
record Arguments(Map<String, Object> values, Optional<Object> progressToken) {

    Arguments {
        values = values == null ? Map.of() : values;
        progressToken = progressToken == null ? Optional.empty() : progressToken;
    }

    /** {@return the arguments of {@code request}, with its progress token if the client sent one} */
    static Arguments of(CallToolRequest request) {
        return new Arguments(request.arguments(), Optional.ofNullable(request.progressToken()));
    }

    /** {@return the string argument {@code name}, if given and not blank} */
    Optional<String> string(String name) {
        return values.get(name) instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    /** {@return the integer argument {@code name}, or {@code fallback}} */
    int integer(String name, int fallback) {
        return values.get(name) instanceof Number n ? n.intValue() : fallback;
    }

    /** {@return the database the call's {@code database} argument names, or the only configured one when it names none} */
    Result<DatabaseName> database(List<DatabaseIdentity> configured) {
        return DatabaseChoice.choose(string("database"), configured);
    }
}
