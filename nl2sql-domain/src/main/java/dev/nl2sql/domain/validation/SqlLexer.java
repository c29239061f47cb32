package dev.nl2sql.domain.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits SQL text into tokens the way PostgreSQL's scanner does (with {@code standard_conforming_strings = on}), as far
 * as the validator needs: string constants of every flavour, quoted identifiers, nested comments, dollar quoting,
 * parameters and semicolons. It never throws; malformed text gives a {@link Lexed.Malformed}.
 */
final class SqlLexer {

    /** What a token is. */
    enum Kind { WORD, QUOTED_IDENTIFIER, STRING, NUMBER, PARAMETER, SEMICOLON, OPEN, CLOSE, SYMBOL, SPACE, COMMENT }

    /**
     * One token: {@code text} is exactly as written, {@code start} its offset.
     *
     * @param prefix for strings, the upper-case prefix ("", "E", "B", "X", "N", "U&" or "$" for dollar quoting)
     */
    record Token(Kind kind, String text, int start, String prefix) {
        boolean significant() {
            return kind != Kind.SPACE && kind != Kind.COMMENT;
        }

        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        /** {@return the identifier this token names: a lower-cased word or an unquoted quoted identifier} */
        Optional<String> identifier() {
            return switch (kind) {
                case WORD -> Optional.of(text.toLowerCase(java.util.Locale.ROOT));
                case QUOTED_IDENTIFIER -> Optional.of(text.substring(1, text.length() - 1).replace("\"\"", "\""));
                default -> Optional.empty();
            };
        }
    }

    /** The outcome of lexing. */
    sealed interface Lexed {
        record Tokens(List<Token> tokens) implements Lexed {}

        record Malformed(String reason) implements Lexed {}
    }

    private SqlLexer() {}

    static Lexed lex(String sql) {
        List<Token> tokens = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(sql.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.SPACE, sql.substring(start, i), start, ""));
            } else if (c == '-' && next(sql, i) == '-') {
                while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
                    i++;
                }
                tokens.add(new Token(Kind.COMMENT, sql.substring(start, i), start, ""));
            } else if (c == '/' && next(sql, i) == '*') {
                int depth = 0;
                while (i < n) {
                    if (sql.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                        if (depth == 0) {
                            break;
                        }
                    } else {
                        i++;
                    }
                }
                if (depth != 0) {
                    return new Lexed.Malformed("unterminated /* comment starting at offset " + start);
                }
                tokens.add(new Token(Kind.COMMENT, sql.substring(start, i), start, ""));
            } else if (c == '\'') {
                int end = plainStringEnd(sql, i);
                if (end < 0) {
                    return unterminated("string", start);
                }
                i = end;
                tokens.add(new Token(Kind.STRING, sql.substring(start, i), start, ""));
            } else if (c == '"') {
                int end = quotedEnd(sql, i, '"');
                if (end < 0) {
                    return unterminated("quoted identifier", start);
                }
                i = end;
                tokens.add(new Token(Kind.QUOTED_IDENTIFIER, sql.substring(start, i), start, ""));
            } else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                i++;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.PARAMETER, sql.substring(start, i), start, ""));
            } else if (c == '$') {
                int tagEnd = dollarTagEnd(sql, i);
                if (tagEnd < 0) {
                    tokens.add(new Token(Kind.SYMBOL, "$", start, ""));
                    i++;
                    continue;
                }
                String tag = sql.substring(i, tagEnd);
                int close = sql.indexOf(tag, tagEnd);
                if (close < 0) {
                    return unterminated("dollar-quoted string", start);
                }
                i = close + tag.length();
                tokens.add(new Token(Kind.STRING, sql.substring(start, i), start, "$"));
            } else if (isIdentifierStart(c)) {
                while (i < n && isIdentifierPart(sql.charAt(i))) {
                    i++;
                }
                String word = sql.substring(start, i);
                String upper = word.toUpperCase(java.util.Locale.ROOT);
                if (i < n && sql.charAt(i) == '\'' && (upper.equals("E") || upper.equals("B") || upper.equals("X") || upper.equals("N"))) {
                    int end = upper.equals("E") ? escapeStringEnd(sql, i) : plainStringEnd(sql, i);
                    if (end < 0) {
                        return unterminated("string", start);
                    }
                    i = end;
                    tokens.add(new Token(Kind.STRING, sql.substring(start, i), start, upper));
                } else if (upper.equals("U") && i + 1 < n && sql.charAt(i) == '&' && (sql.charAt(i + 1) == '\'' || sql.charAt(i + 1) == '"')) {
                    char quote = sql.charAt(i + 1);
                    int end = quotedEnd(sql, i + 1, quote);
                    if (end < 0) {
                        return unterminated("Unicode-escaped constant", start);
                    }
                    i = end;
                    tokens.add(new Token(quote == '\'' ? Kind.STRING : Kind.QUOTED_IDENTIFIER, sql.substring(start, i), start, "U&"));
                } else {
                    tokens.add(new Token(Kind.WORD, word, start, ""));
                }
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.' || sql.charAt(i) == '_'
                        || ((sql.charAt(i) == '+' || sql.charAt(i) == '-') && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')))) {
                    if (sql.charAt(i) == '.' && next(sql, i) == '.') {
                        break;
                    }
                    i++;
                }
                tokens.add(new Token(Kind.NUMBER, sql.substring(start, i), start, ""));
            } else {
                Kind kind = switch (c) {
                    case ';' -> Kind.SEMICOLON;
                    case '(', '[' -> Kind.OPEN;
                    case ')', ']' -> Kind.CLOSE;
                    default -> Kind.SYMBOL;
                };
                i++;
                tokens.add(new Token(kind, String.valueOf(c), start, ""));
            }
        }
        return new Lexed.Tokens(List.copyOf(tokens));
    }

    private static Lexed unterminated(String what, int start) {
        return new Lexed.Malformed("unterminated " + what + " starting at offset " + start);
    }

    private static char next(String sql, int i) {
        return i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
    }

    /** {@return the offset after a '...' constant where only '' escapes a quote, or -1} */
    private static int plainStringEnd(String sql, int open) {
        return quotedEnd(sql, open, '\'');
    }

    private static int quotedEnd(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    /** {@return the offset after an E'...' constant, where a backslash escapes the next character, or -1} */
    private static int escapeStringEnd(String sql, int open) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** {@return the offset after a dollar-quote opening tag ($$ or $tag$) at {@code i}, or -1 if there is none} */
    private static int dollarTagEnd(String sql, int i) {
        int j = i + 1;
        if (j < sql.length() && sql.charAt(j) == '$') {
            return j + 1;
        }
        if (j >= sql.length() || !isIdentifierStart(sql.charAt(j))) {
            return -1;
        }
        while (j < sql.length() && isIdentifierPart(sql.charAt(j)) && sql.charAt(j) != '$') {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? j + 1 : -1;
    }

    static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$';
    }
}
