package dev.nl2sql.domain.text;

import java.util.regex.Pattern;

/** Whole words in SQL-ish text: a word counts only where it does not run into a longer name ({@code id} is not in {@code paid}). */
public final class WholeWords {

    /** A word of SQL-ish text: a run of letters, digits, {@code _} and {@code $}, as identifiers and values are read. */
    public static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_$]+");

    private WholeWords() {}

    /** {@return whether {@code text} holds {@code word} with no letter, digit, {@code _} or {@code $} on either side} */
    public static boolean contains(String text, String word) {
        for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
            boolean startsWord = at == 0 || !isWordCharacter(text.charAt(at - 1));
            boolean endsWord = at + word.length() == text.length() || !isWordCharacter(text.charAt(at + word.length()));
            if (startsWord && endsWord) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWordCharacter(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
