package dev.nl2sql.domain.validation;

import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.validation.SqlLexer.Kind;
import dev.nl2sql.domain.validation.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code :name} parameters in SQL text the way PostgreSQL's scanner sees it: not inside strings, quoted names or
 * comments, and not the {@code ::} of a cast. Query templates use it to turn their parameters into string markers the
 * validator can check, and the validated text back into JDBC placeholders, so a value never becomes SQL text.
 */
public final class NamedParameters {

    private static final String MARKER_PREFIX = "nl2sql_param_";
    private static final Pattern MARKER = Pattern.compile("'" + MARKER_PREFIX + "(\\d+)'");

    private NamedParameters() {}

    /** {@code sql} with every parameter replaced, and the parameters' names in order of appearance. */
    public record Replaced(String sql, List<String> names) {
        public Replaced {
            names = List.copyOf(names);
        }
    }

    /** {@code sql} with JDBC {@code ?} placeholders, and for each, in order, the index of the value it takes. */
    public record Jdbc(String sql, List<Integer> valueIndexes) {
        public Jdbc {
            valueIndexes = List.copyOf(valueIndexes);
        }
    }

    /** {@return {@code sql} with each {@code :name} replaced by {@code replacement.apply(name)}} */
    public static Result<Replaced> replace(String sql, Function<String, String> replacement) {
        if (!(SqlLexer.lex(sql) instanceof SqlLexer.Lexed.Tokens(List<Token> tokens))) {
            return Result.err(new Failure.TemplateInvalid("the template's SQL is malformed"));
        }
        StringBuilder out = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            boolean colon = token.kind() == Kind.SYMBOL && token.text().equals(":");
            boolean afterColon = i > 0 && tokens.get(i - 1).text().equals(":");
            boolean beforeColon = i + 1 < tokens.size() && tokens.get(i + 1).text().equals(":");
            if (colon && !afterColon && !beforeColon && i + 1 < tokens.size() && tokens.get(i + 1).kind() == Kind.WORD) {
                String name = tokens.get(i + 1).text().toLowerCase(Locale.ROOT);
                names.add(name);
                out.append(replacement.apply(name));
                i++;
            } else {
                out.append(token.text());
            }
        }
        return Result.ok(new Replaced(out.toString(), names));
    }

    /** {@return the string constant that stands for value {@code index} while the validator checks the text} */
    public static String marker(int index) {
        return "'" + MARKER_PREFIX + index + "'";
    }

    /**
     * {@return {@code validated} with every marker constant turned into a JDBC {@code ?}} Only string tokens that are
     * exactly a marker are replaced; a marker-like text inside a longer string or a comment stays as it is.
     */
    public static Result<Jdbc> toJdbc(String validated) {
        if (!(SqlLexer.lex(validated) instanceof SqlLexer.Lexed.Tokens(List<Token> tokens))) {
            return Result.err(new Failure.TemplateInvalid("the validated template could not be prepared"));
        }
        StringBuilder out = new StringBuilder();
        List<Integer> indexes = new ArrayList<>();
        for (Token token : tokens) {
            if (token.kind() == Kind.SYMBOL && token.text().equals("?")) {
                // pgjdbc would take a ? operator (jsonb) for a placeholder and shift every value after it.
                return Result.err(new Failure.TemplateInvalid("templates cannot use the ? operator; use jsonb_exists() instead"));
            }
            Matcher marker = token.kind() == Kind.STRING && token.prefix().isEmpty() ? MARKER.matcher(token.text()) : null;
            if (marker != null && marker.matches()) {
                indexes.add(Integer.parseInt(marker.group(1)));
                out.append('?');
            } else {
                out.append(token.text());
            }
        }
        return Result.ok(new Jdbc(out.toString(), indexes));
    }
}
