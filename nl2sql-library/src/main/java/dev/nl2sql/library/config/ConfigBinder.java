package dev.nl2sql.library.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.database.TlsSettings;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.domain.template.QueryTemplate;
import dev.nl2sql.postgres.PostgresAdapter;
import dev.nl2sql.usecase.CachedSchemaCatalog;
import dev.nl2sql.usecase.GenerateSql;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the YAML tree into config records, collecting a precise problem for every bad field instead of stopping. */
final class ConfigBinder {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    /** The connection fields of a database entry and the libpq keyword each one stands for. */
    private static final Map<String, String> CONNECTION_FIELDS = Map.of("host", "host", "port", "port", "database", "dbname", "user", "user",
            "service", "service", "sslmode", "sslmode", "sslrootcert", "sslrootcert", "sslcert", "sslcert", "sslkey", "sslkey");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?", Pattern.CASE_INSENSITIVE);

    private final String file;
    private final Map<String, String> overriddenBy;
    private final Map<String, String> environment;
    private final Path home;
    private final Function<String, Optional<Map<String, String>>> services;
    private final List<ConfigProblem> problems = new ArrayList<>();

    ConfigBinder(String file, Map<String, String> overriddenBy, Map<String, String> environment, Path home,
            Function<String, Optional<Map<String, String>>> services) {
        this.file = file;
        this.overriddenBy = overriddenBy;
        this.environment = environment;
        this.home = home;
        this.services = services;
    }

