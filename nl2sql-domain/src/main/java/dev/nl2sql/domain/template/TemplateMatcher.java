package dev.nl2sql.domain.template;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches a question to a query template, offline: by the template's keywords (each must appear in the question) and
 * the words of its name and description. Integer parameters without a default take the numbers of the question in
 * order ("top 5 customers"); any other parameter must have a default, or the template does not match.
 */
public final class TemplateMatcher {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+");
    private static final Pattern NUMBER = Pattern.compile("\\b\\d+\\b");

    private TemplateMatcher() {}

    /** A template chosen for a question, with the arguments read from the question. */
    public record Match(QueryTemplate template, Map<String, String> arguments, int score) {
        public Match {
            arguments = Map.copyOf(arguments);
        }
    }

    /** {@return the best template for {@code question} among {@code templates}, if one matches} */
    public static Optional<Match> match(String question, List<QueryTemplate> templates) {
        Set<String> words = words(question);
        return templates.stream()
                .map(template -> match(question, words, template))
                .flatMap(Optional::stream)
                .max(Comparator.comparingInt(Match::score).thenComparing(m -> m.template().name(), Comparator.reverseOrder()));
    }

    private static Optional<Match> match(String question, Set<String> words, QueryTemplate template) {
        if (template.keywords().isEmpty()) {
            return Optional.empty(); // a template without keywords is only ever run by name
        }
        for (String keyword : template.keywords()) {
            if (!words.containsAll(words(keyword))) {
                return Optional.empty();
            }
        }
        Set<String> described = words(template.name().replace('_', ' ') + " " + template.description());
        described.retainAll(words);
        int score = template.keywords().size() * 10 + described.size();
        Matcher numbers = NUMBER.matcher(question);
        Map<String, String> arguments = new HashMap<>();
        for (TemplateParameter parameter : template.parameters()) {
            if (parameter.type() == ParameterType.INTEGER && numbers.find()) {
                arguments.put(parameter.name(), numbers.group());
            } else if (parameter.isRequired()) {
                return Optional.empty();
            }
        }
        return Optional.of(new Match(template, arguments, score));
    }

    private static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }
}
