package dev.nl2sql.domain.validation;

import dev.nl2sql.domain.text.WholeWords;
import dev.nl2sql.domain.validation.SqlLexer.Kind;
import dev.nl2sql.domain.validation.SqlLexer.Token;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hides the values written into SQL text, for logs that must not keep them: the audit log's literal redaction. */
public final class SqlLiterals {

    /** What a statement the lexer cannot read becomes: nothing of it is kept, since its literals cannot be found. */
    public static final String UNREADABLE = "?";

    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");

    private SqlLiterals() {}

    /**
     * {@return {@code sql} with every string constant (any quoting, dollar quoting included) and every number replaced
     * by {@code ?}}, read the way PostgreSQL's scanner reads it, so identifiers, comments and casts stay as written.
     */
    public static String redact(String sql) {
        if (!(SqlLexer.lex(sql) instanceof SqlLexer.Lexed.Tokens(List<Token> tokens))) {
            return UNREADABLE;
        }
        StringBuilder out = new StringBuilder(sql.length());
        for (Token token : tokens) {
            out.append(token.kind() == Kind.STRING || token.kind() == Kind.NUMBER ? "?" : token.text());
        }
        return out.toString();
    }

    /**
     * {@return {@code text}, an error kept beside a redacted statement, without the values the redaction took out}
     * PostgreSQL quotes the literal it failed to read ({@code invalid input syntax for type numeric: "4242424203 EUR"})
     * and a template the argument it could not bind ({@code was '1611-13-01'}): a quoted span stays only when {@code
     * sql} writes each of its words outside a literal ({@code column "balanse" does not exist}), and any other word only
     * a literal writes becomes {@code …} too.
     */
    public static String withheld(String text, String sql) {
        if (!(SqlLexer.lex(sql) instanceof SqlLexer.Lexed.Tokens(List<Token> tokens))) {
            return UNREADABLE;
        }
        Set<String> literal = new HashSet<>();
        Set<String> written = new HashSet<>();
        for (Token token : tokens) {
            words(token.text()).forEach(token.kind() == Kind.STRING || token.kind() == Kind.NUMBER ? literal::add : written::add);
        }
        literal.removeAll(written);
        String quotedWithheld = QUOTED.matcher(text).replaceAll(quoted -> written.containsAll(words(quoted.group()))
                ? Matcher.quoteReplacement(quoted.group()) : quoted.group().charAt(0) + "…" + quoted.group().charAt(0));
        return WholeWords.WORD.matcher(quotedWithheld).replaceAll(word -> literal.contains(word.group().toLowerCase(Locale.ROOT)) ? "…"
                : Matcher.quoteReplacement(word.group()));
    }

    private static List<String> words(String text) {
        return WholeWords.WORD.matcher(text.toLowerCase(Locale.ROOT)).results().map(MatchResult::group).toList();
    }
}
