package dev.nl2sql.domain.template;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseName;
import java.util.List;

/**
 * A named, parameterised query. {@code sql} refers to parameters as {@code :name}; they are bound as JDBC
 * parameters in declaration order of their occurrences, so no value ever becomes SQL text.
 *
 * @param keywords words that match this template to a question on the offline path
 */
public record QueryTemplate(
        String name, String description, DatabaseName database, String sql, List<TemplateParameter> parameters, List<String> keywords) {

    public QueryTemplate {
        requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("template name must be lower snake_case, was '" + name + "'");
        }
        requireNonNull(description, "description");
        requireNonNull(database, "database");
        requireNonNull(sql, "sql");
        parameters = List.copyOf(parameters);
        keywords = List.copyOf(keywords);
    }
}
