package dev.nl2sql.domain.linking;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * General English, shipped as data ({@code lexicon.tsv}, generated from WordNet 3.1 by {@code tools/lexicon}): which
 * words are English, their irregular base forms ("children" is "child"), their synonyms within their two commonest
 * senses ("physician" and "doctor", "client" and "customer") and the broader words of a noun's first sense
 * ("medication" is a kind of "drug"). Loaded once, on first use (about 80,000 words, 150-350 ms on the
 * 2-core machine; {@code Wiring} loads it in the background at start).
 */
public final class Lexicon {

    private static final class Loaded {
        static final Lexicon ENGLISH = load("lexicon.tsv");
    }

    /** Each word's line after the word ("synonyms TAB broader"), split only when asked: most words are never looked up. */
    private final Map<String, String> entries;
    private final Map<String, String> irregular;

    private Lexicon(Map<String, String> entries, Map<String, String> irregular) {
        this.entries = entries;
        this.irregular = irregular;
    }

    /** {@return the lexicon generated from WordNet} */
    public static Lexicon english() {
        return Loaded.ENGLISH;
    }

    /** {@return whether {@code word} (lower case) is an English word, in any inflection the lexicon knows} */
    public boolean knows(String word) {
        return entries.containsKey(word) || irregular.containsKey(word) || entries.containsKey(Words.stem(word));
    }

    /** {@return the base form of an irregular inflection ("children" gives "child", "mice" "mouse")} */
    public Optional<String> irregularBase(String word) {
        return Optional.ofNullable(irregular.get(word));
    }

    /** {@return whether {@code a} and {@code b} (base forms) may name the same thing: synonyms, either way} */
    public boolean synonyms(String a, String b) {
        return field(a, 0).contains(b) || field(b, 0).contains(a);
    }

    /** {@return whether {@code narrower} (a base form) is a kind of {@code broader}: "medication" of "drug"} */
    public boolean isKindOf(String narrower, String broader) {
        return field(narrower, 1).contains(broader);
    }

    private List<String> field(String word, int index) {
        String rest = entries.get(word);
        if (rest == null || rest.isEmpty()) {
            return List.of();
        }
        String[] fields = rest.split("\t", -1);
        return index < fields.length && !fields[index].isEmpty() ? List.of(fields[index].split(" ")) : List.of();
    }

    private static Lexicon load(String resource) {
        Map<String, String> entries = new HashMap<>(131_072);
        Map<String, String> irregular = new HashMap<>(8_192);
        try (InputStream in = Lexicon.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " beside " + Lexicon.class.getName());
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int at = 0;
            while (at < text.length()) {
                int end = text.indexOf('\n', at);
                end = end < 0 ? text.length() : end;
                if (end > at && text.charAt(at) != '#') {
                    int tab = text.indexOf('\t', at);
                    if (tab < 0 || tab > end) {
                        entries.put(text.substring(at, end), "");
                    } else if (text.charAt(tab + 1) == '=') {
                        irregular.put(text.substring(at, tab), text.substring(tab + 2, end));
                    } else {
                        entries.put(text.substring(at, tab), text.substring(tab + 1, end));
                    }
                }
                at = end + 1;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return new Lexicon(Collections.unmodifiableMap(entries), Collections.unmodifiableMap(irregular));
    }
}
