package dev.nl2sql.domain.offline;

import dev.nl2sql.domain.linking.Folding;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The words that give a question its shape, read from {@code question-words.tsv}: stop words, linking verbs, count,
 * aggregate, ranking, measure, comparison, grouping, negation, self-reference, date and month words. Each phrase has a
 * category and an argument ({@code avg}, {@code desc}, {@code >}, ...).
 */
final class Vocabulary {

    /** A phrase's meaning: its category, argument and (for measures) the column words it implies. */
    record Sense(String category, String argument, List<String> hints) {}

    private static final class Loaded {
        static final Vocabulary QUESTION_WORDS = load("question-words.tsv");
    }

    private final Map<List<String>, List<Sense>> phrases;
    private final int longest;

    private Vocabulary(Map<List<String>, List<Sense>> phrases) {
        this.phrases = Map.copyOf(phrases);
        this.longest = phrases.keySet().stream().mapToInt(List::size).max().orElse(1);
    }

    static Vocabulary questionWords() {
        return Loaded.QUESTION_WORDS;
    }

    /** {@return the senses of the phrase {@code words} (folded, lower case), empty when it is not in the vocabulary} */
    List<Sense> senses(List<String> words) {
        return phrases.getOrDefault(words, List.of());
    }

    /** {@return the sense of {@code words} in {@code category}, if it has one} */
    Optional<Sense> sense(List<String> words, String category) {
        return senses(words).stream().filter(s -> s.category().equals(category)).findFirst();
    }

    boolean is(String word, String category) {
        return sense(List.of(word), category).isPresent();
    }

    /** {@return the most words a phrase has} */
    int longest() {
        return longest;
    }

    private static Vocabulary load(String resource) {
        Map<List<String>, List<Sense>> phrases = new HashMap<>();
        try (InputStream in = Vocabulary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " beside " + Vocabulary.class.getName());
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                String argument = fields.length > 2 ? fields[2] : "";
                List<String> hints = fields.length > 3 ? List.of(fields[3].split(" ")) : List.of();
                if (fields[0].equals("state") && fields.length > 3) {
                    hints = hints.stream().map(dev.nl2sql.domain.linking.Words::stem).toList();
                }
                for (String phrase : fields[1].split("\\|")) {
                    List<String> words = List.of(Folding.fold(phrase).split(" "));
                    phrases.computeIfAbsent(words, k -> new ArrayList<>()).add(new Sense(fields[0], argument, hints));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        phrases.replaceAll((words, senses) -> List.copyOf(senses));
        return new Vocabulary(phrases);
    }
}
