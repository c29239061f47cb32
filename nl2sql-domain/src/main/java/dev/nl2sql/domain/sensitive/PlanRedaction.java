package dev.nl2sql.domain.sensitive;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.schema.BuiltInTypes;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.Index;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.text.WholeWords;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What of an EXPLAIN plan (text format) may be shown under a sensitive data policy. PostgreSQL prints into a plan
 * text the statement never wrote: a view's conditions and sort keys (naming hidden columns, holding constants that may
 * be protected values), the tables a view reads (hidden ones too), the names of the indexes it uses (often named after
 * their columns) and inlined functions' bodies. A plan keeps its node types, costs and estimates; a name on a node, a
 * label or a property's value stays only when each of its words is accounted for (written in the statement, a name in
 * the schema as the policy shows it, a built-in type's or PostgreSQL's own word), else it becomes {@value #WITHHELD}.
 *
 * @param statement the statement as it ran, lower-cased
 * @param names every word of the visible schema's relation, column and index names, lower-cased
 */
public record PlanRedaction(String statement, Set<String> names) {

    /** What replaces a withheld name or value. */
    public static final String WITHHELD = "…";

    private static final Pattern NODE = Pattern.compile("^(\\s*(?:->\\s+)?)(.*?)(\\s+\\(cost=[^)]*\\))?$");
    /** A node's type ends where its first name begins: after "using" (an index) or "on" (a relation or function). */
    private static final Pattern NAMED = Pattern.compile(" (?=(?:using|on) )");
    private static final Pattern PROPERTY = Pattern.compile("^(\\s*)([A-Z][A-Za-z ]*): (.*)$");
    /** PostgreSQL's own numbering and generated names, which say nothing about the data. */
    private static final Pattern OWN_LABELS = Pattern.compile("(?i)\\b(?:subplan|initplan) \\d+|\"\\*select\\* \\d+\"|\\$\\d+");
    /** Words PostgreSQL writes into plans itself: node labels and what it deparses expressions with. */
    private static final Set<String> OWN_WORDS = Set.of("and", "or", "not", "any", "all", "is", "null", "true", "false", "case", "when",
            "then", "else", "end", "like", "ilike", "similar", "between", "symmetric", "in", "array", "row", "distinct", "from", "collate",
            "exists", "nulls", "first", "last", "desc", "asc", "using", "returns", "hashed", "cte", "values", "any_subquery",
            "unnamed_subquery", "jit", "planning", "coalesce", "nullif", "greatest", "least", "interval", "at", "time", "zone", "on", "to");

    public PlanRedaction {
        requireNonNull(statement, "statement");
        names = Set.copyOf(names);
    }

    /** {@return the redaction of plans of {@code statement}, run against {@code visible}, the schema as the policy shows it} */
    public static PlanRedaction of(String statement, SchemaSnapshot visible) {
        Set<String> names = new HashSet<>();
        for (Relation relation : visible.relations()) {
            addWords(names, relation.name().schema());
            addWords(names, relation.name().name());
            relation.columns().stream().map(Column::name).forEach(c -> addWords(names, c));
            relation.indexes().stream().map(Index::name).forEach(i -> addWords(names, i));
        }
        return new PlanRedaction(statement.toLowerCase(Locale.ROOT), names);
    }

    /** {@return the lines of a text-format plan, the top node first, with what no word accounts for withheld} */
    public List<String> redact(List<String> plan) {
        List<String> shown = new ArrayList<>(plan.size());
        for (int i = 0; i < plan.size(); i++) {
            shown.add(line(plan.get(i), i == 0));
        }
        return shown;
    }

    private String line(String line, boolean topNode) {
        if (topNode || line.stripLeading().startsWith("->")) {
            return node(line);
        }
        Matcher property = PROPERTY.matcher(line);
        if (property.matches()) {
            return property.group(1) + property.group(2) + ": " + (accountedFor(property.group(3)) ? property.group(3) : WITHHELD);
        }
        return namesWithheld(line);
    }

    /** A node line: its type as PostgreSQL wrote it, then each name (index, relation, alias) checked on its own. */
    private String node(String line) {
        Matcher node = NODE.matcher(line);
        if (!node.matches()) {
            return namesWithheld(line);
        }
        String[] parts = NAMED.split(node.group(2), 2);
        String named = parts.length == 2 ? " " + namesWithheld(parts[1]) : "";
        return node.group(1) + parts[0] + named + (node.group(3) == null ? "" : node.group(3));
    }

    /** {@code text} with each space-separated name that its words do not account for replaced. */
    private String namesWithheld(String text) {
        if (accountedFor(text)) {
            return text;
        }
        return List.of(text.split(" ", -1)).stream().map(name -> accountedFor(name) ? name : WITHHELD).collect(Collectors.joining(" "));
    }

    private boolean accountedFor(String text) {
        Matcher words = WholeWords.WORD.matcher(OWN_LABELS.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" "));
        while (words.find()) {
            String word = words.group();
            if (!OWN_WORDS.contains(word) && !names.contains(word) && !BuiltInTypes.isTypeWord(word) && !WholeWords.contains(statement, word)) {
                return false;
            }
        }
        return true;
    }

    private static void addWords(Set<String> words, String name) {
        WholeWords.WORD.matcher(name.toLowerCase(Locale.ROOT)).results().map(MatchResult::group).forEach(words::add);
    }
}
