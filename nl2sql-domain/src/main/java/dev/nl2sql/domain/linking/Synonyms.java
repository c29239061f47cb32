package dev.nl2sql.domain.linking;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Words people use for what schemas name differently: a question's "song" is a {@code track} row. Keys and values
 * are compared after {@link Words#stem}. The built-in list is data ({@code synonyms.tsv}: domain words general English
 * does not know; {@link Lexicon} has the rest); callers add their own with {@link #with}.
 */
public final class Synonyms {

    private static final Map<String, List<String>> BUILT_IN = load("synonyms.tsv");

    /** The built-in list and nothing else. */
    public static final Synonyms DEFAULT = new Synonyms(Map.of());

    private final Map<String, Set<String>> expansions;

    private Synonyms(Map<String, List<String>> extra) {
        Map<String, Set<String>> all = new HashMap<>();
        BUILT_IN.forEach((word, targets) -> add(all, word, targets));
        extra.forEach((word, targets) -> add(all, word, targets));
        // In the order written: the offline generator takes the first target that names a column ("year": date before
        // at), so an order Set.copyOf shuffled per JVM answered the same question differently from run to run.
        all.replaceAll((word, targets) -> Collections.unmodifiableSequencedSet(new LinkedHashSet<>(targets)));
        this.expansions = Map.copyOf(all);
    }

    private static void add(Map<String, Set<String>> all, String word, List<String> targets) {
        Set<String> set = all.computeIfAbsent(Words.stem(word), k -> new LinkedHashSet<>());
        for (String target : targets) {
            set.addAll(Words.ofName(target));
        }
    }

    /** {@return these synonyms plus {@code extra}: each word maps to schema words it may stand for} */
    public Synonyms with(Map<String, List<String>> extra) {
        Map<String, List<String>> merged = new HashMap<>();
        expansions.forEach((word, targets) -> merged.put(word, List.copyOf(targets)));
        extra.forEach((word, targets) -> merged.merge(Words.stem(word), List.copyOf(targets),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        return new Synonyms(merged); // built-ins are added again, harmlessly: targets are sets
    }

    private static Map<String, List<String>> load(String resource) {
        Map<String, List<String>> words = new LinkedHashMap<>();
        try (InputStream in = Synonyms.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " beside " + Synonyms.class.getName());
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] fields = line.split("\t");
                    words.put(fields[0], List.of(fields[1].split(" ")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return Collections.unmodifiableMap(words);
    }

    /** {@return the stemmed schema terms {@code stem} may stand for, not including itself} */
    public Set<String> of(String stem) {
        return expansions.getOrDefault(stem, Set.of());
    }
}
