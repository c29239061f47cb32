package dev.nl2sql.mcp;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON-schema check of our tools, made at the first tool call instead of at start, and asked only about what a
 * client sent. The SDK's own validator (networknt underneath, as here) was about a tenth of the CPU before the first
 * {@code tools/list}, and per call it hashed the whole schema to find it in its cache and wrote the checked arguments
 * back out as a string nobody read (5 % of the CPU of a {@code SELECT 1} call). So:
 * <ul>
 *   <li>arguments are checked against the tool's input schema on every call, with networknt, the schema compiled once
 *       and found by identity (the tool's own schema instance is what the SDK and {@link ToolCalls} pass);</li>
 *   <li>our structured content is checked against our output schemas only where assertions are on (every test run):
 *       a mismatch is a bug in nl2sql, found by the tests, not a client's error;</li>
 *   <li>any other schema (a test's extra tool, an elicitation) goes to the SDK's validator;</li>
 *   <li>the schemas themselves are fixed in code and checked by a test ({@code ToolFootprintTest}), not at every start.</li>
 * </ul>
 */
final class FirstCallSchemaValidator implements JsonSchemaValidator {

    /** What is made when first needed (the JVM's lazy class initialisation). */
    private static final class Made {
        static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012());
        static final JsonSchemaValidator SDK = McpJsonDefaults.getSchemaValidator();
    }

    /** One of our schemas: compiled at its first use (compiling twice in a race is harmless, so no lock on the hot path). */
    private static final class Own {
        final boolean output;
        volatile Schema compiled;

        Own(boolean output) {
            this.output = output;
        }

        Schema compiled(Map<String, Object> schema) {
            Schema made = compiled;
            if (made == null) {
                compiled = made = Made.REGISTRY.getSchema(JsonMapper.shared().valueToTree(schema));
            }
            return made;
        }
    }

    /** Filled once, read only after: by identity, the instances the SDK and {@link ToolCalls} pass. */
    private final Map<Map<String, Object>, Own> own = new IdentityHashMap<>();
    private final boolean checkOwnOutput;

    /**
     * @param inputSchemas the input schemas of the server's own tools, the very instances the calls are checked with
     * @param outputSchemas their output schemas, likewise
     * @param checkOwnOutput whether structured content is checked against them too (where assertions are on)
     */
    FirstCallSchemaValidator(Collection<Map<String, Object>> inputSchemas, Collection<Map<String, Object>> outputSchemas,
            boolean checkOwnOutput) {
        inputSchemas.forEach(schema -> own.put(schema, new Own(false)));
        outputSchemas.forEach(schema -> own.put(schema, new Own(true)));
        this.checkOwnOutput = checkOwnOutput;
    }

    /** {@return a validator for these schemas that checks the output ones only where this class's assertions are on} */
    static FirstCallSchemaValidator forOwnTools(Collection<Map<String, Object>> inputSchemas, Collection<Map<String, Object>> outputSchemas) {
        return new FirstCallSchemaValidator(inputSchemas, outputSchemas, FirstCallSchemaValidator.class.desiredAssertionStatus());
    }

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object content) {
        Own ours = own.get(schema);
        if (ours == null) {
            return Made.SDK.validate(schema, content);
        }
        if (ours.output && !checkOwnOutput) {
            return ValidationResponse.asValid(null);
        }
        List<Error> errors = ours.compiled(schema).validate(JsonMapper.shared().valueToTree(content));
        // the SDK's words, which clients and tests already know
        return errors.isEmpty() ? ValidationResponse.asValid(null)
                : ValidationResponse.asInvalid("Validation failed: JSON schema validation errors: " + errors);
    }
}
