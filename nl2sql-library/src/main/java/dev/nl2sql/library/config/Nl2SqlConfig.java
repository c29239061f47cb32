package dev.nl2sql.library.config;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.template.QueryTemplate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration, frozen after loading.
 *
 * @param source the file it came from, or {@code defaults}
 * @param templates the query templates read from the files and folders under {@code templates:}
 */
public record Nl2SqlConfig(
        String source, List<DatabaseConfig> databases, LlmConfig llm, ServerConfig server, AuditConfig audit, List<QueryTemplate> templates,
        Map<String, List<String>> synonyms, ConversationsConfig conversations, OperationsConfig operations) {

    /**
     * {@return a configuration built in code: these databases, no language model API, no query templates} The audit
     * files go to {@code auditDirectory}.
     */
    public static Nl2SqlConfig of(List<DatabaseConfig> databases, java.nio.file.Path auditDirectory) {
        return new Nl2SqlConfig("code", databases, LlmConfig.none(), ServerConfig.defaults(), AuditConfig.at(auditDirectory), List.of(), Map.of(),
                ConversationsConfig.IN_MEMORY, OperationsConfig.DEFAULT);
    }

    public Nl2SqlConfig {
        requireNonNull(source, "source");
        databases = List.copyOf(databases);
        requireNonNull(llm, "llm");
        requireNonNull(server, "server");
        requireNonNull(audit, "audit");
        requireNonNull(conversations, "conversations");
        requireNonNull(operations, "operations");
        templates = List.copyOf(templates);
        Map<String, List<String>> words = new java.util.LinkedHashMap<>();
        synonyms.forEach((word, targets) -> words.put(word, List.copyOf(targets)));
        synonyms = java.util.Collections.unmodifiableMap(words);
    }

    /** {@return the database called {@code name}} */
    public Optional<DatabaseConfig> database(DatabaseName name) {
        return databases.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
