package dev.nl2sql.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The SDK's JSON-schema validator, made at the first tool call instead of at start, and asked only about what a client
 * sent. Building it (networknt's schema factory) and checking every tool's schema with it was about a tenth of the CPU
 * before the first {@code tools/list}; checking each answer's structured content against the tool's own output schema
 * was a tenth of the CPU per call (the content turned into a tree and back into a string), for a property of our code,
 * not of the input. So:
 * <ul>
 *   <li>arguments are checked against the tool's input schema on every call, as before;</li>
 *   <li>our structured content is checked against our output schemas only where assertions are on (every test run):
 *       a mismatch is a bug in nl2sql, found by the tests, not a client's error;</li>
 *   <li>the schemas themselves are fixed in code and checked by a test ({@code ToolFootprintTest}), not at every start.</li>
 * </ul>
 */
final class FirstCallSchemaValidator implements JsonSchemaValidator {

    /** The real validator, made when it is first needed (the JVM's lazy class initialisation). */
    private static final class Made {
        static final JsonSchemaValidator VALIDATOR = McpJsonDefaults.getSchemaValidator();
    }

    private final Set<Map<String, Object>> outputSchemas = Collections.newSetFromMap(new IdentityHashMap<>());
    private final boolean checkOwnOutput;

    /**
     * @param outputSchemas the output schemas of the server's own tools, the very instances the SDK will pass back
     * @param checkOwnOutput whether structured content is checked against them too (where assertions are on)
     */
    FirstCallSchemaValidator(Collection<Map<String, Object>> outputSchemas, boolean checkOwnOutput) {
        this.outputSchemas.addAll(outputSchemas);
        this.checkOwnOutput = checkOwnOutput;
    }

    /** {@return a validator for {@code outputSchemas} that checks them only where this class's assertions are on} */
    static FirstCallSchemaValidator forOwnTools(Collection<Map<String, Object>> outputSchemas) {
        return new FirstCallSchemaValidator(outputSchemas, FirstCallSchemaValidator.class.desiredAssertionStatus());
    }

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
        if (!checkOwnOutput && outputSchemas.contains(schema)) {
            return ValidationResponse.asValid(null);
        }
        return Made.VALIDATOR.validate(schema, structuredContent);
    }
}
