package dev.nl2sql.domain.linking;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Text as people type it compared with text as stored: lower case, accents and ligatures removed, runs of white space
 * made one ("São Paulo" and "sao  paulo" fold alike), like PostgreSQL's {@code lower(unaccent(...))}.
 */
public final class Folding {

    private Folding() {}

    /** {@return {@code text} folded: lower case (root locale), without accents, white space collapsed and trimmed} */
    public static String fold(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        StringBuilder folded = new StringBuilder(decomposed.length());
        boolean space = false;
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (Character.isWhitespace(c)) {
                space = !folded.isEmpty();
                continue;
            }
            if (space) {
                folded.append(' ');
                space = false;
            }
            folded.append(switch (c) {
                case 'ß' -> "ss";
                case 'æ', 'Æ' -> "ae";
                case 'œ', 'Œ' -> "oe";
                case 'ø', 'Ø' -> "o";
                case 'ł', 'Ł' -> "l";
                case 'đ', 'Đ' -> "d";
                case 'þ', 'Þ' -> "th";
                case 'ı' -> "i";
                case '’', '‘', '`' -> "'";
                default -> String.valueOf(c);
            });
        }
        return folded.toString().toLowerCase(Locale.ROOT);
    }
}
