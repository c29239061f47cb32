package dev.nl2sql.mcp;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small builders for the JSON schemas the tools declare, so each tool's contract reads at a glance.
 *
 * <p>Clients send every tool's schemas with every model turn, so they are kept small (docs/mcp.md, "Tool footprint"):
 * input properties carry one short description each; output schemas carry types only, because the description
 * already says what comes back, and the failure shape ({@code code}, {@code message}, {@code suggestions}) is
 * described once, in the server's instructions.
 */
final class Schemas {

    static final Map<String, Object> STRING = Map.of("type", "string");
    static final Map<String, Object> INTEGER = Map.of("type", "integer");
    static final Map<String, Object> NUMBER = Map.of("type", "number");
    static final Map<String, Object> BOOLEAN = Map.of("type", "boolean");
    static final Map<String, Object> ARRAY = Map.of("type", "array");

    /** The optional {@code database} argument every database tool takes (the instructions say when it may be omitted). */
    static final Map<String, Object> DATABASE = STRING;

    /** The optional {@code max_rows} argument of the tools that return rows: clamped to 1-10,000, and to the database's cap. */
    static final Map<String, Object> MAX_ROWS = INTEGER;

    private Schemas() {}

    static Map<String, Object> string(String description) {
        return Map.of("type", "string", "description", description);
    }

    static Map<String, Object> range(int minimum, int maximum) {
        return Map.of("type", "integer", "minimum", minimum, "maximum", maximum);
    }

    static Map<String, Object> integer(String description, int minimum, int maximum) {
        return Map.of("type", "integer", "description", description, "minimum", minimum, "maximum", maximum);
    }

    static Map<String, Object> enumeration(String description, String... values) {
        return Map.of("type", "string", "enum", Arrays.asList(values), "description", description);
    }

    /** {@return a closed input schema: no properties beyond {@code properties}, the {@code required} ones required} */
    static Map<String, Object> object(Map<String, Object> properties, String... required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (required.length > 0) {
            schema.put("required", List.of(required));
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    /**
     * {@return an output schema: the types of the properties a successful call returns} Nothing is required, so a
     * failure's {@code code}, {@code message} and {@code suggestions} fit it too.
     */
    static Map<String, Object> output(Map<String, Object> properties) {
        return Map.of("type", "object", "properties", properties);
    }

    /** {@return the properties of every part, in order} */
    @SafeVarargs
    static Map<String, Object> merge(Map<String, Object>... parts) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Map<String, Object> part : parts) {
            all.putAll(part);
        }
        return all;
    }

}
