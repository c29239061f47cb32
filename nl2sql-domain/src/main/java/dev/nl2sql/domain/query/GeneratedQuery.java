package dev.nl2sql.domain.query;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * SQL written for a question, with what the writer said about it.
 *
 * @param confidence the writer's confidence, 0 to 1
 * @param tables the tables the SQL reads, as the writer reported them
 * @param attempts how many tries it took, counting self-corrections (1 means the first answer was right)
 * @param generator who wrote it: a model name, {@code sampling}, {@code offline} or {@code template:NAME}
 */
public record GeneratedQuery(
        String sql, String explanation, double confidence, List<String> tables, int attempts, TokenUsage tokens, String generator) {

    public GeneratedQuery {
        requireNonNull(sql, "sql");
        requireNonNull(explanation, "explanation");
        if (confidence < 0 || confidence > 1 || Double.isNaN(confidence)) {
            throw new IllegalArgumentException("confidence must be within 0..1, was " + confidence);
        }
        tables = List.copyOf(tables);
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        requireNonNull(tokens, "tokens");
        requireNonNull(generator, "generator");
    }
}
