package dev.nl2sql.bootstrap.config;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.template.QueryTemplate;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration, frozen after loading.
 *
 * @param source the file it came from, or {@code defaults}
 * @param templates the query templates read from the files and folders under {@code templates:}
 */
public record Nl2SqlConfig(
        String source, List<DatabaseConfig> databases, LlmConfig llm, ServerConfig server, AuditConfig audit, List<QueryTemplate> templates) {

    public Nl2SqlConfig {
        requireNonNull(source, "source");
        databases = List.copyOf(databases);
        requireNonNull(llm, "llm");
        requireNonNull(server, "server");
        requireNonNull(audit, "audit");
        templates = List.copyOf(templates);
    }

    /** {@return the database called {@code name}} */
    public Optional<DatabaseConfig> database(DatabaseName name) {
        return databases.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
