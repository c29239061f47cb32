package dev.nl2sql.domain.validation;

import java.util.Locale;
import java.util.Optional;

/**
 * The keyword a statement starts with, as PostgreSQL's scanner reads it: past white space, comments (nested ones too)
 * and opening parentheses. What an executor needs to tell a plain query from anything else without parsing it.
 */
public final class StatementKeyword {

    private StatementKeyword() {}

    /** {@return the first keyword of {@code sql}, lower-cased; empty when the text starts otherwise or cannot be read} */
    public static Optional<String> of(String sql) {
        if (!(SqlLexer.lex(sql) instanceof SqlLexer.Lexed.Tokens lexed)) {
            return Optional.empty();
        }
        for (SqlLexer.Token token : lexed.tokens()) {
            if (token.significant() && token.kind() != SqlLexer.Kind.OPEN) {
                return token.kind() == SqlLexer.Kind.WORD ? Optional.of(token.text().toLowerCase(Locale.ROOT)) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
