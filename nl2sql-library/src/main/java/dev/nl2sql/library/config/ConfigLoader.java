package dev.nl2sql.library.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nl2sql.postgres.PostgresAdapter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Loads the configuration: the YAML file (or built-in defaults when there is none), then environment overrides, then
 * secrets from the variables the file names. Every problem is collected and reported at once.
 *
 * <p>File choice: the {@code --config} flag, else {@code NL2SQL_CONFIG}, else {@code ./nl2sql.yaml}, else
 * {@code $XDG_CONFIG_HOME/nl2sql/nl2sql.yaml} (default {@code ~/.config}), else the defaults.
 *
 * <p>Overrides: {@code NL2SQL_<PATH>} sets the field at PATH, written in upper case with underscores between steps and
 * list indexes as numbers: {@code NL2SQL_DATABASES_0_HOST}, {@code NL2SQL_DATABASES_1_POOL_SIZE},
 * {@code NL2SQL_LLM_BASE_URL}, {@code NL2SQL_DATABASES_0_SCHEMAS_INCLUDE=public,sales}. An index one past the end adds
 * an entry. Variables that name no field are ignored (tools use other {@code NL2SQL_} variables too).
 *
 * <p>One database from a URL: {@code --dsn postgres://user@host:port/db?sslmode=...} replaces the file's databases (the
 * rest of the file still applies); with no file, {@code DATABASE_URL} does the same. Connection fields left out are
 * filled in libpq's way ({@link PostgresAdapter#connectionParameters}): a service from {@code pg_service.conf}, then {@code PGHOST},
 * {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD}, {@code PGSSLMODE}, ... and at connect time {@code ~/.pgpass}.
 */
public final class ConfigLoader {

    /** The environment variable that names the configuration file. */
    public static final String CONFIG_VARIABLE = "NL2SQL_CONFIG";

    /** The environment variable that, with no configuration file, names the one database by URL (as Heroku and others set it). */
    public static final String DATABASE_URL_VARIABLE = "DATABASE_URL";

    private static final String PREFIX = "NL2SQL_";

    /** Made at first use, not with the loader: {@code serve --stdio} answers from its snapshot before any YAML is read. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());
    }

    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final Path home;
    private final Function<String, Optional<Map<String, String>>> services;

    /** A loader reading the given environment, resolving relative default locations against the given folders. */
    public ConfigLoader(Map<String, String> environment, Path workingDirectory, Path home) {
        this(environment, workingDirectory, home, PostgresAdapter.SERVICE_FILES);
    }

    /** A loader that finds connection services with {@code services} instead of in pg_service.conf. */
    public ConfigLoader(Map<String, String> environment, Path workingDirectory, Path home,
            Function<String, Optional<Map<String, String>>> services) {
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
        this.home = home;
        this.services = services;
    }

