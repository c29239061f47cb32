package dev.nl2sql.domain.error;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.schema.BuiltInTypes;
import dev.nl2sql.domain.text.WholeWords;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An error PostgreSQL reported for a statement: its SQLSTATE and its primary message. (Its detail and context lines
 * are never kept: they quote input lines, JSON tokens and key values.)
 *
 * <p>Under a sensitive-data policy the message must not carry data: PostgreSQL prints the value it failed on into many
 * messages ({@code invalid input syntax for type integer: "ann@example.com"}, {@code requested character too large for
 * encoding: 98765001}), so a masked column inside a cast in a WHERE clause would hand its values to whoever reads the
 * error. {@link #withoutValues} reads the message by PostgreSQL's own format for it and keeps each value printed into
 * it only if the statement or the type system could have produced it; a message of no known format is replaced by
 * its SQLSTATE's condition.
 */
public record ServerError(String sqlState, String message) {

    /** What replaces a withheld value. */
    public static final String WITHHELD = "…";

    private static final Map<String, String> CONDITIONS = conditions();
    private static final Pattern QUOTES = Pattern.compile("[\"'`\\u00ab\\u00bb\\u2018-\\u201f\\u2039\\u203a\\u300c-\\u300f]");

    public ServerError {
        requireNonNull(sqlState, "sqlState");
        requireNonNull(message, "message");
    }

    /**
     * {@return the message with every value withheld that neither {@code statement} nor PostgreSQL's type names
     * account for} An argument of the message's format is kept when it holds no quote character, each of its words is
     * written in the statement or is part of a built-in type's name, and each other character is written in the
     * statement: so {@code column "titel" does not exist},
     * {@code function round(double precision, integer) does not exist} and {@code invalid input syntax for type
     * integer: "…"} stay useful for correcting the statement, and no stored value shows.
     */
    public String withoutValues(String statement) {
        String lowerStatement = statement.toLowerCase(Locale.ROOT);
        return MessageFormats.postgres().read(message).map(reading -> {
            StringBuilder shown = new StringBuilder(reading.fixed().getFirst());
            List<String> arguments = reading.arguments();
            for (int i = 0; i < arguments.size(); i++) {
                shown.append(accountedFor(arguments.get(i), lowerStatement) ? arguments.get(i) : WITHHELD).append(reading.fixed().get(i + 1));
            }
            return shown.toString();
        }).orElseGet(() -> condition(sqlState) + " (the server's message is withheld: it may quote a stored value)");
    }

    /** {@return the condition name of {@code sqlState} in words, e.g. "invalid text representation"; the class's when unknown} */
    public static String condition(String sqlState) {
        String name = CONDITIONS.get(sqlState);
        if (name == null && sqlState.length() == 5) {
            name = CONDITIONS.get(sqlState.substring(0, 2) + "000");
        }
        return name == null ? "error " + sqlState : name.replace('_', ' ');
    }

    /**
     * An argument is accounted for when it holds no quote, each of its words is written in the statement or is a word
     * of a built-in type's name, and each of its other characters is written in the statement; or when it is itself
     * one of PostgreSQL's fixed messages ("syntax error").
     */
    private static boolean accountedFor(String argument, String lowerStatement) {
        if (argument.isEmpty() || MessageFormats.postgres().isFixedMessage(argument)) {
            return true;
        }
        if (QUOTES.matcher(argument).find()) {
            return false;
        }
        String lower = argument.toLowerCase(Locale.ROOT);
        Matcher words = WholeWords.WORD.matcher(lower);
        while (words.find()) {
            String word = words.group();
            if (!BuiltInTypes.isTypeWord(word) && !WholeWords.contains(lowerStatement, word)) {
                return false;
            }
        }
        return words.replaceAll("").chars().allMatch(c -> Character.isWhitespace(c) || lowerStatement.indexOf(c) >= 0);
    }

    private static Map<String, String> conditions() {
        try (InputStream in = ServerError.class.getResourceAsStream("sql-states.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#") && line.contains("\t"))
                    .map(line -> line.split("\t", 2))
                    .collect(Collectors.toUnmodifiableMap(parts -> parts[0], parts -> parts[1], (a, b) -> a));
        } catch (IOException e) {
            throw new UncheckedIOException("sql-states.tsv is part of nl2sql-domain", e);
        }
    }
}
