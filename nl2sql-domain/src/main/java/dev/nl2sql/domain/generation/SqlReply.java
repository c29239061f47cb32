package dev.nl2sql.domain.generation;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.json.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a language model's reply says, once read: SQL with its explanation, a reasoned refusal, or nothing usable.
 * The model is asked for a JSON object {@code {"sql", "explanation", "confidence", "tables"}}; models that wrap it in
 * prose or a code fence, or answer with a fenced SQL block instead, are understood too.
 */
public sealed interface SqlReply {

    /** The model wrote SQL. */
    record Sql(String sql, String explanation, double confidence, List<String> tables) implements SqlReply {
        public Sql {
            requireNonNull(sql, "sql");
            requireNonNull(explanation, "explanation");
            tables = List.copyOf(tables);
        }
    }

    /** The model says the question cannot be answered from the schema, and why. */
    record CannotAnswer(String reason) implements SqlReply {
        public CannotAnswer {
            requireNonNull(reason, "reason");
        }
    }

    /** The reply holds neither: {@code problem} says what was wrong, for the correction prompt. */
    record Unreadable(String problem) implements SqlReply {
        public Unreadable {
            requireNonNull(problem, "problem");
        }
    }

    Pattern FENCED_SQL = Pattern.compile("```(?:sql|postgresql|pgsql)?\\s*\\n(.*?)```", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    Pattern BARE_QUERY = Pattern.compile("^\\s*(?:SELECT|WITH|VALUES|TABLE|EXPLAIN)\\b.*", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    /** {@return what {@code content} says} */
    static SqlReply read(String content) {
        Optional<Json.ObjectValue> object = jsonObject(content);
        if (object.isPresent()) {
            String sql = object.get().text("sql").orElse("").strip();
            String explanation = object.get().text("explanation").orElse("").strip();
            if (sql.isEmpty()) {
                return explanation.isEmpty()
                        ? new Unreadable("the JSON object has no \"sql\" and no \"explanation\"")
                        : new CannotAnswer(explanation);
            }
            double confidence = object.get().number("confidence").map(BigDecimal::doubleValue).filter(c -> c >= 0 && c <= 1).orElse(0.5);
            return new Sql(sql, explanation, confidence, object.get().texts("tables"));
        }
        Matcher fenced = FENCED_SQL.matcher(content);
        if (fenced.find() && !fenced.group(1).isBlank()) {
            return new Sql(fenced.group(1).strip(), "", 0.5, List.of());
        }
        if (BARE_QUERY.matcher(content).matches()) {
            return new Sql(content.strip(), "", 0.5, List.of());
        }
        return new Unreadable("the reply is neither the JSON object asked for nor a ```sql block");
    }

    private static Optional<Json.ObjectValue> jsonObject(String content) {
        String text = content.strip();
        Matcher fence = Pattern.compile("```(?:json)?\\s*\\n(.*?)```", Pattern.DOTALL).matcher(text);
        if (fence.find() && fence.group(1).strip().startsWith("{")) {
            text = fence.group(1).strip();
        }
        int open = text.indexOf('{');
        int close = text.lastIndexOf('}');
        if (open < 0 || close < open) {
            return Optional.empty();
        }
        return Json.parse(text.substring(open, close + 1)).filter(Json.ObjectValue.class::isInstance).map(Json.ObjectValue.class::cast);
    }
}
