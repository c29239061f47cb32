package dev.nl2sql.domain.validation;

import dev.nl2sql.domain.validation.SqlLexer.Kind;
import dev.nl2sql.domain.validation.SqlLexer.Token;
import java.util.List;

/** Hides the values written into SQL text, for logs that must not keep them: the audit log's literal redaction. */
public final class SqlLiterals {

    /** What a statement the lexer cannot read becomes: nothing of it is kept, since its literals cannot be found. */
    public static final String UNREADABLE = "?";

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
}
