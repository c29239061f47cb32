package dev.nl2sql.domain.evaluation;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One line of an evaluation file: a question about a database and the SQL that answers it.
 *
 * @param goldSql the correct SQL, or empty when the question cannot be answered from the schema and must be refused
 */
public record EvalQuestion(String id, DatabaseName database, String question, Optional<String> goldSql) {

    public EvalQuestion {
        requireNonNull(id, "id");
        requireNonNull(database, "database");
        requireNonNull(question, "question");
        requireNonNull(goldSql, "goldSql");
        if (id.isBlank() || question.isBlank()) {
            throw new IllegalArgumentException("id and question must not be blank, were '" + id + "', '" + question + "'");
        }
    }

    /** {@return whether the question has an answer in the database} */
    public boolean answerable() {
        return goldSql.isPresent();
    }

    /**
     * {@return the questions of a JSONL file ({@code {"id", "question", "gold_sql", "db"}} per line, blank lines
     * skipped), or what is wrong with the first bad line}
     */
    public static Result<List<EvalQuestion>> parseLines(String text) {
        List<EvalQuestion> questions = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            Result<EvalQuestion> question = parseLine(line);
            if (question instanceof Result.Err<EvalQuestion> err) {
                return Result.err(new Failure.RequestInvalid("line " + (i + 1) + ": " + err.failure().message()));
            }
            EvalQuestion parsed = question.orElseThrow();
            if (!ids.add(parsed.id())) {
                return Result.err(new Failure.RequestInvalid("line " + (i + 1) + ": the id '" + parsed.id() + "' is used twice"));
            }
            questions.add(parsed);
        }
        if (questions.isEmpty()) {
            return Result.err(new Failure.RequestInvalid("the file holds no questions"));
        }
        return Result.ok(questions);
    }

    private static Result<EvalQuestion> parseLine(String line) {
        if (!(Json.parse(line).orElse(null) instanceof Json.ObjectValue object)) {
            return invalid("not one JSON object");
        }
        Optional<String> id = object.text("id");
        Optional<String> question = object.text("question");
        Optional<String> db = object.text("db");
        if (id.isEmpty() || id.get().isBlank() || question.isEmpty() || question.get().isBlank() || db.isEmpty()) {
            return invalid("\"id\", \"question\" and \"db\" must be non-empty strings");
        }
        if (!DatabaseName.isValid(db.get())) {
            return invalid("\"db\" is not a database name: '" + db.get() + "'");
        }
        Json.Value gold = object.fields().get("gold_sql");
        Optional<String> goldSql;
        if (gold instanceof Json.StringValue sql && !sql.value().isBlank()) {
            goldSql = Optional.of(sql.value());
        } else if (gold instanceof Json.NullValue) {
            goldSql = Optional.empty();
        } else {
            return invalid("\"gold_sql\" must be the SQL, or null for a question that must be refused");
        }
        return Result.ok(new EvalQuestion(id.get(), DatabaseName.of(db.get()), question.get(), goldSql));
    }

    private static Result<EvalQuestion> invalid(String reason) {
        return Result.err(new Failure.RequestInvalid(reason));
    }
}
