package dev.nl2sql.library.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.template.ParameterType;
import dev.nl2sql.domain.template.QueryTemplate;
import dev.nl2sql.domain.template.TemplateParameter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads query templates from YAML files (a file, or every {@code .yaml}/{@code .yml} file of a folder):
 *
 * <pre>
 * templates:
 *   - name: top_customers
 *     database: shop
 *     description: Customers who spent the most
 *     keywords: [top, customers]
 *     sql: SELECT name, total FROM customer_totals ORDER BY total DESC LIMIT :n
 *     parameters:
 *       - {name: n, type: integer, default: "10", description: how many customers}
 * </pre>
 *
 * Every problem is reported with its file and path, like the configuration's.
 */
final class TemplateFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TEMPLATE_FIELDS = Set.of("name", "database", "description", "keywords", "sql", "parameters");
    private static final Set<String> PARAMETER_FIELDS = Set.of("name", "type", "description", "default");

    private final Set<DatabaseName> databases;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    TemplateFiles(Set<DatabaseName> databases) {
        this.databases = Set.copyOf(databases);
    }

    List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }

    List<QueryTemplate> read(List<Path> paths) {
        List<QueryTemplate> templates = new ArrayList<>();
        for (Path path : paths) {
            for (Path file : files(path)) {
                templates.addAll(readFile(file));
            }
        }
        return templates;
    }

    private List<Path> files(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            problems.add(new ConfigProblem(path.toString(), "", "template file or folder not found"));
            return List.of();
        }
        try (Stream<Path> listed = Files.list(path)) {
            return listed.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            problems.add(new ConfigProblem(path.toString(), "", "cannot be read: " + e.getMessage()));
            return List.of();
        }
    }

    private List<QueryTemplate> readFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in);
        } catch (IOException e) {
            problems.add(new ConfigProblem(file.toString(), "", "cannot be read: " + e.getMessage()));
            return List.of();
        }
    }

    /** {@return the templates of one YAML document, e.g. a classpath resource; {@code file} names it in problems} */
    List<QueryTemplate> read(String file, InputStream in) {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (IOException e) {
            problems.add(new ConfigProblem(file, "", "not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
            return List.of();
        }
        JsonNode list = root == null ? null : root.get("templates");
        if (list == null || !list.isArray()) {
            problems.add(new ConfigProblem(file, "templates", "must be a list of templates"));
            return List.of();
        }
        List<QueryTemplate> templates = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            template(file, "templates[" + i + "]", list.get(i)).ifPresent(templates::add);
        }
        return templates;
    }

    private Optional<QueryTemplate> template(String file, String path, JsonNode node) {
        int before = problems.size();
        unknown(file, path, node, TEMPLATE_FIELDS);
        String name = text(file, path, node, "name", true);
        String database = text(file, path, node, "database", true);
        String description = text(file, path, node, "description", true);
        String sql = text(file, path, node, "sql", true);
        List<String> keywords = new ArrayList<>();
        if (node.has("keywords")) {
            node.get("keywords").forEach(k -> keywords.add(k.asText().strip()));
        }
        if (!name.isEmpty() && !name.matches("[a-z][a-z0-9_]*")) {
            problem(file, path + ".name", "must be lower snake_case, was '" + name + "'");
        } else if (!name.isEmpty() && !names.add(name)) {
            problem(file, path + ".name", "duplicate template name '" + name + "'");
        }
        if (!database.isEmpty() && !(DatabaseName.isValid(database) && databases.contains(DatabaseName.of(database)))) {
            problem(file, path + ".database", "no database named '" + database + "' is configured");
        }
        List<TemplateParameter> parameters = new ArrayList<>();
        JsonNode declared = node.get("parameters");
        if (declared != null && declared.isArray()) {
            for (int i = 0; i < declared.size(); i++) {
                parameter(file, path + ".parameters[" + i + "]", declared.get(i)).ifPresent(parameters::add);
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new QueryTemplate(name, description, DatabaseName.of(database), sql, parameters, keywords));
    }

    private Optional<TemplateParameter> parameter(String file, String path, JsonNode node) {
        int before = problems.size();
        unknown(file, path, node, PARAMETER_FIELDS);
        String name = text(file, path, node, "name", true);
        String type = text(file, path, node, "type", true);
        String description = text(file, path, node, "description", false);
        Optional<String> fallback = node.has("default") ? Optional.of(node.get("default").asText()) : Optional.empty();
        if (!name.isEmpty() && !name.matches("[a-z][a-z0-9_]*")) {
            problem(file, path + ".name", "must be lower snake_case, was '" + name + "'");
        }
        ParameterType parameterType = null;
        try {
            parameterType = type.isEmpty() ? null : ParameterType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problem(file, path + ".type", "must be one of text, integer, decimal, boolean, date, timestamp; was '" + type + "'");
        }
        if (problems.size() > before || parameterType == null) {
            return Optional.empty();
        }
        return Optional.of(new TemplateParameter(name, parameterType, description, fallback));
    }

    private void unknown(String file, String path, JsonNode node, Set<String> known) {
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!known.contains(field)) {
                problem(file, path + "." + field, "unknown field; known fields here: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private String text(String file, String path, JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            if (required) {
                problem(file, path + "." + field, "is required");
            }
            return "";
        }
        return value.asText().strip();
    }

    private void problem(String file, String path, String message) {
        problems.add(new ConfigProblem(file, path, message));
    }
}
