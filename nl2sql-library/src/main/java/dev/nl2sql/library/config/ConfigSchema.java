package dev.nl2sql.library.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of the YAML file: which fields exist where. One description serves two jobs, so they cannot drift
 * apart: reporting unknown fields, and mapping environment variables such as {@code NL2SQL_DATABASES_0_POOL_SIZE}
 * onto field paths.
 */
sealed interface ConfigSchema {

    /** A single value (string, number, duration, size). */
    record Scalar() implements ConfigSchema {}

    /** A list of strings; from the environment, comma-separated. */
    record Strings() implements ConfigSchema {}

    /** A mapping with known fields. */
    record Fields(Map<String, ConfigSchema> fields) implements ConfigSchema {}

    /** A list of mappings. */
    record Items(Fields item) implements ConfigSchema {}

    /** A mapping of the user's own words, each to a list of strings ({@code synonyms}); not settable from the environment. */
    record Words() implements ConfigSchema {}

    Scalar SCALAR = new Scalar();

    Fields MASKED_COLUMN = fields("column", SCALAR, "mode", SCALAR);

    Fields DATABASE = fields(
            "name", SCALAR, "url", SCALAR, "service", SCALAR, "host", SCALAR, "port", SCALAR, "database", SCALAR, "user", SCALAR,
            "password_env", SCALAR, "pool_size", SCALAR, "connect_timeout", SCALAR, "statement_timeout", SCALAR, "pool_wait", SCALAR,
            "sslmode", SCALAR, "sslrootcert", SCALAR, "sslcert", SCALAR, "sslkey", SCALAR,
            "max_rows", SCALAR, "max_bytes", SCALAR, "max_cost", SCALAR, "read_only_role", SCALAR,
            "schemas", fields("include", new Strings(), "exclude", new Strings()),
            "sensitive", fields("hidden_tables", new Strings(), "hidden_columns", new Strings(),
                    "masked", new Items(MASKED_COLUMN), "hash_salt_env", SCALAR, "follow_views", SCALAR));

    Fields LLM = fields("base_url", SCALAR, "model", SCALAR, "api_key_env", SCALAR, "connect_timeout", SCALAR, "read_timeout", SCALAR,
            "question_timeout", SCALAR, "fallback", SCALAR);

    Fields SERVER = fields("transport", SCALAR, "bind", SCALAR, "port", SCALAR, "auth_tokens_env", SCALAR, "tools", new Strings(),
            "template_tools", SCALAR, "max_sessions", SCALAR, "session_idle_timeout", SCALAR, "allowed_hosts", new Strings(),
            "allowed_origins", new Strings(), "schema_check_interval", SCALAR, "ui", SCALAR, "stateless", SCALAR);

    Fields POSTGRES_TABLE = fields("host", SCALAR, "port", SCALAR, "database", SCALAR, "user", SCALAR, "password_env", SCALAR,
            "table", SCALAR);

    Fields AUDIT = fields("path", SCALAR, "fsync", SCALAR, "fsync_interval", SCALAR, "max_file_size", SCALAR, "retention_days", SCALAR,
            "redact_literals", SCALAR, "redact_questions", SCALAR, "postgres", POSTGRES_TABLE);

    Fields CONVERSATIONS = fields("ttl", SCALAR, "postgres", POSTGRES_TABLE);

    Fields LOGGING = fields("format", SCALAR);

    Fields TELEMETRY = fields("otlp_endpoint", SCALAR, "service_name", SCALAR);

    Fields ROOT = fields("databases", new Items(DATABASE), "llm", LLM, "server", SERVER, "audit", AUDIT, "templates", new Strings(),
            "synonyms", new Words(), "conversations", CONVERSATIONS, "logging", LOGGING, "telemetry", TELEMETRY);

    private static Fields fields(Object... namesAndSchemas) {
        Map<String, ConfigSchema> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndSchemas.length; i += 2) {
            fields.put((String) namesAndSchemas[i], (ConfigSchema) namesAndSchemas[i + 1]);
        }
        return new Fields(Map.copyOf(fields));
    }

    /** A step in a field path: a field name or a list index. */
    sealed interface Step {
        record Field(String name) implements Step {}

        record Index(int index) implements Step {}
    }

    /**
     * {@return the path that {@code tokens} (an environment variable name after {@code NL2SQL_}, split on
     * underscores and lower-cased) stands for, if any}. Field names contain underscores themselves, so at each
     * level the longest run of tokens that names a field wins.
     */
    static Optional<List<Step>> resolve(List<String> tokens) {
        return resolve(ROOT, tokens, 0, new java.util.ArrayList<>());
    }

    private static Optional<List<Step>> resolve(ConfigSchema schema, List<String> tokens, int at, List<Step> path) {
        switch (schema) {
            case Scalar s -> {
                return at == tokens.size() ? Optional.of(List.copyOf(path)) : Optional.empty();
            }
            case Strings s -> {
                return at == tokens.size() ? Optional.of(List.copyOf(path)) : Optional.empty();
            }
            case Words w -> {
                return Optional.empty();
            }
            case Items items -> {
                if (at >= tokens.size() || !tokens.get(at).matches("\\d{1,3}")) {
                    return Optional.empty();
                }
                path.add(new Step.Index(Integer.parseInt(tokens.get(at))));
                Optional<List<Step>> found = resolve(items.item(), tokens, at + 1, path);
                path.removeLast();
                return found;
            }
            case Fields fields -> {
                for (int end = tokens.size(); end > at; end--) {
                    String name = String.join("_", tokens.subList(at, end));
                    ConfigSchema child = fields.fields().get(name);
                    if (child != null) {
                        path.add(new Step.Field(name));
                        Optional<List<Step>> found = resolve(child, tokens, end, path);
                        path.removeLast();
                        if (found.isPresent()) {
                            return found;
                        }
                    }
                }
                return Optional.empty();
            }
        }
    }
}