    /** {@return a loader over this process's environment, working directory and home} */
    public static ConfigLoader fromSystem() {
        return new ConfigLoader(System.getenv(), Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")));
    }

    /** What loading gave: a configuration, or every problem found. */
    public sealed interface Outcome {
        record Loaded(Nl2SqlConfig config) implements Outcome {}

        record Invalid(List<ConfigProblem> problems) implements Outcome {
            public Invalid {
                problems = List.copyOf(problems);
            }
        }
    }

    /** {@return the configuration from {@code explicitFile} if given, else from the usual places} */
    public Outcome load(Optional<Path> explicitFile) {
        return load(explicitFile, Optional.empty());
    }

    /** {@return the configuration from {@code explicitFile} or the usual places, its databases replaced by {@code dsn} if given} */
    public Outcome load(Optional<Path> explicitFile, Optional<String> dsn) {
        return bind(explicitFile.or(this::locate), dsn);
    }

    /**
     * {@return the configuration with no file: one database, from {@code dsn}, else {@code DATABASE_URL}, else the
     * {@code PG*} variables and the local server} What {@code nl2sql init} starts a file from.
     */
    public Outcome withoutFile(Optional<String> dsn) {
        return bind(Optional.empty(), dsn);
    }

    private Outcome bind(Optional<Path> file, Optional<String> dsn) {
        String source = file.map(Path::toString).orElse("defaults");
        ObjectNode root;
        if (file.isPresent()) {
            Optional<ObjectNode> read = read(file.get());
            if (read.isEmpty()) {
                return new Outcome.Invalid(List.of(readProblem(file.get())));
            }
            root = read.get();
        } else {
            root = defaults();
        }
        Map<String, String> overriddenBy = new HashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        Optional<String> url = dsn.filter(d -> !d.isBlank())
                .or(() -> file.isEmpty() ? Optional.ofNullable(environment.get(DATABASE_URL_VARIABLE)).filter(d -> !d.isBlank()) : Optional.empty());
        if (url.isPresent()) {
            ObjectNode only = root.putArray("databases").addObject();
            only.put("name", nameOf(url.get()));
            only.put("url", url.get());
            overriddenBy.put("databases[0]", dsn.isPresent() ? "--dsn" : DATABASE_URL_VARIABLE); // the whole entry comes from there
            overriddenBy.put("databases[0].url", dsn.isPresent() ? "--dsn" : DATABASE_URL_VARIABLE);
        }
        applyOverrides(root, overriddenBy, problems);
        ConfigBinder binder = new ConfigBinder(source, overriddenBy, environment, home, services);
        Nl2SqlConfig config = binder.bind(root);
        problems.addAll(binder.problems());
        return problems.isEmpty() ? new Outcome.Loaded(config) : new Outcome.Invalid(problems);
    }

    /** {@return the file {@link #load} would read: {@code explicitFile} if given, else the first of the usual places that exists} */
    public Optional<Path> file(Optional<Path> explicitFile) {
        return explicitFile.or(this::locate);
    }

    /** {@return the folder a relative default location is resolved against} */
    public Path workingDirectory() {
        return workingDirectory;
    }

    /** {@return nl2sql's state folder, {@code $XDG_STATE_HOME/nl2sql} (default {@code ~/.local/state/nl2sql}), where the audit log goes by default} */
    public Path stateDirectory() {
        String state = environment.get("XDG_STATE_HOME");
        return (state != null && !state.isBlank() ? Path.of(state) : home.resolve(".local/state")).resolve("nl2sql");
    }

    /**
     * {@return the environment variables a configuration from a file with {@code fileText} (empty with no file) could
     * depend on, by name, sorted} Every {@code NL2SQL_} override, {@code DATABASE_URL} and libpq's {@code PG*}, the
     * XDG folders and {@code HOME}, the secrets' default variables, and every variable whose name is a word of the file:
     * {@code password_env}, {@code api_key_env}, {@code hash_salt_env} and {@code auth_tokens_env} name them there.
     * More than the configuration reads, never less: a fingerprint of these changes whenever the configuration can.
     */
    public SortedMap<String, String> variablesFor(String fileText) {
        Set<String> words = new HashSet<>(Arrays.asList(fileText.split("[^A-Za-z0-9_]+")));
        SortedMap<String, String> read = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(PREFIX) || name.startsWith("PG") || name.startsWith("XDG_") || name.equals(DATABASE_URL_VARIABLE)
                    || name.equals("HOME") || name.equals(LlmConfig.DEFAULT_API_KEY_ENV) || words.contains(name)) {
                read.put(name, value);
            }
        });
        return read;
    }

    private Optional<Path> locate() {
        String named = environment.get(CONFIG_VARIABLE);
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named));
        }
        Path local = workingDirectory.resolve("nl2sql.yaml");
        if (Files.isRegularFile(local)) {
            return Optional.of(local);
        }
        Path user = userFile();
        return Files.isRegularFile(user) ? Optional.of(user) : Optional.empty();
    }

    /** {@return the user's configuration file, {@code $XDG_CONFIG_HOME/nl2sql/nl2sql.yaml} (default {@code ~/.config}), found from any folder} */
    public Path userFile() {
        String xdg = environment.get("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config")).resolve("nl2sql/nl2sql.yaml");
    }

    private static Optional<ObjectNode> read(Path file) {
        try {
            JsonNode node = Yaml.MAPPER.readTree(file.toFile());
            if (node == null || node.isMissingNode() || node.isNull()) {
                return Optional.of(JsonNodeFactory.instance.objectNode()); // an empty file means "all defaults"
            }
            return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static ConfigProblem readProblem(Path file) {
        if (!Files.exists(file)) {
            return new ConfigProblem(file.toString(), "", "file not found");
        }
        try {
            JsonNode node = Yaml.MAPPER.readTree(file.toFile());
            return new ConfigProblem(file.toString(), "", "must be a YAML mapping at the top level, was " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        } catch (JsonProcessingException e) {
            String location = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
            return new ConfigProblem(file.toString(), "", "not valid YAML: " + location + e.getOriginalMessage());
        } catch (IOException e) {
            return new ConfigProblem(file.toString(), "", "cannot be read: " + e.getMessage());
        }
    }

    /**
     * With no file: one database, the local server's {@code postgres} database (or what the {@code PG*} variables
     * say), so {@code doctor} has something real to check.
     */
    private ObjectNode defaults() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode local = root.putArray("databases").addObject();
        local.put("name", "local");
        if (!environment.containsKey("PGDATABASE") && !environment.containsKey("PGSERVICE")) {
            local.put("database", "postgres");
        }
        return root;
    }

    /** {@return the nl2sql name of the database at {@code url}: its name on the server, made to fit, or {@code db}} */
    static String nameOf(String url) {
        String database;
        try {
            database = PostgresAdapter.parseUrl(url).getOrDefault("dbname", "db");
        } catch (IllegalArgumentException e) {
            database = "db"; // the binder reports what is wrong with the url
        }
        String name = database.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        name = name.matches("[a-z].*") ? name : "db-" + name;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    private void applyOverrides(ObjectNode root, Map<String, String> overriddenBy, List<ConfigProblem> problems) {
        // Sorted, so that NL2SQL_DATABASES_1_* is applied after NL2SQL_DATABASES_0_* and appends in order.
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(PREFIX) || name.equals(CONFIG_VARIABLE)) {
                continue;
            }
            List<String> tokens = Arrays.asList(name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).split("_"));
            Optional<List<ConfigSchema.Step>> path = ConfigSchema.resolve(tokens);
            if (path.isPresent()) {
                set(root, path.get(), variable.getValue(), name, overriddenBy, problems);
            }
        }
    }

    private static void set(ObjectNode root, List<ConfigSchema.Step> path, String value, String variable,
            Map<String, String> overriddenBy, List<ConfigProblem> problems) {
        JsonNode node = root;
        StringBuilder printed = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            ConfigSchema.Step step = path.get(i);
            boolean last = i == path.size() - 1;
            switch (step) {
                case ConfigSchema.Step.Field field -> {
                    if (!(node instanceof ObjectNode object)) {
                        problems.add(new ConfigProblem("environment (" + variable + ")", printed.toString(), "is not a mapping, cannot set " + field.name()));
                        return;
                    }
                    printed.append(printed.isEmpty() ? "" : ".").append(field.name());
                    if (last) {
                        object.put(field.name(), value);
                    } else if (!(object.get(field.name()) instanceof ObjectNode || object.get(field.name()) instanceof ArrayNode)) {
                        boolean nextIsIndex = path.get(i + 1) instanceof ConfigSchema.Step.Index;
                        if (nextIsIndex) {
                            object.putArray(field.name());
                        } else {
                            object.putObject(field.name());
                        }
                    }
                    node = object.get(field.name());
                }
                case ConfigSchema.Step.Index index -> {
                    if (!(node instanceof ArrayNode array)) {
                        problems.add(new ConfigProblem("environment (" + variable + ")", printed.toString(), "is not a list, cannot set entry [" + index.index() + "]"));
                        return;
                    }
                    if (index.index() > array.size()) {
                        problems.add(new ConfigProblem("environment (" + variable + ")", printed + "[" + index.index() + "]",
                                "index skips entries: the list has " + array.size() + ", so the next one is [" + array.size() + "]"));
                        return;
                    }
                    if (index.index() == array.size()) {
                        array.addObject();
                    }
                    printed.append('[').append(index.index()).append(']');
                    node = array.get(index.index());
                }
            }
        }
        overriddenBy.put(printed.toString(), variable);
    }
}
