package dev.nl2sql.mcp.tool;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for the JSON schemas the tools declare, so each tool's contract reads at a glance. */
final class Schemas {

    /** The shape of {@code structuredContent} when a call fails; every output schema admits it. */
    static final Map<String, Object> ERROR = object(Map.of(
            "code", string("Stable error code, e.g. SQL_REJECTED, DB_UNKNOWN, TABLE_UNKNOWN."),
            "message", string("What went wrong and what to do about it."),
            "suggestions", array(Map.of("type", "string"), "Closest names or fixes, best first.")), "code", "message", "suggestions");

    /** The optional {@code database} argument every database tool takes. */
    static final Map<String, Object> DATABASE = string(
            "Name of a configured database (see list_databases). May be omitted when only one database is configured.");

    private Schemas() {}

    static Map<String, Object> string(String description) {
        return Map.of("type", "string", "description", description);
    }

    static Map<String, Object> integer(String description, int minimum, int maximum) {
        return Map.of("type", "integer", "description", description, "minimum", minimum, "maximum", maximum);
    }

    static Map<String, Object> array(Map<String, Object> items, String description) {
        return Map.of("type", "array", "items", items, "description", description);
    }

    static Map<String, Object> enumeration(String description, String... values) {
        return Map.of("type", "string", "enum", Arrays.asList(values), "description", description);
    }

    /** {@return a closed object schema: no properties beyond {@code properties}, the {@code required} ones required} */
    static Map<String, Object> object(Map<String, Object> properties, String... required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.of(required));
        schema.put("additionalProperties", false);
        return schema;
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

    /** {@return an output schema: {@code success} when the call worked, {@link #ERROR} when it did not} */
    static Map<String, Object> output(Map<String, Object> success) {
        return Map.of("type", "object", "anyOf", List.of(success, ERROR));
    }
}
