package dev.nl2sql.domain.linking;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * General English, shipped as data ({@code lexicon.tsv}, generated from WordNet 3.1 by {@code tools/lexicon}): which
 * words are English, their irregular base forms ("children" is "child"), their synonyms within their two commonest
 * senses ("physician" and "doctor", "client" and "customer") and the broader words of a noun's first sense
 * ("medication" is a kind of "drug"). Loaded once, on first use (about 80,000 words).
 */
public final class Lexicon {

    /** A word's entry: its synonyms and broader words. */
    private record Entry(Set<String> synonyms, Set<String> broader) {}

    private static final class Loaded {
        static final Lexicon ENGLISH = load("lexicon.tsv");
    }

    private final Map<String, Entry> entries;
    private final Map<String, String> irregular;

    private Lexicon(Map<String, Entry> entries, Map<String, String> irregular) {
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
        Entry ea = entries.get(a);
        Entry eb = entries.get(b);
        return (ea != null && ea.synonyms().contains(b)) || (eb != null && eb.synonyms().contains(a));
    }

    /** {@return whether {@code narrower} (a base form) is a kind of {@code broader}: "medication" of "drug"} */
    public boolean isKindOf(String narrower, String broader) {
        Entry entry = entries.get(narrower);
        return entry != null && entry.broader().contains(broader);
    }

    private static Lexicon load(String resource) {
        Map<String, Entry> entries = new HashMap<>(131_072);
        Map<String, String> irregular = new HashMap<>();
        try (InputStream in = Lexicon.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " beside " + Lexicon.class.getName());
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                if (fields.length > 1 && fields[1].startsWith("=")) {
                    irregular.put(fields[0], fields[1].substring(1));
                } else {
                    entries.put(fields[0], new Entry(words(fields, 1), words(fields, 2)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return new Lexicon(Map.copyOf(entries), Map.copyOf(irregular));
    }

    private static Set<String> words(String[] fields, int index) {
        return index < fields.length && !fields[index].isEmpty() ? Set.copyOf(Arrays.asList(fields[index].split(" "))) : Set.of();
    }
}
