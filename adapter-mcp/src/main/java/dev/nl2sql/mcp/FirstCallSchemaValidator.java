package dev.nl2sql.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Map;

/**
 * The SDK's JSON-schema validator, made at the first tool call instead of at start: building it (networknt's schema
 * factory) and checking every tool's schema with it was about a tenth of the CPU before the first {@code tools/list}.
 * Arguments are still checked against the input schema on every call; the tools' schemas themselves are fixed in code
 * and checked by a test ({@code ToolFootprintTest}) rather than at every start.
 */
final class FirstCallSchemaValidator implements JsonSchemaValidator {

    /** The real validator, made when this class is first asked to validate (the JVM's lazy class initialisation). */
    private static final class Made {
        static final JsonSchemaValidator VALIDATOR = McpJsonDefaults.getSchemaValidator();
    }

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
        return Made.VALIDATOR.validate(schema, structuredContent);
    }
}