    List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }

    Nl2SqlConfig bind(ObjectNode root) {
        unknownFields(root, ConfigSchema.ROOT, "");
        List<DatabaseConfig> databases = databases(root.get("databases"));
        LlmConfig llm = llm(object(root, "llm", ""));
        ServerConfig server = server(object(root, "server", ""));
        AuditConfig audit = audit(object(root, "audit", ""));
        TemplateFiles templateFiles = new TemplateFiles(databases.stream().map(DatabaseConfig::name).collect(java.util.stream.Collectors.toSet()));
        List<QueryTemplate> templates = templateFiles.read(strings(root, "templates", "").stream().map(this::relativeToConfig).toList());
        problems.addAll(templateFiles.problems());
        return new Nl2SqlConfig(file, databases, llm, server, audit, templates, synonyms(root.get("synonyms")),
                conversations(object(root, "conversations", "")), operations(object(root, "logging", ""), object(root, "telemetry", "")));
    }

    /** {@code synonyms: {patron: customers, gig: [concert, event]}}: the team's words for schema words. */
    private Map<String, List<String>> synonyms(JsonNode node) {
        Map<String, List<String>> synonyms = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return synonyms;
        }
        if (!(node instanceof ObjectNode words)) {
            problem("synonyms", "must be a mapping of words to the schema words they stand for, e.g. patron: customers");
            return synonyms;
        }
        words.fields().forEachRemaining(entry -> {
            JsonNode targets = entry.getValue();
            List<String> list = new ArrayList<>();
            if (targets.isTextual() && !targets.asText().isBlank()) {
                list.add(targets.asText().strip());
            } else if (targets.isArray() && !targets.isEmpty()) {
                targets.forEach(t -> list.add(t.asText().strip()));
            }
            if (list.isEmpty() || list.stream().anyMatch(String::isBlank)) {
                problem("synonyms." + entry.getKey(), "must be a schema word or a list of them");
            } else {
                synonyms.put(entry.getKey(), list);
            }
        });
        return synonyms;
    }

    private List<DatabaseConfig> databases(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problem("databases", "must be a list of databases");
            return List.of();
        }
        List<DatabaseConfig> databases = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "databases[" + i + "]";
            if (!(node.get(i) instanceof ObjectNode entry)) {
                problem(path, "must be a mapping with at least a name");
                continue;
            }
            unknownFields(entry, ConfigSchema.DATABASE, path);
            Optional<DatabaseConfig> database = database(entry, path);
            database.ifPresent(d -> {
                if (!names.add(d.name().value())) {
                    problem(path + ".name", "duplicate database name '" + d.name() + "': each database needs its own name");
                } else {
                    databases.add(d);
                }
            });
        }
        return databases;
    }

    private Optional<DatabaseConfig> database(ObjectNode entry, String path) {
        Optional<String> rawName = text(entry, "name", path);
        if (rawName.isEmpty()) {
            problem(path + ".name", "is required");
        } else if (!DatabaseName.isValid(rawName.get())) {
            problem(path + ".name", "must be lower case letters, digits, '_' or '-', starting with a letter, was '" + rawName.get() + "'");
        }
        Connection connection = connection(entry, path, rawName.orElse("postgres"));
        int poolSize = integer(entry, "pool_size", path, DatabaseConfig.DEFAULT_POOL_SIZE, 1, 200);
        Duration connectTimeout = duration(entry, "connect_timeout", path, DatabaseConfig.DEFAULT_CONNECT_TIMEOUT);
        Duration statementTimeout = duration(entry, "statement_timeout", path, DatabaseConfig.DEFAULT_STATEMENT_TIMEOUT);
        Duration poolWait = duration(entry, "pool_wait", path, DatabaseConfig.DEFAULT_POOL_WAIT);
        int maxRows = integer(entry, "max_rows", path, DatabaseConfig.DEFAULT_MAX_ROWS, 1, 1_000_000);
        long maxBytes = size(entry, "max_bytes", path, DatabaseConfig.DEFAULT_MAX_BYTES);
        Optional<Double> maxCost = positiveNumber(entry, "max_cost", path);
        Optional<String> role = text(entry, "read_only_role", path);
        ObjectNode schemas = object(entry, "schemas", path);
        List<String> include = strings(schemas, "include", path + ".schemas");
        List<String> exclude = strings(schemas, "exclude", path + ".schemas");
        SensitiveData sensitive = sensitive(object(entry, "sensitive", path), path + ".sensitive");
        if (rawName.isEmpty() || !DatabaseName.isValid(rawName.get())) {
            return Optional.empty();
        }
        return Optional.of(new DatabaseConfig(new DatabaseName(rawName.get()), connection.host(), connection.port(), connection.database(),
                connection.user(), connection.passwordEnv(), connection.password(), poolSize, connectTimeout, statementTimeout, maxRows,
                maxBytes, role, include, exclude, maxCost, sensitive, connection.tls(), poolWait));
    }

    /** Where a database is and how to log in, before the limits and policies. */
    private record Connection(String host, int port, String database, String user, Optional<String> passwordEnv,
            Optional<Secret> password, TlsSettings tls) {}

    /**
     * The connection of a database entry: its {@code url}, its fields, the service they name and the {@code PG*}
     * variables, in libpq's order. A field may not repeat what the url says. The database on the server defaults to
     * the entry's name ({@code PGDATABASE} applies only to the database made from a URL or from no file at all).
     */
    private Connection connection(ObjectNode entry, String path, String name) {
        Map<String, String> explicit = new LinkedHashMap<>();
        Optional<String> url = text(entry, "url", path);
        if (url.isPresent()) {
            try {
                explicit.putAll(PostgresAdapter.parseUrl(url.get()));
            } catch (IllegalArgumentException e) {
                problem(path + ".url", "is not a PostgreSQL URL: " + e.getMessage() + " (was '" + PostgresAdapter.redactUrl(url.get()) + "')");
            }
            if (explicit.containsKey("password") && !overriddenBy.containsKey(path + ".url")) {
                problem(path + ".url", "passwords never go in the file: leave it out of the url and use password_env, PGPASSWORD or ~/.pgpass");
                explicit.remove("password");
            }
        }
        for (Map.Entry<String, String> field : CONNECTION_FIELDS.entrySet()) {
            Optional<String> value = text(entry, field.getKey(), path);
            if (value.isPresent() && explicit.containsKey(field.getValue())) {
                problem(path + "." + field.getKey(), "is also given by url: say it once");
            }
            value.ifPresent(v -> explicit.put(field.getValue(), v));
        }
        Optional<String> passwordEnv = text(entry, "password_env", path);
        if (passwordEnv.isPresent()) {
            String value = environment.get(passwordEnv.get());
            if (value == null) {
                problem(path + ".password_env", "environment variable " + passwordEnv.get() + " is not set");
            } else {
                explicit.put("password", value);
            }
        }
        Map<String, String> resolved = resolve(explicit, path);
        String host = resolved.getOrDefault("host", DatabaseConfig.DEFAULT_HOST);
        int port = DatabaseConfig.DEFAULT_PORT;
        if (resolved.containsKey("port")) {
            String raw = resolved.get("port");
            try {
                long value = Long.parseLong(raw);
                if (value < 1 || value > 65_535) {
                    problem(path + ".port", "must be 1-65535, was " + raw);
                } else {
                    port = (int) value;
                }
            } catch (NumberFormatException e) {
                problem(path + ".port", "must be a whole number, was '" + raw + "'");
            }
        }
        TlsSettings.SslMode mode = TlsSettings.SslMode.PREFER;
        if (resolved.containsKey("sslmode")) {
            mode = TlsSettings.SslMode.parse(resolved.get("sslmode")).orElseGet(() -> {
                problem(path + ".sslmode", "must be disable, allow, prefer, require, verify-ca or verify-full, was '" + resolved.get("sslmode") + "'");
                return TlsSettings.SslMode.PREFER;
            });
        }
        TlsSettings tls = new TlsSettings(mode, existingFile(resolved, "sslrootcert", path), existingFile(resolved, "sslcert", path),
                existingFile(resolved, "sslkey", path));
        return new Connection(host, port, resolved.getOrDefault("dbname", name), resolved.getOrDefault("user", DatabaseConfig.DEFAULT_USER),
                passwordEnv, Optional.ofNullable(resolved.get("password")).map(Secret::new), tls);
    }

    private Map<String, String> resolve(Map<String, String> explicit, String path) {
        try {
            return PostgresAdapter.connectionParameters(explicit, databaseEnvironment(path), services);
        } catch (IllegalArgumentException e) {
            problem(path + ".service", e.getMessage());
            return explicit;
        }
    }

    /** The database made from a URL (--dsn, DATABASE_URL) or from no file takes PGDATABASE; the file's entries take their names. */
    private Map<String, String> databaseEnvironment(String path) {
        if (overriddenBy.containsKey(path + ".url") || file.equals("defaults")) {
            return environment;
        }
        Map<String, String> withoutDatabase = new HashMap<>(environment);
        withoutDatabase.remove("PGDATABASE");
        return withoutDatabase;
    }

    private Optional<Path> existingFile(Map<String, String> resolved, String keyword, String path) {
        Optional<Path> file = Optional.ofNullable(resolved.get(keyword)).filter(v -> !v.isBlank()).map(this::expandHome);
        if (file.isPresent() && !Files.isReadable(file.get())) {
            problem(path + "." + keyword, "file " + file.get() + " does not exist or cannot be read");
        }
        return file;
    }

    /** A database's sensitive data policy; each bad pattern, mode or missing salt is its own problem. */
    private SensitiveData sensitive(ObjectNode node, String path) {
        List<String> tables = strings(node, "hidden_tables", path);
        List<String> columns = strings(node, "hidden_columns", path);
        List<SensitiveData.MaskedColumn> masked = new ArrayList<>();
        JsonNode items = node.get("masked");
        if (items != null && !items.isNull() && !items.isArray()) {
            problem(path + ".masked", "must be a list of {column, mode} entries");
        } else if (items != null) {
            for (int i = 0; i < items.size(); i++) {
                String at = path + ".masked[" + i + "]";
                if (!(items.get(i) instanceof ObjectNode item)) {
                    problem(at, "must be a mapping with column and mode");
                    continue;
                }
                unknownFields(item, ConfigSchema.MASKED_COLUMN, at);
                Optional<String> column = text(item, "column", at);
                String mode = text(item, "mode", at).orElse("mask").toUpperCase(Locale.ROOT);
                if (column.isEmpty()) {
                    problem(at + ".column", "is required: a column pattern such as people.email or *.email");
                } else if (!mode.equals("MASK") && !mode.equals("HASH")) {
                    problem(at + ".mode", "must be mask or hash, was '" + mode.toLowerCase(Locale.ROOT) + "'");
                } else {
                    try {
                        masked.add(new SensitiveData.MaskedColumn(column.get(), SensitiveData.Mode.valueOf(mode)));
                    } catch (IllegalArgumentException e) {
                        problem(at + ".column", e.getMessage());
                    }
                }
            }
        }
        Optional<String> saltEnv = text(node, "hash_salt_env", path);
        Optional<String> salt = saltEnv.map(environment::get).filter(v -> !v.isBlank());
        if (saltEnv.isPresent() && salt.isEmpty()) {
            problem(path + ".hash_salt_env", "environment variable " + saltEnv.get() + " is not set");
        }
        if (salt.isEmpty() && masked.stream().anyMatch(m -> m.mode() == SensitiveData.Mode.HASH)) {
            if (saltEnv.isEmpty()) {
                problem(path + ".hash_salt_env", "is required when a column is hashed: name the environment variable that holds the salt");
            }
            return SensitiveData.NONE;
        }
        try {
            SensitiveData policy = new SensitiveData(tables, columns, masked, salt);
            return bool(node, "follow_views", path) ? policy.followingViews() : policy;
        } catch (IllegalArgumentException e) {
            problem(path, e.getMessage());
            return SensitiveData.NONE;
        }
    }

    private LlmConfig llm(ObjectNode node) {
        Optional<URI> baseUrl = text(node, "base_url", "llm").flatMap(raw -> {
            try {
                URI uri = new URI(raw);
                if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                    problem("llm.base_url", "must be an http(s) URL such as http://127.0.0.1:11434/v1, was '" + raw + "'");
                    return Optional.empty();
                }
                return Optional.of(uri);
            } catch (URISyntaxException e) {
                problem("llm.base_url", "is not a URL: " + e.getMessage());
                return Optional.empty();
            }
        });
        String model = text(node, "model", "llm").orElse(LlmConfig.DEFAULT_MODEL);
        String keyEnv = text(node, "api_key_env", "llm").orElse(LlmConfig.DEFAULT_API_KEY_ENV);
        Optional<Secret> key = Optional.ofNullable(environment.get(keyEnv)).filter(v -> !v.isBlank()).map(Secret::new);
        Duration connect = duration(node, "connect_timeout", "llm", LlmConfig.DEFAULT_CONNECT_TIMEOUT);
        Duration read = duration(node, "read_timeout", "llm", LlmConfig.DEFAULT_READ_TIMEOUT);
        Duration question = duration(node, "question_timeout", "llm", LlmConfig.DEFAULT_QUESTION_TIMEOUT);
        Optional<GenerateSql.Fallback> fallback = text(node, "fallback", "llm").flatMap(raw -> {
            try {
                return Optional.of(GenerateSql.Fallback.valueOf(raw.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                problem("llm.fallback", "must be offline or refuse, was '" + raw + "'");
                return Optional.empty();
            }
        });
        return new LlmConfig(baseUrl, model, keyEnv, key, connect, read, question, fallback);
    }

    private ServerConfig server(ObjectNode node) {
        ServerConfig.Transport transport = text(node, "transport", "server").flatMap(raw -> {
            try {
                return Optional.of(ServerConfig.Transport.valueOf(raw.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                problem("server.transport", "must be stdio or http, was '" + raw + "'");
                return Optional.empty();
            }
        }).orElse(ServerConfig.DEFAULT_TRANSPORT);
        String bind = text(node, "bind", "server").orElse(ServerConfig.DEFAULT_BIND);
        int port = integer(node, "port", "server", ServerConfig.DEFAULT_PORT, 1, 65_535);
        String tokensEnv = text(node, "auth_tokens_env", "server").orElse(ServerConfig.DEFAULT_AUTH_TOKENS_ENV);
        List<Secret> tokens = new ArrayList<>();
        String raw = environment.get(tokensEnv);
        if (raw != null) {
            for (String token : raw.split(",")) {
                if (!token.isBlank()) {
                    tokens.add(new Secret(token.strip()));
                }
            }
        }
        List<String> tools = strings(node, "tools", "server");
        boolean templateTools = bool(node, "template_tools", "server");
        int maxSessions = integer(node, "max_sessions", "server", ServerConfig.defaultMaxSessions(), 1, 1_000_000);
        Duration idle = duration(node, "session_idle_timeout", "server", ServerConfig.DEFAULT_SESSION_IDLE_TIMEOUT);
        List<String> hosts = strings(node, "allowed_hosts", "server");
        List<String> origins = strings(node, "allowed_origins", "server");
        for (String origin : origins) {
            if (!origin.matches("(?i)https?://[^/\\s:]+(:\\d{1,5})?/?|(?i)https?://\\[[0-9a-f:.]+](:\\d{1,5})?/?")) {
                problem("server.allowed_origins", "must be origins such as http://localhost:6274 (scheme, host, port), was '" + origin + "'");
            }
        }
        return new ServerConfig(transport, bind, port, tokensEnv, tokens, tools.isEmpty() ? ServerConfig.DEFAULT_TOOLS : tools,
                templateTools, maxSessions, idle, hosts, origins,
                duration(node, "schema_check_interval", "server", CachedSchemaCatalog.DEFAULT_TTL), bool(node, "ui", "server"),
                bool(node, "stateless", "server"));
    }

    private AuditConfig audit(ObjectNode node) {
        Path path = text(node, "path", "audit").map(this::expandHome).orElseGet(() -> {
            String state = environment.get("XDG_STATE_HOME");
            Path base = state != null && !state.isBlank() ? Path.of(state) : home.resolve(".local/state");
            return base.resolve("nl2sql/audit");
        });
        AuditConfig.Fsync fsync = text(node, "fsync", "audit").flatMap(raw -> {
            try {
                return Optional.of(AuditConfig.Fsync.valueOf(raw.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                problem("audit.fsync", "must be always or batch, was '" + raw + "'");
                return Optional.empty();
            }
        }).orElse(AuditConfig.DEFAULT_FSYNC);
        Duration interval = duration(node, "fsync_interval", "audit", AuditConfig.DEFAULT_FSYNC_INTERVAL);
        long maxFileSize = size(node, "max_file_size", "audit", AuditConfig.DEFAULT_MAX_FILE_SIZE);
        int retention = integer(node, "retention_days", "audit", AuditConfig.DEFAULT_RETENTION_DAYS, 1, 36_500);
        boolean literals = bool(node, "redact_literals", "audit");
        boolean questions = bool(node, "redact_questions", "audit");
        Optional<PostgresTableConfig> postgres = node.get("postgres") == null || node.get("postgres").isNull() ? Optional.empty()
                : Optional.of(postgresTable(object(node, "postgres", "audit"), "audit.postgres", "the audit table",
                        PostgresTableConfig.AUDIT_TABLE));
        return new AuditConfig(path, fsync, interval, maxFileSize, retention, literals, questions, postgres);
    }

    private ConversationsConfig conversations(ObjectNode node) {
        Optional<PostgresTableConfig> postgres = node.get("postgres") == null || node.get("postgres").isNull() ? Optional.empty()
                : Optional.of(postgresTable(object(node, "postgres", "conversations"), "conversations.postgres",
                        "the conversations table", PostgresTableConfig.CONVERSATIONS_TABLE));
        return new ConversationsConfig(duration(node, "ttl", "conversations", ConversationsConfig.DEFAULT_TTL), postgres);
    }

    private OperationsConfig operations(ObjectNode logging, ObjectNode telemetry) {
        boolean json = text(logging, "format", "logging").map(raw -> switch (raw.toLowerCase(Locale.ROOT)) {
            case "json" -> true;
            case "text" -> false;
            default -> {
                problem("logging.format", "must be text or json, was '" + raw + "'");
                yield false;
            }
        }).orElse(false);
        Optional<URI> endpoint = text(telemetry, "otlp_endpoint", "telemetry").flatMap(raw -> {
            try {
                URI uri = new URI(raw);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return Optional.of(uri);
                }
            } catch (URISyntaxException e) {
                // said below
            }
            problem("telemetry.otlp_endpoint", "must be an http(s) URL such as http://collector:4318, was '" + raw + "'");
            return Optional.empty();
        });
        return new OperationsConfig(json, endpoint, text(telemetry, "service_name", "telemetry").orElse(OperationsConfig.DEFAULT_SERVICE_NAME));
    }

    private PostgresTableConfig postgresTable(ObjectNode node, String at, String holds, String defaultTable) {
        String host = text(node, "host", at).orElse(DatabaseConfig.DEFAULT_HOST);
        int port = integer(node, "port", at, DatabaseConfig.DEFAULT_PORT, 1, 65_535);
        Optional<String> database = text(node, "database", at);
        if (database.isEmpty()) {
            problem(at + ".database", "is required: the database that holds " + holds);
        }
        String user = text(node, "user", at).orElse(DatabaseConfig.DEFAULT_USER);
        Optional<String> passwordEnv = text(node, "password_env", at);
        Optional<Secret> password = Optional.empty();
        if (passwordEnv.isPresent()) {
            String value = environment.get(passwordEnv.get());
            if (value == null) {
                problem(at + ".password_env", "environment variable " + passwordEnv.get() + " is not set");
            } else {
                password = Optional.of(new Secret(value));
            }
        }
        String table = text(node, "table", at).orElse(defaultTable);
        if (!table.matches("[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?")) {
            problem(at + ".table", "must be a lower-case table name, optionally schema-qualified, was '" + table + "'");
            table = defaultTable;
        }
        return new PostgresTableConfig(host, port, database.orElse("postgres"), user, passwordEnv, password, table);
    }

    private boolean bool(ObjectNode parent, String field, String path) {
        Optional<String> raw = text(parent, field, path);
        if (raw.isEmpty()) {
            return false;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                problem(join(path, field), "must be true or false, was '" + raw.get() + "'");
                yield false;
            }
        };
    }

    /** Template paths are read relative to the configuration file, as people expect of paths written in a file. */
    private Path relativeToConfig(String raw) {
        Path path = expandHome(raw);
        if (path.isAbsolute() || file.equals("defaults")) {
            return path;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        return parent == null ? path : parent.resolve(path);
    }

    private Path expandHome(String raw) {
        return raw.equals("~") ? home : raw.startsWith("~/") ? home.resolve(raw.substring(2)) : Path.of(raw);
    }

    // --- field readers: each reports its own problem and returns the default, so binding always completes ---

    private void unknownFields(ObjectNode node, ConfigSchema.Fields schema, String path) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            String at = path.isEmpty() ? name : path + "." + name;
            if (name.equals("password")) {
                problem(at, "passwords never go in the file: name the environment variable that holds it with password_env");
            } else if (!schema.fields().containsKey(name)) {
                problem(at, "unknown field; known fields here: " + String.join(", ", schema.fields().keySet().stream().sorted().toList()));
            } else if (schema.fields().get(name) instanceof ConfigSchema.Fields nested && node.get(name) instanceof ObjectNode child) {
                unknownFields(child, nested, at);
            }
        }
    }

    private ObjectNode object(ObjectNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node instanceof ObjectNode object) {
            return object;
        }
        if (node != null && !node.isNull()) {
            problem(join(path, field), "must be a mapping");
        }
        return JsonNodeFactory.instance.objectNode();
    }

    private Optional<String> text(ObjectNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isValueNode()) {
            problem(join(path, field), "must be a single value");
            return Optional.empty();
        }
        String value = node.asText().strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private int integer(ObjectNode parent, String field, String path, int fallback, int min, int max) {
        Optional<String> raw = text(parent, field, path);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.get());
            if (value < min || value > max) {
                problem(join(path, field), "must be " + min + "-" + max + ", was " + raw.get());
                return fallback;
            }
            return (int) value;
        } catch (NumberFormatException e) {
            problem(join(path, field), "must be a whole number, was '" + raw.get() + "'");
            return fallback;
        }
    }

    private Optional<Double> positiveNumber(ObjectNode parent, String field, String path) {
        Optional<String> raw = text(parent, field, path);
        try {
            Optional<Double> value = raw.map(Double::parseDouble);
            if (value.isPresent() && !(value.get() > 0 && Double.isFinite(value.get()))) {
                problem(join(path, field), "must be a positive number, was " + raw.get());
                return Optional.empty();
            }
            return value;
        } catch (NumberFormatException e) {
            problem(join(path, field), "must be a number, was '" + raw.get() + "'");
            return Optional.empty();
        }
    }

    private Duration duration(ObjectNode parent, String field, String path, Duration fallback) {
        Optional<String> raw = text(parent, field, path);
        if (raw.isEmpty()) {
            return fallback;
        }
        Matcher m = DURATION.matcher(raw.get().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            problem(join(path, field), "must be a positive duration such as 500ms, 30s, 5m or 1h, was '" + raw.get() + "'");
            return fallback;
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private long size(ObjectNode parent, String field, String path, long fallback) {
        Optional<String> raw = text(parent, field, path);
        if (raw.isEmpty()) {
            return fallback;
        }
        Matcher m = SIZE.matcher(raw.get());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            problem(join(path, field), "must be a positive size such as 65536, 512KB or 4MB, was '" + raw.get() + "'");
            return fallback;
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "kb", "kib" -> amount * 1024;
            case "mb", "mib" -> amount * 1024 * 1024;
            case "gb", "gib" -> amount * 1024 * 1024 * 1024;
            default -> amount;
        };
    }

    private List<String> strings(ObjectNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> values.add(item.asText().strip()));
        } else if (node.isValueNode()) {
            for (String item : node.asText().split(",")) { // the environment gives a comma-separated string
                if (!item.isBlank()) {
                    values.add(item.strip());
                }
            }
        } else {
            problem(join(path, field), "must be a list of names");
        }
        return values;
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** A problem at {@code path}, blamed on the variable or option that set it or the entry around it, else on the file. */
    private void problem(String path, String message) {
        String variable = null;
        for (String at = path; variable == null && !at.isEmpty(); at = at.substring(0, Math.max(0, Math.max(at.lastIndexOf('.'), at.lastIndexOf('['))))) {
            variable = overriddenBy.get(at);
        }
        problems.add(new ConfigProblem(variable == null ? file : variable.startsWith("--") ? "command line (" + variable + ")"
                : "environment (" + variable + ")", path, message));
    }
}
