package dev.nl2sql.domain.query;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseName;

/** What a caller asks of nl2sql: a question in plain language, or a SQL statement, against one database. */
public sealed interface QueryRequest {

    DatabaseName database();

    Limits limits();

    /** A plain-language question, answered as {@code mode} says. */
    record Question(DatabaseName database, String text, ResponseMode mode, Limits limits) implements QueryRequest {
        public Question {
            requireNonNull(database, "database");
            requireNonNull(text, "text");
            if (text.isBlank()) {
                throw new IllegalArgumentException("question must not be blank");
            }
            requireNonNull(mode, "mode");
            requireNonNull(limits, "limits");
        }
    }

    /** One SQL statement to validate and run. */
    record Sql(DatabaseName database, String sql, Limits limits) implements QueryRequest {
        public Sql {
            requireNonNull(database, "database");
            requireNonNull(sql, "sql");
            requireNonNull(limits, "limits");
        }
    }
}
